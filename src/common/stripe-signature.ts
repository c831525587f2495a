import { createHmac, timingSafeEqual } from 'node:crypto';

/*
 * Stripe's webhook signature scheme, shared by the receiver (which verifies) and the simulated
 * provider (which signs), so that both speak the same protocol from one definition.
 */

/** Stripe's default: an event signed more than five minutes away from our clock is refused. */
export const SIGNATURE_TOLERANCE_SECONDS = 300;

export type SignatureFailure =
  | 'missing_header'
  | 'missing_body'
  | 'malformed_header'
  | 'no_v1_signature'
  | 'timestamp_too_old'
  | 'timestamp_in_future'
  | 'no_matching_signature';

export type SignatureCheck =
  { valid: true; timestamp: number } | { valid: false; reason: SignatureFailure };

export interface VerifyOptions {
  /** Every secret currently accepted; more than one while a secret is being rotated. */
  secrets: readonly string[];
  /** Unix seconds; a parameter so that tests need no fake clock. */
  now: number;
  toleranceSeconds?: number;
}

const HEX_SHA256 = /^[0-9a-f]{64}$/;
const UNIX_SECONDS = /^\d{1,12}$/;

/** HMAC-SHA256 of `${timestamp}.${payload}`, hex: Stripe's v1 scheme. */
export function computeSignature(
  secret: string,
  timestamp: number,
  payload: Buffer | string,
): string {
  return createHmac('sha256', secret)
    .update(`${timestamp}.`, 'utf8')
    .update(typeof payload === 'string' ? Buffer.from(payload, 'utf8') : payload)
    .digest('hex');
}

/** A `Stripe-Signature` header value for `payload`, as a provider that signs like Stripe sends it. */
export function signatureHeader(secret: string, timestamp: number, payload: string): string {
  return `t=${timestamp},v1=${computeSignature(secret, timestamp, payload)}`;
}

/**
 * Verifies a `Stripe-Signature` header (`t=<unix>,v1=<hex>[,v1=<hex>...]`) against the exact bytes
 * received. Pure: no clock, no configuration. Unlike the stripe package it also refuses timestamps
 * from the future, so a leaked signed request cannot be kept for replay later.
 *
 * Unknown schemes (v0, future ones) are ignored as Stripe does; only v1 can make a header valid.
 */
export function verifyStripeSignature(
  header: string | string[] | undefined,
  payload: Buffer | undefined,
  options: VerifyOptions,
): SignatureCheck {
  if (header === undefined || header === '') return { valid: false, reason: 'missing_header' };
  // Node joins repeated headers into an array; a provider sends one, so several is malformed.
  if (Array.isArray(header)) return { valid: false, reason: 'malformed_header' };
  if (payload === undefined) return { valid: false, reason: 'missing_body' };

  let timestamp: number | undefined;
  const candidates: string[] = [];
  for (const part of header.split(',')) {
    const eq = part.indexOf('=');
    if (eq <= 0) return { valid: false, reason: 'malformed_header' };
    const name = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (name === 't') {
      if (timestamp !== undefined || !UNIX_SECONDS.test(value)) {
        return { valid: false, reason: 'malformed_header' };
      }
      timestamp = Number(value);
    } else if (name === 'v1') {
      // Anything but 64 hex digits can never match; skipping it keeps the comparison equal-length.
      if (HEX_SHA256.test(value)) candidates.push(value);
    }
  }
  if (timestamp === undefined) return { valid: false, reason: 'malformed_header' };
  if (candidates.length === 0) return { valid: false, reason: 'no_v1_signature' };

  const tolerance = options.toleranceSeconds ?? SIGNATURE_TOLERANCE_SECONDS;
  if (timestamp < options.now - tolerance) return { valid: false, reason: 'timestamp_too_old' };
  if (timestamp > options.now + tolerance) return { valid: false, reason: 'timestamp_in_future' };

  // Every pair is compared (no early exit), so the time taken does not tell which secret matched.
  let matched = false;
  for (const secret of options.secrets) {
    const expected = Buffer.from(computeSignature(secret, timestamp, payload), 'hex');
    for (const candidate of candidates) {
      if (timingSafeEqual(expected, Buffer.from(candidate, 'hex'))) matched = true;
    }
  }
  return matched ? { valid: true, timestamp } : { valid: false, reason: 'no_matching_signature' };
}
