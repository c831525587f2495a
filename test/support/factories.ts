import { randomUUID } from 'node:crypto';
import { ADMIN_TOKEN, TestApp } from './app';
import type { components } from '@ticket-service/client';

export const newKey = (): string => randomUUID();

export const admin = { Authorization: `Bearer ${ADMIN_TOKEN}` };
export const bearer = (apiKey: string) => ({ Authorization: `Bearer ${apiKey}` });

export interface TestTenant {
  id: string;
  name: string;
  apiKey: string;
  auth: { Authorization: string };
}

/** A tenant made through the admin API, as a client would make it. */
export async function createTenant(t: TestApp, name = 'Test Tenant'): Promise<TestTenant> {
  const res = await t
    .http()
    .post('/v1/admin/tenants')
    .set(admin)
    .set('Idempotency-Key', newKey())
    .send({ name })
    .expect(201);
  const body = res.body as { id: string; name: string; apiKey: string };
  return { id: body.id, name: body.name, apiKey: body.apiKey, auth: bearer(body.apiKey) };
}

export interface HttpResult {
  status: number;
  headers: Headers;
  body: Record<string, unknown>;
}

/** One real HTTP request over a socket (fetch), for tests that fire many in parallel. */
export async function send(
  baseUrl: string,
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: unknown,
): Promise<HttpResult> {
  const res = await fetch(baseUrl + path, {
    method,
    headers: { 'Content-Type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text === '' ? {} : JSON.parse(text) };
}

export interface TestEvent {
  id: string;
  name: string;
  venue: string | null;
  startsAt: string;
}

/** An event made through the API. */
export async function createEvent(
  t: TestApp,
  tenant: TestTenant,
  fields: Partial<{ name: string; venue: string; startsAt: string }> = {},
): Promise<TestEvent> {
  const res = await t
    .http()
    .post('/v1/events')
    .set(tenant.auth)
    .set('Idempotency-Key', newKey())
    .send({ name: 'Test Event', startsAt: '2030-01-01T19:00:00Z', ...fields })
    .expect(201);
  return res.body as TestEvent;
}

/** The API's own TicketType schema (generated from /docs-json), so the two cannot drift. */
export type TestTicketType = components['schemas']['TicketTypeDto'];

/** A ticket type made through the API; with no event given, a new event is made for it. */
export async function createTicketType(
  t: TestApp,
  tenant: TestTenant,
  fields: Partial<{
    eventId: string;
    name: string;
    priceCents: number;
    currency: string;
    capacity: number;
  }> = {},
): Promise<TestTicketType> {
  const { eventId = (await createEvent(t, tenant)).id, ...body } = fields;
  const res = await t
    .http()
    .post(`/v1/events/${eventId}/ticket-types`)
    .set(tenant.auth)
    .set('Idempotency-Key', newKey())
    .send({ name: 'General', priceCents: 2500, currency: 'EUR', capacity: 10, ...body })
    .expect(201);
  return res.body as TestTicketType;
}

/** A hold made through the API. */
export async function reserve(
  t: TestApp,
  tenant: TestTenant,
  ticketTypeId: string,
  quantity: number,
) {
  const res = await t
    .http()
    .post('/v1/reservations')
    .set(tenant.auth)
    .set('Idempotency-Key', newKey())
    .send({ ticketTypeId, quantity })
    .expect(201);
  return res.body as { id: string; status: string };
}

/** The inventory counters of a ticket type, read from the database. */
export async function counters(t: TestApp, ticketTypeId: string) {
  const rows: Array<{ capacity: number; available: number; reserved: number; sold: number }> =
    await t.dataSource.query(
      'SELECT capacity, available, reserved, sold FROM ticket_types WHERE id = $1',
      [ticketTypeId],
    );
  return rows[0];
}
