import type { paths } from './generated/openapi.js';
import { type ApiResponse, type CallOptions, type ClientOptions, Transport } from './transport.js';
import type { QueryParams, RequestBody, ResponseBody } from './types.js';

type PathsWith<M extends 'get' | 'post'> = {
  [P in keyof paths]: paths[P][M] extends undefined | never ? never : P;
}[keyof paths];

/** Fills `{name}` segments of a route with URL-encoded values. */
function fill(route: string, params: Record<string, string>): string {
  return route.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = params[name];
    if (typeof value !== 'string' || value === '')
      throw new TypeError(`${route}: ${name} is required`);
    return encodeURIComponent(value);
  });
}

/**
 * Every operation of the client: method name → the route it calls. The unit tests hold this table
 * to the OpenAPI document (every route but the provider's webhook receiver has a method) and to the
 * methods themselves (each calls the route written here).
 */
export const OPERATIONS = {
  'health.check': 'GET /health',
  'health.live': 'GET /health/live',
  'events.create': 'POST /v1/events',
  'events.list': 'GET /v1/events',
  'events.get': 'GET /v1/events/{id}',
  'ticketTypes.create': 'POST /v1/events/{id}/ticket-types',
  'ticketTypes.list': 'GET /v1/events/{id}/ticket-types',
  'ticketTypes.get': 'GET /v1/ticket-types/{id}',
  'tickets.list': 'GET /v1/events/{id}/tickets',
  'tickets.get': 'GET /v1/tickets/{code}',
  'tickets.checkIn': 'POST /v1/tickets/{code}/check-in',
  'checkIns.batch': 'POST /v1/check-ins/batch',
  'reservations.create': 'POST /v1/reservations',
  'reservations.get': 'GET /v1/reservations/{id}',
  'reservations.cancel': 'POST /v1/reservations/{id}/cancel',
  'purchases.create': 'POST /v1/purchases',
  'orders.list': 'GET /v1/orders',
  'orders.get': 'GET /v1/orders/{id}',
  'payments.get': 'GET /v1/payments/{id}',
  'payments.refund': 'POST /v1/payments/{id}/refund',
  'idempotencyKeys.get': 'GET /v1/idempotency-keys/{key}',
  'admin.tenants.create': 'POST /v1/admin/tenants',
  'admin.tenants.get': 'GET /v1/admin/tenants/{id}',
  'admin.tenants.rotateKey': 'POST /v1/admin/tenants/{id}/api-keys',
  'admin.payments.refund': 'POST /v1/admin/tenants/{tenantId}/payments/{id}/refund',
  'admin.webhookEvents.list': 'GET /v1/admin/webhook-events',
  'admin.webhookEvents.get': 'GET /v1/admin/webhook-events/{id}',
  'admin.webhookEvents.replay': 'POST /v1/admin/webhook-events/{id}/replay',
} as const;

/** Routes the client leaves out on purpose, with the reason. */
export const NOT_IN_CLIENT = {
  'POST /v1/webhooks/payments': 'called by the payment provider, signed with its secret',
} as const;

export type TicketServiceClient = ReturnType<typeof createClient>;

/**
 * A client of the service. Every POST carries an Idempotency-Key (made per call, or given in
 * `options.idempotencyKey`) and is retried with that same key on network errors, timeouts, 5xx,
 * 429 and 409 IDEMPOTENCY_REQUEST_IN_PROGRESS; GETs are retried on the same outcomes. See the
 * package README for the whole policy.
 */
export function createClient(options: ClientOptions) {
  const transport = new Transport(options);

  function get<P extends PathsWith<'get'>>(
    route: P,
    params: Record<string, string>,
    query: QueryParams<P, 'get'> | undefined,
    call: CallOptions | undefined,
  ): Promise<ApiResponse<ResponseBody<P, 'get'>>> {
    return transport.request(
      {
        method: 'GET',
        route,
        path: fill(route, params),
        query: query as Record<string, string | number | boolean | undefined> | undefined,
      },
      call,
    );
  }

  function post<P extends PathsWith<'post'>>(
    route: P,
    params: Record<string, string>,
    body: RequestBody<P, 'post'> | Record<string, never>,
    call: CallOptions | undefined,
  ): Promise<ApiResponse<ResponseBody<P, 'post'>>> {
    return transport.request({ method: 'POST', route, path: fill(route, params), body }, call);
  }

  type Body<P extends PathsWith<'post'>> = RequestBody<P, 'post'>;
  type Query<P extends PathsWith<'get'>> = QueryParams<P, 'get'>;

  return {
    health: {
      /** GET /health. Not retried unless asked: a health check reports, it does not insist. */
      check: (call?: CallOptions) =>
        get('/health', {}, undefined, { ...call, retry: { maxAttempts: 1, ...call?.retry } }),
      /** GET /health/live: the process answers (touches neither database). Not retried either. */
      live: (call?: CallOptions) =>
        get('/health/live', {}, undefined, { ...call, retry: { maxAttempts: 1, ...call?.retry } }),
    },
    events: {
      create: (body: Body<'/v1/events'>, call?: CallOptions) => post('/v1/events', {}, body, call),
      list: (query?: Query<'/v1/events'>, call?: CallOptions) => get('/v1/events', {}, query, call),
      get: (id: string, call?: CallOptions) => get('/v1/events/{id}', { id }, undefined, call),
    },
    ticketTypes: {
      create: (eventId: string, body: Body<'/v1/events/{id}/ticket-types'>, call?: CallOptions) =>
        post('/v1/events/{id}/ticket-types', { id: eventId }, body, call),
      /** An event's ticket types with their live counters. */
      list: (eventId: string, query?: Query<'/v1/events/{id}/ticket-types'>, call?: CallOptions) =>
        get('/v1/events/{id}/ticket-types', { id: eventId }, query, call),
      get: (id: string, call?: CallOptions) =>
        get('/v1/ticket-types/{id}', { id }, undefined, call),
    },
    tickets: {
      /** An event's issued tickets, for the organiser. */
      list: (eventId: string, query?: Query<'/v1/events/{id}/tickets'>, call?: CallOptions) =>
        get('/v1/events/{id}/tickets', { id: eventId }, query, call),
      /** A ticket by the code printed on it. */
      get: (code: string, call?: CallOptions) =>
        get('/v1/tickets/{code}', { code }, undefined, call),
      /**
       * Checks a ticket in at the door. A second scan of the same ticket is 409
       * TICKET_ALREADY_CHECKED_IN (never retried) naming the first scan's gate and time.
       */
      checkIn: (code: string, body: Body<'/v1/tickets/{code}/check-in'>, call?: CallOptions) =>
        post('/v1/tickets/{code}/check-in', { code }, body, call),
    },
    checkIns: {
      /** Uploads scans made offline; each scanId is applied at most once, whatever the uploads. */
      batch: (body: Body<'/v1/check-ins/batch'>, call?: CallOptions) =>
        post('/v1/check-ins/batch', {}, body, call),
    },
    reservations: {
      create: (body: Body<'/v1/reservations'>, call?: CallOptions) =>
        post('/v1/reservations', {}, body, call),
      get: (id: string, call?: CallOptions) =>
        get('/v1/reservations/{id}', { id }, undefined, call),
      cancel: (id: string, call?: CallOptions) =>
        post('/v1/reservations/{id}/cancel', { id }, {}, call),
    },
    purchases: {
      /** Answers the order in `pending_payment`; poll `orders.get` until it settles. */
      create: (body: Body<'/v1/purchases'>, call?: CallOptions) =>
        post('/v1/purchases', {}, body, call),
    },
    orders: {
      list: (query?: Query<'/v1/orders'>, call?: CallOptions) => get('/v1/orders', {}, query, call),
      get: (id: string, call?: CallOptions) => get('/v1/orders/{id}', { id }, undefined, call),
    },
    payments: {
      get: (id: string, call?: CallOptions) => get('/v1/payments/{id}', { id }, undefined, call),
      refund: (id: string, call?: CallOptions) =>
        post('/v1/payments/{id}/refund', { id }, {}, call),
    },
    idempotencyKeys: {
      get: (key: string, call?: CallOptions) =>
        get('/v1/idempotency-keys/{key}', { key }, undefined, call),
    },
    admin: {
      tenants: {
        create: (body: Body<'/v1/admin/tenants'>, call?: CallOptions) =>
          post('/v1/admin/tenants', {}, body, call),
        get: (id: string, call?: CallOptions) =>
          get('/v1/admin/tenants/{id}', { id }, undefined, call),
        /** Issues a new API key; the tenant's previous key stops working at once. */
        rotateKey: (id: string, call?: CallOptions) =>
          post('/v1/admin/tenants/{id}/api-keys', { id }, {}, call),
      },
      payments: {
        /** Refunds a paid order even after check-in, with the reason kept on the order. */
        refund: (
          tenantId: string,
          id: string,
          body: Body<'/v1/admin/tenants/{tenantId}/payments/{id}/refund'>,
          call?: CallOptions,
        ) =>
          post('/v1/admin/tenants/{tenantId}/payments/{id}/refund', { tenantId, id }, body, call),
      },
      webhookEvents: {
        list: (query?: Query<'/v1/admin/webhook-events'>, call?: CallOptions) =>
          get('/v1/admin/webhook-events', {}, query, call),
        get: (id: string, call?: CallOptions) =>
          get('/v1/admin/webhook-events/{id}', { id }, undefined, call),
        replay: (id: string, call?: CallOptions) =>
          post('/v1/admin/webhook-events/{id}/replay', { id }, {}, call),
      },
    },
  };
}
