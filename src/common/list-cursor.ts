import { Injectable } from '@nestjs/common';
import { createHmac } from 'node:crypto';
import { isUUID } from 'class-validator';
import type { AppConfig } from '../config/app-config';
import { InjectAppConfig } from '../config/config.module';
import { ValidationFailedError } from '../errors/app-error';

/** Every list of the API: they all page with ListCursors. */
export type ListName = 'events' | 'ticket-types' | 'orders' | 'tickets' | 'webhook-events';

/** 128 bits of HMAC-SHA256: not guessable, short enough for a URL. */
const CHECK_BYTES = 16;

/** The key cursors are signed with: CURSOR_SECRET, or one derived from ADMIN_TOKEN. */
export function cursorSecret(config: Pick<AppConfig, 'cursorSecret' | 'adminToken'>): Buffer {
  if (config.cursorSecret !== null) return Buffer.from(config.cursorSecret, 'utf8');
  // One-way: a cursor reveals nothing of the admin token.
  return createHmac('sha256', config.adminToken).update('ticket-service list cursors').digest();
}

export function invalidListCursor(): ValidationFailedError {
  return new ValidationFailedError('cursor is not a cursor this API issued', [
    { field: 'cursor', messages: ['cursor must be the nextCursor of a previous page'] },
  ]);
}

/**
 * The one cursor codec of every list (events, ticket types, orders, tickets, webhook events). A
 * cursor names the last row of a page by id (`<id in base64url>.<check>`); the list reads that
 * row's sort key in SQL, so a position keeps PostgreSQL's microseconds instead of a JavaScript
 * Date's milliseconds. The check is an HMAC over list, scope (the tenant, or `admin`) and id with a
 * server key (CURSOR_SECRET), so a cursor cannot be forged, nor taken to another list or another
 * tenant. The lists also refuse a cursor whose row is not theirs, which holds even against someone
 * who has the key. Stateless: instances that share the key read each other's cursors.
 */
@Injectable()
export class ListCursors {
  private readonly secret: Buffer;

  constructor(@InjectAppConfig() config: Pick<AppConfig, 'cursorSecret' | 'adminToken'>) {
    this.secret = cursorSecret(config);
  }

  encode(list: ListName, scope: string, lastId: string): string {
    const body = Buffer.from(lastId, 'utf8').toString('base64url');
    return `${body}.${check(this.secret, list, scope, body)}`;
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

function check(secret: Buffer, list: string, scope: string, body: string): string {
  return createHmac('sha256', secret)
    .update(`${list}\n${scope}\n${body}`, 'utf8')
    .digest()
    .subarray(0, CHECK_BYTES)
    .toString('base64url');
}
