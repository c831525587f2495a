import { isUUID } from 'class-validator';
import { ValidationFailedError } from '../../errors/app-error';

// The cursor names the last event of a page; the query reads that row's received_at in SQL, so the
// position keeps PostgreSQL's microseconds instead of a JavaScript Date's milliseconds.
const PREFIX = 'we1.';

export function encodeWebhookEventCursor(lastId: string): string {
  return PREFIX + Buffer.from(lastId, 'utf8').toString('base64url');
}

/** Only what encodeWebhookEventCursor produced is accepted; anything else is a 400. */
export function decodeWebhookEventCursor(raw: string): string {
  const id = raw.startsWith(PREFIX)
    ? Buffer.from(raw.slice(PREFIX.length), 'base64url').toString('utf8')
    : '';
  if (!isUUID(id) || encodeWebhookEventCursor(id) !== raw) throw invalidWebhookEventCursor();
  return id;
}

export function invalidWebhookEventCursor(): ValidationFailedError {
  return new ValidationFailedError('cursor is not a cursor this API issued', [
    { field: 'cursor', messages: ['cursor must be the nextCursor of a previous page'] },
  ]);
}
