import { isUUID } from 'class-validator';
import { ValidationFailedError } from '../errors/app-error';

/**
 * The one cursor codec of the organiser's lists (ticket types, orders, tickets): a cursor names the
 * last row of a page by id, and the list reads that row's sort key in SQL, so positions keep
 * PostgreSQL's microseconds instead of a JavaScript Date's milliseconds. Each list has its own tag,
 * so a cursor of one list is refused by another. Making cursors unforgeable (a MAC) is a change to
 * these two functions only; the lists also refuse a cursor whose row is not theirs.
 */
export type ListName = 'ticket-types' | 'orders' | 'tickets';

const TAGS: Record<ListName, string> = { 'ticket-types': 'tt1.', orders: 'or1.', tickets: 'tk1.' };

export function encodeListCursor(list: ListName, lastId: string): string {
  return TAGS[list] + Buffer.from(lastId, 'utf8').toString('base64url');
}

/** The id a cursor names; anything encodeListCursor did not produce for this list is a 400. */
export function decodeListCursor(list: ListName, raw: string): string {
  const tag = TAGS[list];
  const id = raw.startsWith(tag) ? Buffer.from(raw.slice(tag.length), 'base64url').toString() : '';
  if (!isUUID(id) || encodeListCursor(list, id) !== raw) throw invalidListCursor();
  return id;
}

export function invalidListCursor(): ValidationFailedError {
  return new ValidationFailedError('cursor is not a cursor this API issued', [
    { field: 'cursor', messages: ['cursor must be the nextCursor of a previous page'] },
  ]);
}
