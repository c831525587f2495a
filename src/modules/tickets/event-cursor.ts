import { isUUID } from 'class-validator';
import { ValidationFailedError } from '../../errors/app-error';

/** A position in the events list: the last item's sort key (startsAt, id). */
export interface EventCursor {
  startsAt: Date;
  id: string;
}

const VERSION = 1;

export function encodeEventCursor(cursor: EventCursor): string {
  return Buffer.from(
    JSON.stringify({ v: VERSION, s: cursor.startsAt.toISOString(), i: cursor.id }),
  ).toString('base64url');
}

/**
 * Accepts only what encodeEventCursor produces, byte for byte, so a cursor we did not issue (edited,
 * truncated, from another list) is a 400 instead of a silently wrong page.
 */
export function decodeEventCursor(raw: string): EventCursor {
  const invalid = () =>
    new ValidationFailedError('cursor is not a cursor this API issued', [
      { field: 'cursor', messages: ['cursor must be the nextCursor of a previous page'] },
    ]);
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  if (typeof parsed !== 'object' || parsed === null) throw invalid();
  const { v, s, i } = parsed as Record<string, unknown>;
  if (v !== VERSION || typeof s !== 'string' || typeof i !== 'string' || !isUUID(i)) {
    throw invalid();
  }
  const startsAt = new Date(s);
  if (Number.isNaN(startsAt.getTime())) throw invalid();
  const cursor = { startsAt, id: i };
  if (encodeEventCursor(cursor) !== raw) throw invalid();
  return cursor;
}
