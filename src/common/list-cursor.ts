import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { isUUID } from 'class-validator';
import { ValidationFailedError } from '../errors/app-error';

/** The organiser's lists that page with ListCursors. */
export type ListName = 'ticket-types' | 'orders' | 'tickets';

const CHECK_BYTES = 8;

export function invalidListCursor(): ValidationFailedError {
  return new ValidationFailedError('cursor is not a cursor this API issued', [
    { field: 'cursor', messages: ['cursor must be the nextCursor of a previous page'] },
  ]);
}

/**
 * The one cursor codec of the organiser's lists (ticket types, orders, tickets), so that making
 * cursors unforgeable is a change to this class only. A cursor names the last row of a page by
 * id (`<id in base64url>.<check>`); the list reads that row's sort key in SQL, so a position keeps
 * PostgreSQL's microseconds instead of a JavaScript Date's milliseconds. The check binds the
 * cursor to its list and scope (the tenant): a cursor taken to another list or another tenant is
 * refused. It is a plain hash, not a secret MAC, so on its own it does not stop a forger; the
 * lists also refuse a cursor whose row is not theirs (for this tenant, this event).
 */
@Injectable()
export class ListCursors {
  encode(list: ListName, scope: string, lastId: string): string {
    const body = Buffer.from(lastId, 'utf8').toString('base64url');
    return `${body}.${check(list, scope, body)}`;
  }

  /** The id of the row a cursor names; anything encode() did not issue for (list, scope) is a 400. */
  decode(list: ListName, scope: string, raw: string): string {
    const dot = raw.indexOf('.');
    if (dot <= 0 || raw.length > 200) throw invalidListCursor();
    const body = raw.slice(0, dot);
    const id = Buffer.from(body, 'base64url').toString('utf8');
    if (!isUUID(id) || this.encode(list, scope, id) !== raw) throw invalidListCursor();
    return id;
  }
}

function check(list: string, scope: string, body: string): string {
  return createHash('sha256')
    .update(`${list}\n${scope}\n${body}`, 'utf8')
    .digest()
    .subarray(0, CHECK_BYTES)
    .toString('base64url');
}
