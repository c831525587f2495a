import Stripe from 'stripe';
import { signatureHeader, verifyStripeSignature } from './stripe-signature';

/**
 * Our Stripe signature scheme against the reference: the official `stripe` package. What one side
 * signs, the other accepts, and both refuse the same forgeries. Its clock is pinned through
 * constructEvent's `receivedAt` (milliseconds), ours through `now` (seconds), so nothing here
 * depends on time.
 */
describe('Stripe-Signature: home-made scheme vs the stripe package', () => {
  const webhooks = new Stripe('sk_test_reference').webhooks;
  const secret = 'whsec_reference_secret';
  const otherSecret = 'whsec_rotated_secret';
  const t = 1_764_000_000;
  const payload = JSON.stringify({
    id: 'evt_ref_1',
    type: 'payment_intent.succeeded',
    data: { object: { id: 'pi_ref_1', object: 'payment_intent', amount: 4200, currency: 'eur' } },
    note: 'ünïcödé, "quotes" and \\ backslashes',
  });

  const stripeAccepts = (body: string, header: string, withSecret: string, receivedAt: number) => {
    try {
      webhooks.constructEvent(body, header, withSecret, 300, undefined, receivedAt * 1000);
      return true;
    } catch (error) {
      expect((error as { type?: string }).type).toBe('StripeSignatureVerificationError');
      return false;
    }
  };
  const weAccept = (body: string, header: string, secrets: string[], now: number) =>
    verifyStripeSignature(header, Buffer.from(body, 'utf8'), { secrets, now }).valid;

  it('the header stripe generates is the header we generate, byte for byte', () => {
    const theirs = webhooks.generateTestHeaderString({ payload, secret, timestamp: t });
    expect(signatureHeader(secret, t, payload)).toBe(theirs);
  });

  it('we accept what stripe signs', () => {
    const theirs = webhooks.generateTestHeaderString({ payload, secret, timestamp: t });
    expect(weAccept(payload, theirs, [secret], t + 10)).toBe(true);
  });

  it('stripe accepts what we sign, and returns the event', () => {
    const ours = signatureHeader(secret, t, payload);
    const event = webhooks.constructEvent(payload, ours, secret, 300, undefined, (t + 10) * 1000);
    expect(event.id).toBe('evt_ref_1');
  });

  it('several v1 signatures (secret rotation): both accept when one matches', () => {
    const header = `t=${t},v1=${'0'.repeat(64)},v1=${signatureHeader(secret, t, payload).split('v1=')[1]}`;
    expect(stripeAccepts(payload, header, secret, t)).toBe(true);
    expect(weAccept(payload, header, [secret], t)).toBe(true);
    // And ours checks every configured secret: a header signed with the new one passes too.
    expect(
      weAccept(payload, signatureHeader(otherSecret, t, payload), [secret, otherSecret], t),
    ).toBe(true);
  });

  it.each([
    [
      'a changed body',
      payload.replace('4200', '4201'),
      signatureHeader(secret, t, payload),
      secret,
    ],
    ['another secret', payload, signatureHeader(otherSecret, t, payload), secret],
    [
      'a changed timestamp',
      payload,
      signatureHeader(secret, t, payload).replace(`t=${t}`, `t=${t + 1}`),
      secret,
    ],
    [
      'no v1 signature',
      payload,
      `t=${t},v0=${signatureHeader(secret, t, payload).split('v1=')[1]}`,
      secret,
    ],
  ])('both refuse %s', (_case, body, header, withSecret) => {
    expect(stripeAccepts(body, header, withSecret, t)).toBe(false);
    expect(weAccept(body, header, [withSecret], t)).toBe(false);
  });

  it('both refuse a signature older than the 300 s tolerance, and both accept one at its edge', () => {
    const header = signatureHeader(secret, t, payload);
    expect(stripeAccepts(payload, header, secret, t + 300)).toBe(true);
    expect(weAccept(payload, header, [secret], t + 300)).toBe(true);
    expect(stripeAccepts(payload, header, secret, t + 301)).toBe(false);
    expect(weAccept(payload, header, [secret], t + 301)).toBe(false);
  });

  it('on purpose, we also refuse a timestamp more than 300 s in the future; stripe checks age only', () => {
    const header = signatureHeader(secret, t + 3600, payload);
    expect(stripeAccepts(payload, header, secret, t)).toBe(true);
    expect(weAccept(payload, header, [secret], t)).toBe(false);
  });
});
