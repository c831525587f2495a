import { createHmac } from 'node:crypto';
import {
  computeSignature,
  SIGNATURE_TOLERANCE_SECONDS,
  verifyStripeSignature,
} from './stripe-signature';

const NOW = 1_764_547_200;
const SECRET = 'whsec_current';
const OLD_SECRET = 'whsec_previous';
const body = Buffer.from('{"id":"evt_1","type":"payment_intent.succeeded"}');

// Independent of computeSignature, so a bug there cannot hide in both sides of a test.
const hmac = (secret: string, t: number, payload: Buffer) =>
  createHmac('sha256', secret)
    .update(`${t}.${payload.toString('utf8')}`)
    .digest('hex');

const verify = (
  header: string | string[] | undefined,
  secrets = [SECRET],
  payload = body,
  now = NOW,
) => verifyStripeSignature(header, payload, { secrets, now });

describe('verifyStripeSignature', () => {
  it('accepts a header signed with the configured secret', () => {
    expect(verify(`t=${NOW},v1=${hmac(SECRET, NOW, body)}`)).toEqual({
      valid: true,
      timestamp: NOW,
    });
  });

  it('computes the same HMAC as an independent implementation', () => {
    expect(computeSignature(SECRET, NOW, body)).toBe(hmac(SECRET, NOW, body));
    expect(computeSignature(SECRET, NOW, body.toString('utf8'))).toBe(hmac(SECRET, NOW, body));
  });

  it('signs the exact bytes: a re-serialised body with the same meaning is refused', () => {
    const header = `t=${NOW},v1=${hmac(SECRET, NOW, body)}`;
    const reformatted = Buffer.from(JSON.stringify(JSON.parse(body.toString()), null, 2));
    expect(verify(header, [SECRET], reformatted)).toEqual({
      valid: false,
      reason: 'no_matching_signature',
    });
  });

  describe('several signatures and secrets (rotation)', () => {
    it('accepts when any v1 matches, wherever it stands in the header', () => {
      const good = hmac(SECRET, NOW, body);
      const other = hmac('whsec_someone_else', NOW, body);
      expect(verify(`t=${NOW},v1=${other},v1=${good}`).valid).toBe(true);
      expect(verify(`v1=${good},t=${NOW},v1=${other}`).valid).toBe(true);
    });

    it('accepts a header signed with the old secret while both are configured', () => {
      const header = `t=${NOW},v1=${hmac(OLD_SECRET, NOW, body)}`;
      expect(verify(header, [SECRET, OLD_SECRET]).valid).toBe(true);
      expect(verify(header, [SECRET])).toEqual({ valid: false, reason: 'no_matching_signature' });
    });

    it('accepts a header carrying the old and the new signature', () => {
      const header = `t=${NOW},v1=${hmac(SECRET, NOW, body)},v1=${hmac(OLD_SECRET, NOW, body)}`;
      expect(header.split(',')).toHaveLength(3);
      expect(verify(header, [SECRET]).valid).toBe(true);
      expect(verify(header, [OLD_SECRET]).valid).toBe(true);
      expect(verify(header, ['whsec_unrelated'])).toEqual({
        valid: false,
        reason: 'no_matching_signature',
      });
    });

    it('refuses when no secret is configured', () => {
      expect(verify(`t=${NOW},v1=${hmac(SECRET, NOW, body)}`, [])).toEqual({
        valid: false,
        reason: 'no_matching_signature',
      });
    });
  });

  describe('timestamp tolerance, in both directions', () => {
    const at = (t: number) => `t=${t},v1=${hmac(SECRET, t, body)}`;

    it('accepts exactly at the edges', () => {
      expect(verify(at(NOW - SIGNATURE_TOLERANCE_SECONDS)).valid).toBe(true);
      expect(verify(at(NOW + SIGNATURE_TOLERANCE_SECONDS)).valid).toBe(true);
    });

    it('refuses one second past either edge', () => {
      expect(verify(at(NOW - SIGNATURE_TOLERANCE_SECONDS - 1))).toEqual({
        valid: false,
        reason: 'timestamp_too_old',
      });
      expect(verify(at(NOW + SIGNATURE_TOLERANCE_SECONDS + 1))).toEqual({
        valid: false,
        reason: 'timestamp_in_future',
      });
    });

    it('refuses ten minutes old and ten minutes ahead even with a correct signature', () => {
      expect(verify(at(NOW - 600)).valid).toBe(false);
      expect(verify(at(NOW + 600)).valid).toBe(false);
    });

    it('binds the timestamp into the signature: changing t breaks it', () => {
      expect(verify(`t=${NOW + 1},v1=${hmac(SECRET, NOW, body)}`)).toEqual({
        valid: false,
        reason: 'no_matching_signature',
      });
    });

    it('honours a custom tolerance', () => {
      const header = at(NOW - 30);
      expect(
        verifyStripeSignature(header, body, { secrets: [SECRET], now: NOW, toleranceSeconds: 10 }),
      ).toEqual({
        valid: false,
        reason: 'timestamp_too_old',
      });
    });
  });

  describe('malformed input', () => {
    const good = hmac(SECRET, NOW, body);

    it.each([
      ['undefined', undefined, 'missing_header'],
      ['empty', '', 'missing_header'],
      ['repeated header', [`t=${NOW},v1=${good}`, `t=${NOW},v1=${good}`], 'malformed_header'],
      ['no timestamp', `v1=${good}`, 'malformed_header'],
      ['two timestamps', `t=${NOW},t=${NOW},v1=${good}`, 'malformed_header'],
      ['timestamp not a number', `t=abc,v1=${good}`, 'malformed_header'],
      ['negative timestamp', `t=-${NOW},v1=${good}`, 'malformed_header'],
      ['fractional timestamp', `t=${NOW}.5,v1=${good}`, 'malformed_header'],
      ['a part without =', `t=${NOW},garbage,v1=${good}`, 'malformed_header'],
      ['a part with an empty name', `t=${NOW},=x,v1=${good}`, 'malformed_header'],
      ['only a timestamp', `t=${NOW}`, 'no_v1_signature'],
      ['only a v0 signature', `t=${NOW},v0=${good}`, 'no_v1_signature'],
      ['v1 too short', `t=${NOW},v1=${good.slice(0, 63)}`, 'no_v1_signature'],
      ['v1 too long', `t=${NOW},v1=${good}0`, 'no_v1_signature'],
      ['v1 not hex', `t=${NOW},v1=${'z'.repeat(64)}`, 'no_v1_signature'],
      ['v1 empty', `t=${NOW},v1=`, 'no_v1_signature'],
    ])('%s → %s', (_, header, reason) => {
      expect(verify(header as string | string[] | undefined)).toEqual({ valid: false, reason });
    });

    it('tolerates spaces around parts and ignores unknown schemes next to a good v1', () => {
      expect(verify(` t=${NOW} , v0=abc , v1=${good} `).valid).toBe(true);
    });

    it('refuses when there is no raw body to check', () => {
      expect(
        verifyStripeSignature(`t=${NOW},v1=${good}`, undefined, { secrets: [SECRET], now: NOW }),
      ).toEqual({
        valid: false,
        reason: 'missing_body',
      });
    });

    it('refuses a wrong signature of the right shape', () => {
      expect(verify(`t=${NOW},v1=${'0'.repeat(64)}`)).toEqual({
        valid: false,
        reason: 'no_matching_signature',
      });
    });
  });
});
