import { createTestApp, TestApp } from '../support/app';
import {
  createEffectsTable,
  EffectsControl,
  EffectsController,
} from '../support/effects.controller';
import { createTenant, createTicketType, newKey, reserve, TestTenant } from '../support/factories';

/** One sample of the Prometheus text: the value of `name{labels}`, or 0 when absent. */
function sample(text: string, name: string, labels: Record<string, string>): number {
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`)) continue;
    const labelText = line.slice(name.length + 1, line.indexOf('}'));
    const parts = labelText.split(',');
    if (wanted.every((w) => parts.includes(w))) return Number(line.slice(line.indexOf('}') + 2));
  }
  return 0;
}

describe('/metrics', () => {
  let t: TestApp;
  let tenant: TestTenant;
  let control: EffectsControl;

  beforeAll(async () => {
    t = await createTestApp({ controllers: [EffectsController], providers: [EffectsControl] });
    await createEffectsTable(t.dataSource);
    control = t.app.get(EffectsControl);
    tenant = await createTenant(t);
  });
  afterAll(async () => {
    await t.close();
  });

  const scrape = async () => {
    const res = await t.http().get('/metrics').expect(200);
    expect(res.headers['content-type']).toContain('text/plain');
    return res.text;
  };
  const outcome = (text: string, value: string) =>
    sample(text, 'idempotency_requests_total', { outcome: value });

  it('counts a claim, a replay, a 409 in progress and a 422 mismatch', async () => {
    const before = await scrape();
    const base = await t.url();
    const key = newKey();
    const post = (body: unknown) =>
      fetch(`${base}/v1/test-effects`, {
        method: 'POST',
        headers: { ...tenant.auth, 'Idempotency-Key': key, 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });

    // Claim, held mid-handler: a second attempt with the same key is 409 in progress.
    const held = control.holdNext();
    const first = post({ label: 'metrics' });
    await held.entered;
    expect((await post({ label: 'metrics' })).status).toBe(409);
    held.release();
    expect((await first).status).toBe(201);
    // Replay, then the same key with another body: 422.
    const replay = await post({ label: 'metrics' });
    expect(replay.status).toBe(201);
    expect(replay.headers.get('x-idempotent-replayed')).toBe('true');
    expect((await post({ label: 'other' })).status).toBe(422);

    const after = await scrape();
    for (const name of ['claimed', 'in_progress', 'replay', 'mismatch']) {
      expect([name, outcome(after, name) - outcome(before, name)]).toEqual([name, 1]);
    }
    expect(after).toContain('# TYPE idempotency_requests_total counter');
  });

  it('counts HTTP requests and their latency by route pattern and status, never by raw URL', async () => {
    const id = '7d9a3c55-7d5e-4b3f-9a61-1f0c1f6a2b11';
    const before = await scrape();
    await t.http().get(`/v1/events/${id}`).set(tenant.auth).expect(404);
    await t.http().get(`/v1/events/${id}`).expect(401);
    await t.http().get('/v1/events').set(tenant.auth).expect(200);
    await t.http().get('/no/such/path').expect(404);
    const after = await scrape();

    const count = (text: string, labels: Record<string, string>) =>
      sample(text, 'http_requests_total', labels);
    const byId = { method: 'GET', route: '/v1/events/:id' };
    expect(
      count(after, { ...byId, status: '404' }) - count(before, { ...byId, status: '404' }),
    ).toBe(1);
    expect(
      count(after, { ...byId, status: '401' }) - count(before, { ...byId, status: '401' }),
    ).toBe(1);
    const list = { method: 'GET', route: '/v1/events', status: '200' };
    expect(count(after, list) - count(before, list)).toBe(1);
    const unmatched = { method: 'GET', route: 'unmatched', status: '404' };
    expect(count(after, unmatched) - count(before, unmatched)).toBe(1);
    expect(after).not.toContain(id);
    expect(after).not.toContain('/no/such/path');
    expect(
      sample(after, 'http_request_duration_seconds_count', { ...byId, status: '404' }),
    ).toBeGreaterThanOrEqual(1);
    expect(after).toContain('# TYPE http_request_duration_seconds histogram');
  });

  it('shows the depth of every queue, read at scrape time', async () => {
    const text = await scrape();
    for (const queue of ['idempotency-cleanup', 'reservation-expiry', 'webhook-events']) {
      expect(sample(text, 'queue_scrape_success', { queue })).toBe(1);
      expect(text).toMatch(new RegExp(`queue_jobs\\{queue="${queue}",state="waiting"\\} \\d+`));
    }
    // The cleanup and sweep schedulers keep one repeatable job delayed each.
    expect(sample(text, 'queue_jobs', { queue: 'idempotency-cleanup', state: 'delayed' })).toBe(1);
  });

  it('has the webhook events counter', async () => {
    expect(await scrape()).toContain('# TYPE webhook_events_total counter');
  });

  it('counts inventory moves: seats reserved, refused when short, returned on cancel', async () => {
    const before = await scrape();
    const tt = await createTicketType(t, tenant, { capacity: 3 });
    const hold = await reserve(t, tenant, tt.id, 2);
    await t
      .http()
      .post('/v1/reservations')
      .set(tenant.auth)
      .set('Idempotency-Key', newKey())
      .send({ ticketTypeId: tt.id, quantity: 2 })
      .expect(409);
    await t
      .http()
      .post(`/v1/reservations/${hold.id}/cancel`)
      .set(tenant.auth)
      .set('Idempotency-Key', newKey())
      .send({})
      .expect(200);
    const after = await scrape();
    const delta = (name: string, labels: Record<string, string>) =>
      sample(after, name, labels) - sample(before, name, labels);
    const reserve_ = { from: 'available', to: 'reserved' };
    expect(delta('inventory_seat_moves_total', { ...reserve_, outcome: 'moved' })).toBe(1);
    expect(delta('inventory_seat_moves_total', { ...reserve_, outcome: 'refused' })).toBe(1);
    expect(delta('inventory_seats_moved_total', reserve_)).toBe(2);
    expect(delta('inventory_seats_moved_total', { from: 'reserved', to: 'available' })).toBe(2);
  });
});
