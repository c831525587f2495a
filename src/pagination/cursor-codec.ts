import { Injectable } from '@nestjs/common';
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { AppConfig } from '../config/app-config';
import { InjectAppConfig } from '../config/config.module';
import { ValidationFailedError } from '../errors/app-error';

/** 128 bits of HMAC-SHA256: enough that a cursor cannot be guessed, short enough for a URL. */
const MAC_BYTES = 16;

export function invalidCursor(): ValidationFailedError {
  return new ValidationFailedError('cursor is not a cursor this API issued', [
    { field: 'cursor', messages: ['cursor must be the nextCursor of a previous page'] },
  ]);
}

/**
 * The one cursor format of every list (SPEC §6: a cursor that was not issued is 400).
 *
 * A cursor is `<position>.<mac>`: the position (the last item's sort key, as strings) in base64url
 * JSON, and an HMAC over the list's name, the caller's scope (tenant id, or `admin`) and the
 * position, keyed with a server secret. Editing any part, inventing an id, or taking a cursor to
 * another list or another tenant fails the MAC. Stateless, so any instance reads any instance's
 * cursors as long as they share the secret (CURSOR_SECRET, by default derived from ADMIN_TOKEN).
 */
export class CursorCodec {
  constructor(private readonly secret: Buffer) {}

  encode(list: string, scope: string, position: readonly string[]): string {
    const body = Buffer.from(JSON.stringify(position), 'utf8').toString('base64url');
    return `${body}.${this.mac(list, scope, body).toString('base64url')}`;
  }

  /** The position this codec issued for (list, scope), with `arity` parts; else a 400. */
  decode(list: string, scope: string, raw: string, arity: number): string[] {
    const dot = raw.indexOf('.');
    if (dot <= 0 || raw.length > 1024) throw invalidCursor();
    const body = raw.slice(0, dot);
    const given = Buffer.from(raw.slice(dot + 1), 'base64url');
    const expected = this.mac(list, scope, body);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      throw invalidCursor();
    }
    let position: unknown;
    try {
      position = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
    } catch {
      throw invalidCursor();
    }
    if (
      !Array.isArray(position) ||
      position.length !== arity ||
      !position.every((part) => typeof part === 'string')
    ) {
      throw invalidCursor();
    }
    return position as string[];
  }

  private mac(list: string, scope: string, body: string): Buffer {
    return createHmac('sha256', this.secret)
      .update(`${list}\n${scope}\n${body}`, 'utf8')
      .digest()
      .subarray(0, MAC_BYTES);
  }
}

/** The key cursors are signed with: CURSOR_SECRET, or one derived from ADMIN_TOKEN. */
export function cursorSecret(config: Pick<AppConfig, 'cursorSecret' | 'adminToken'>): Buffer {
  if (config.cursorSecret !== null) return Buffer.from(config.cursorSecret, 'utf8');
  // A one-way derivation: a cursor reveals nothing of the admin token.
  return createHmac('sha256', config.adminToken).update('ticket-service list cursors').digest();
}

@Injectable()
export class ConfiguredCursorCodec extends CursorCodec {
  constructor(@InjectAppConfig() config: AppConfig) {
    super(cursorSecret(config));
  }
}
