// Generated from openapi.json by `npm run client:generate` (openapi-typescript). Do not edit.

export interface paths {
  '/health': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Readiness: the service and its backing stores
     * @description For readiness probes and load balancers: 200 when PostgreSQL and Redis both answer within a second, 503 (with Retry-After) otherwise. Not a liveness probe: a database outage makes it fail while the process itself is fine (use GET /health/live for that).
     */
    get: operations['HealthController_check'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/health/live': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Liveness: the process answers
     * @description For container liveness probes: 200 {"status":"ok"} as long as the process serves HTTP. It touches neither PostgreSQL nor Redis, so an outage of either does not make it fail (GET /health reports those).
     */
    get: operations['HealthController_live'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/admin/tenants': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Create a tenant
     * @description Creates a tenant and returns its API key once. Only a SHA-256 hash of the key is stored; a replay of this request (same Idempotency-Key) returns the tenant without `apiKey`.
     */
    post: operations['TenantsController_create'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/admin/tenants/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Get a tenant
     * @description The tenant's id, name and creation time. Its API key is never shown again after creation (issue a new one instead).
     */
    get: operations['TenantsController_get'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/admin/tenants/{id}/api-keys': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Issue a new API key
     * @description Replaces the tenant's API key: the previous key stops working at once. Use it when a key is lost or leaked; keys are never recovered.
     */
    post: operations['TenantsController_rotate'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/idempotency-keys/{key}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Look up an Idempotency-Key
     * @description Whether a key of this tenant is being processed or completed, and with which request. Unknown, expired, malformed and other tenants' keys are all 404.
     */
    get: operations['IdempotencyController_find'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/events': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * List events
     * @description Events of this tenant by start time, then id. Pages hold `limit` items (default 50, at most 200); pass `nextCursor` as `cursor` for the next page (null on the last). A limit out of range or a cursor this API did not issue is 400 VALIDATION_FAILED.
     */
    get: operations['EventsController_list'];
    put?: never;
    /**
     * Create an event
     * @description An event of this tenant, with a name, an optional venue and its start time (ISO 8601). Add ticket types to it to sell seats.
     */
    post: operations['EventsController_create'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/events/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Get an event
     * @description One event of this tenant; another tenant's event is 404.
     */
    get: operations['EventsController_get'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/events/{id}/ticket-types': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * List an event's ticket types with live counters
     * @description In the order they were added. available, reserved and sold are read now (available + reserved + sold = capacity). Pages of `limit` (default 50, at most 200); pass `nextCursor` as `cursor`.
     */
    get: operations['EventsController_listTicketTypes'];
    put?: never;
    /**
     * Add a ticket type to an event
     * @description All `capacity` seats start available. Inventory then moves only between available, reserved and sold, and available + reserved + sold = capacity at every moment.
     */
    post: operations['EventsController_createTicketType'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/events/{id}/tickets': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * List an event's tickets
     * @description Every ticket of every ticket type of the event, in the order issued, optionally of one status (valid, checked_in, void), with checkedInAt and gate. Pages of `limit` (default 50, at most 200); pass `nextCursor` as `cursor`.
     */
    get: operations['EventsController_listTickets'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/ticket-types/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Get a ticket type with its inventory
     * @description available: can be reserved now; reserved: held by active reservations; sold: paid for. The three always add up to capacity.
     */
    get: operations['TicketTypesController_get'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/tickets/{code}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Look a ticket up by its printed code
     * @description With its state at the door: checkedInAt and gate once checked in.
     */
    get: operations['TicketsController_get'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/tickets/{code}/check-in': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Check a ticket in at the door
     * @description The first scan of a valid ticket checks it in: 201 with the check-in. Every later scan is 409 TICKET_ALREADY_CHECKED_IN, whose body carries `checkIn` (when and at which gate the ticket was first scanned). Two gates scanning one ticket at the same moment: exactly one gets the 201, decided by the database. A refunded ticket is 409 TICKET_VOID. The same scan sent again with its Idempotency-Key replays the 201.
     */
    post: operations['TicketsController_checkIn'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/check-ins/batch': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Upload scans made offline
     * @description 1 to 200 scans, each with a `scanId` the scanner made when it read the code. Each scan id is applied at most once per tenant, however many times (or how concurrently) it is uploaded: a scan seen before answers `duplicate` and changes nothing. Otherwise the outcome is `checked_in`, `already_checked_in` (another scan came first: `checkIn` says when and where), `void` or `unknown`. The first check-in to reach the service stands, whatever the scanners' clocks say; within one upload, scans count in the order sent.
     */
    post: operations['CheckInsController_upload'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/reservations': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Hold seats
     * @description Takes `quantity` seats (1 to 50) from available to reserved for RESERVATION_TTL_SECONDS (default 600). All or nothing: when fewer seats are available the answer is 409 INSUFFICIENT_INVENTORY and nothing is held. A retry with the same Idempotency-Key returns the same reservation and takes no further seats. Unless purchased or cancelled, the hold expires at `expiresAt` and its seats return to available.
     */
    post: operations['ReservationsController_create'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/reservations/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Get a reservation
     * @description The hold and its status: `active` until `expiresAt`, then `expired` (even before its seats are swept back); `cancelled` after a cancel or a failed payment; `converted` once its purchase is paid. Another tenant's reservation is 404.
     */
    get: operations['ReservationsController_get'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/reservations/{id}/cancel': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Cancel a reservation
     * @description Ends an active hold and returns its seats to available, once. A retry with the same Idempotency-Key replays the 200. Any other cancel of a reservation that is no longer active (already cancelled, expired or purchased), including one with a new key after a successful cancel, is 409 RESERVATION_NOT_ACTIVE.
     */
    post: operations['ReservationsController_cancel'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/purchases': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Buy tickets
     * @description Turns an active reservation (or a fresh hold of {ticketTypeId, quantity}) into an order in `pending_payment` and asks the payment provider to charge it. The hold is extended to PAYMENT_WINDOW_SECONDS. The outcome arrives by webhook: poll GET /v1/orders/{id} until it is `paid` (tickets listed), `failed` or `expired`. A retry with the same Idempotency-Key replays this answer and never charges twice; the provider call carries a key derived from yours.
     */
    post: operations['PurchasesController_create'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/orders': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * List orders, newest first
     * @description Optionally only those for one event (`eventId`), in one status, or of one buyer (`email`, any case). Pages of `limit` (default 50, at most 200); pass `nextCursor` as `cursor` for the next page (null on the last). An unknown event lists nothing.
     */
    get: operations['OrdersController_list'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/orders/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Get an order, with its tickets once paid
     * @description Poll this after a purchase. `pending_payment` until the provider reports: then `paid` (one ticket per seat, each with a unique code), `failed` (seats released), `expired` (not paid within the payment window) or `refunded` (tickets listed `void`).
     */
    get: operations['OrdersController_get'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/payments/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Get a payment
     * @description The payment of an order: `pending` until the provider reports, then `succeeded` or `failed`; `refunded` after a refund. `providerPaymentId` is the provider's id (Stripe: `pi_…`).
     */
    get: operations['PaymentsController_get'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/payments/{id}/refund': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Refund a paid order
     * @description Refunds the payment through the provider (once per payment, whoever asks), ends the order `refunded`, voids its tickets and returns its seats to available. A payment whose order is not paid is 409 INVALID_STATE, and so is a second refund under a new Idempotency-Key.
     */
    post: operations['PaymentsController_refund'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/admin/tenants/{tenantId}/payments/{id}/refund': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Refund a tenant's paid order even after check-in (forced)
     * @description Like the tenant refund, but a ticket already checked in does not stop it: every ticket of the order is voided (its check-in stays on record) and the seats return. For exceptions such as an event cancelled after doors opened. A payment whose order is not paid is 409 INVALID_STATE.
     */
    post: operations['AdminRefundsController_refund'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/webhooks/payments': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Receive a payment provider event
     * @description The payment provider's webhook endpoint. No bearer token: the `Stripe-Signature` header authenticates the request (HMAC-SHA256 of `<t>.<raw body>` with PAYMENT_WEBHOOK_SECRET, timestamp within 300 s either way). A verified event is stored once per event id and answered at once; processing happens in the background. 200 means stored (or already stored: `duplicate: true`). 503 means it was NOT stored: deliver it again. No Idempotency-Key: the event id is the dedupe key.
     */
    post: operations['WebhooksController_receive'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/admin/webhook-events': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * List received webhook events
     * @description The inbox, newest first, optionally filtered by status and type. `failed` lists the events whose every attempt failed, with the last error; they can be replayed.
     */
    get: operations['WebhookEventsController_list'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/admin/webhook-events/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Get one webhook event
     * @description One stored provider event: its status (`pending`, `processing`, `processed` or `failed`), attempts, last error and the note processing left (e.g. an event for an unknown payment).
     */
    get: operations['WebhookEventsController_get'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/admin/webhook-events/{id}/replay': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Process a webhook event again
     * @description Sets the event back to pending, whatever its status, and queues it. Applying an event twice changes nothing (the payment state machine ignores duplicates), so replaying a processed event is safe. Answers 202 at once; follow the event with GET. If Redis is down the event is queued by the re-drive once it is back.
     */
    post: operations['WebhookEventsController_replay'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
}
export type webhooks = Record<string, never>;
export interface components {
  schemas: {
    HealthChecksDto: {
      /** @enum {string} */
      postgres: 'up' | 'down';
      /** @enum {string} */
      redis: 'up' | 'down';
    };
    HealthDto: {
      /**
       * @description ok when every check is up.
       * @enum {string}
       */
      status: 'ok' | 'unavailable';
      checks: components['schemas']['HealthChecksDto'];
    };
    LivenessDto: {
      /**
       * @description Always ok: an answer at all is the signal.
       * @enum {string}
       */
      status: 'ok';
    };
    CreateTenantDto: {
      /** @example Harbour Concerts Ltd */
      name: string;
    };
    CreatedTenantDto: {
      /** Format: uuid */
      id: string;
      /** @example Harbour Concerts Ltd */
      name: string;
      /**
       * @description The first characters of the current API key.
       * @example tsk_AbCdEf
       */
      apiKeyPrefix: string;
      /** Format: date-time */
      createdAt: string;
      /**
       * @description The tenant API key. Shown once: only a hash is stored, and a replay of this request returns the tenant without it. A lost key is replaced with POST /v1/admin/tenants/{id}/api-keys.
       * @example tsk_3q2-7wEJd0m5f0h1J4k1a6x9Q3vUeYkqLrT8nC2bQm0
       */
      apiKey?: string;
    };
    TenantDto: {
      /** Format: uuid */
      id: string;
      /** @example Harbour Concerts Ltd */
      name: string;
      /**
       * @description The first characters of the current API key.
       * @example tsk_AbCdEf
       */
      apiKeyPrefix: string;
      /** Format: date-time */
      createdAt: string;
    };
    RotateApiKeyDto: Record<string, never>;
    IssuedApiKeyDto: {
      /** Format: uuid */
      tenantId: string;
      /** @description The new API key, shown once (absent from a replay). The previous key stopped working when this one was issued. */
      apiKey?: string;
      /** @example tsk_AbCdEf */
      apiKeyPrefix: string;
      /** Format: date-time */
      issuedAt: string;
    };
    IdempotencyKeyStatusDto: {
      /**
       * Format: uuid
       * @description The key, lower case.
       */
      key: string;
      /**
       * @description processing: a request holds the key now; completed: its response is replayed.
       * @enum {string}
       */
      status: 'processing' | 'completed';
      /** @example POST */
      method: string;
      /** @example /v1/reservations */
      path: string;
      /** @description null while processing. */
      responseStatus: number | null;
      /** Format: date-time */
      createdAt: string;
      /**
       * Format: date-time
       * @description After this the key is forgotten and counts as new.
       */
      expiresAt: string;
    };
    CreateEventDto: {
      /** @example Harbour Jazz Night */
      name: string;
      /** @example Pier 4, Hamburg */
      venue?: string;
      /**
       * Format: date-time
       * @description ISO 8601 date-time with a time zone offset or Z.
       * @example 2027-06-01T19:30:00+02:00
       */
      startsAt: string;
    };
    EventDto: {
      /** Format: uuid */
      id: string;
      /** @example Harbour Jazz Night */
      name: string;
      /** @example Pier 4, Hamburg */
      venue: string | null;
      /** Format: date-time */
      startsAt: string;
      /** Format: date-time */
      createdAt: string;
    };
    EventListDto: {
      items: components['schemas']['EventDto'][];
      /** @description Pass as `cursor` to get the next page; null on the last page. */
      nextCursor: string | null;
    };
    CreateTicketTypeDto: {
      /** @example Standing */
      name: string;
      /**
       * @description Price of one ticket in the currency's minor unit.
       * @example 4500
       */
      priceCents: number;
      /**
       * @description ISO 4217 code, upper case; not a code that names no money (XXX, XTS, metals such as XAU, units such as XDR).
       * @example EUR
       */
      currency: string;
      /** @example 200 */
      capacity: number;
    };
    TicketTypeDto: {
      /** Format: uuid */
      id: string;
      /** Format: uuid */
      eventId: string;
      /** @example Standing */
      name: string;
      /** @example 4500 */
      priceCents: number;
      /** @example EUR */
      currency: string;
      /** @example 200 */
      capacity: number;
      /**
       * @description Seats that can be reserved now.
       * @example 180
       */
      available: number;
      /**
       * @description Seats held by active reservations.
       * @example 15
       */
      reserved: number;
      /**
       * @description Seats sold. available + reserved + sold = capacity, always.
       * @example 5
       */
      sold: number;
    };
    TicketTypeListDto: {
      items: components['schemas']['TicketTypeDto'][];
      /** @description Null on the last page. */
      nextCursor: string | null;
    };
    IssuedTicketDto: {
      /** Format: uuid */
      id: string;
      /**
       * @description The code printed on the ticket.
       * @example TKT-7QX3-M2PA-9KDE-4RTB
       */
      code: string;
      /** Format: uuid */
      orderId: string;
      /** Format: uuid */
      ticketTypeId: string;
      /**
       * @description valid: admits once; checked_in: was scanned in (checkedInAt, gate); void: its order was refunded.
       * @enum {string}
       */
      status: 'valid' | 'void' | 'checked_in';
      /**
       * Format: date-time
       * @description When the service accepted its check-in; null if never checked in.
       */
      checkedInAt: string | null;
      /**
       * @description Where it was.
       * @example North
       */
      gate: string | null;
    };
    IssuedTicketListDto: {
      items: components['schemas']['IssuedTicketDto'][];
      /** @description Null on the last page. */
      nextCursor: string | null;
    };
    CheckInRequestDto: {
      /**
       * @description Gate or scanner name.
       * @example North
       */
      gate?: string;
      /**
       * Format: date-time
       * @description When the code was read, by the scanner's clock; recorded, not used for ordering.
       * @example 2027-06-01T19:02:11+02:00
       */
      scannedAt?: string;
    };
    CheckInDto: {
      /** Format: uuid */
      ticketId: string;
      /** @example TKT-7QX3-M2PA-9KDE-4RTB */
      code: string;
      /** @example North */
      gate: string | null;
      /**
       * Format: date-time
       * @description When the scanner read the code, by the scanner's clock (the service's if not sent).
       */
      scannedAt: string;
      /**
       * Format: date-time
       * @description When the service accepted the check-in: the first to arrive stands.
       */
      checkedInAt: string;
    };
    OfflineScanDto: {
      /**
       * Format: uuid
       * @description Made by the scanner once per scan (a UUID v4) and kept with it until uploaded: a scan id is applied once, whatever the number of uploads.
       */
      scanId: string;
      /** @example TKT-7QX3-M2PA-9KDE-4RTB */
      code: string;
      /** @example North */
      gate?: string;
      /**
       * Format: date-time
       * @example 2027-06-01T19:02:11+02:00
       */
      scannedAt: string;
    };
    CheckInBatchRequestDto: {
      scans: components['schemas']['OfflineScanDto'][];
    };
    ScanResultDto: {
      /** Format: uuid */
      scanId: string;
      /**
       * @description checked_in: this scan checked the ticket in. duplicate: this scan id was applied by an earlier upload (or earlier in this one); nothing changed. already_checked_in: another scan checked the ticket in first (checkIn says when and where). void: the ticket was refunded. unknown: no ticket with this code.
       * @enum {string}
       */
      outcome: 'checked_in' | 'duplicate' | 'already_checked_in' | 'void' | 'unknown';
      /** @description The ticket's check-in: the one this scan made, or the earlier one that stands. Absent for void and unknown. */
      checkIn?: components['schemas']['CheckInDto'];
    };
    CheckInBatchResultDto: {
      /** @description One per scan, in the order sent. */
      results: components['schemas']['ScanResultDto'][];
    };
    CreateReservationDto: {
      /** Format: uuid */
      ticketTypeId: string;
      /**
       * @description Seats to hold, 1 to 50: one request cannot lock away more of an event than one order may buy.
       * @example 2
       */
      quantity: number;
    };
    ReservationDto: {
      /** Format: uuid */
      id: string;
      /** Format: uuid */
      ticketTypeId: string;
      /** @example 2 */
      quantity: number;
      /**
       * @description active: the seats are held until expiresAt. expired: time ran out (seats return to available within RESERVATION_SWEEP_INTERVAL_SECONDS). cancelled: cancelled by the client, or its payment failed. converted: purchased.
       * @enum {string}
       */
      status: 'active' | 'expired' | 'cancelled' | 'converted';
      /** Format: date-time */
      expiresAt: string;
      /** Format: date-time */
      createdAt: string;
    };
    CancelReservationDto: Record<string, never>;
    CreatePurchaseDto: {
      /**
       * Format: uuid
       * @description An active reservation to buy. Give this, or ticketTypeId with quantity.
       */
      reservationId?: string;
      /**
       * Format: uuid
       * @description Buy without a reservation: the ticket type…
       */
      ticketTypeId?: string;
      /** @description …and how many seats (with ticketTypeId only). */
      quantity?: number;
      /** @example ada@example.com */
      customerEmail: string;
      /**
       * @description The payment method. With the simulated provider, Stripe's test cards: pm_card_visa (default, succeeds), pm_card_chargeDeclined (fails), pm_card_authenticationRequired (stays pending; no webhook is sent).
       * @example pm_card_visa
       */
      paymentMethod?: string;
    };
    TicketDto: {
      /** Format: uuid */
      id: string;
      /**
       * @description Unique and unguessable.
       * @example TKT-7QX3-M2PA-9KDE-4RTB
       */
      code: string;
      /** @enum {string} */
      status: 'valid' | 'checked_in' | 'void';
    };
    OrderDto: {
      /** Format: uuid */
      id: string;
      /**
       * @description pending_payment until the provider reports; paid (tickets issued); failed (payment failed, seats released); expired (no outcome within PAYMENT_WINDOW_SECONDS, seats released); refunded.
       * @enum {string}
       */
      status: 'pending_payment' | 'paid' | 'failed' | 'expired' | 'refunded';
      /** Format: uuid */
      reservationId: string;
      /** Format: uuid */
      ticketTypeId: string;
      quantity: number;
      /** @example 5000 */
      totalCents: number;
      /** @example EUR */
      currency: string;
      /** Format: uuid */
      paymentId: string;
      customerEmail: string;
      /**
       * Format: date-time
       * @description When an unpaid order expires.
       */
      paymentDeadline: string;
      /** @description One per seat once paid; void after a refund. */
      tickets: components['schemas']['TicketDto'][];
      /** @description Why the order ended as it did. */
      note?: string | null;
      /** Format: date-time */
      createdAt: string;
    };
    OrderListDto: {
      items: components['schemas']['OrderDto'][];
      /** @description Null on the last page. */
      nextCursor: string | null;
    };
    PaymentDto: {
      /** Format: uuid */
      id: string;
      /** Format: uuid */
      orderId: string;
      /** @enum {string} */
      status: 'pending' | 'succeeded' | 'failed' | 'refunded';
      /** @example 5000 */
      amountCents: number;
      /** @example EUR */
      currency: string;
      /**
       * @description simulated or stripe
       * @example simulated
       */
      provider: string;
      /** @example pi_3Q… */
      providerPaymentId: string | null;
      /** Format: date-time */
      createdAt: string;
      /** Format: date-time */
      updatedAt: string;
    };
    RefundPaymentDto: Record<string, never>;
    AdminRefundDto: {
      /**
       * @description Why the refund overrides the check-in rule; kept as the order note and logged.
       * @example Show cancelled after doors opened
       */
      reason: string;
    };
    ProviderEventObjectDto: {
      /**
       * @description The payment's providerPaymentId.
       * @example pi_3Nx...
       */
      id: string;
      /** @example payment_intent */
      object: string;
      /**
       * @description Minor units.
       * @example 5000
       */
      amount: number;
      /**
       * @description ISO 4217, any case.
       * @example eur
       */
      currency: string;
      /** @example succeeded */
      status?: string;
      metadata?: {
        [key: string]: string;
      };
    };
    ProviderEventDataDto: {
      object: components['schemas']['ProviderEventObjectDto'];
    };
    ProviderEventDto: {
      /**
       * @description Unique per provider; the dedupe key.
       * @example evt_1Nx...
       */
      id: string;
      /** @example payment_intent.succeeded */
      type: string;
      /**
       * @description Unix seconds.
       * @example 1764547200
       */
      created: number;
      data: components['schemas']['ProviderEventDataDto'];
    };
    WebhookReceiptDto: {
      /**
       * @description Always true: the event is stored.
       * @example true
       */
      received: boolean;
      /** @description True when an event with this id was already stored; it is not processed again. */
      duplicate: boolean;
    };
    WebhookEventDto: {
      /** Format: uuid */
      id: string;
      /**
       * @description The payment provider that sent the event.
       * @example simulated
       */
      provider: string;
      /**
       * @description The provider's event id.
       * @example evt_1Nx...
       */
      eventId: string;
      /** @example payment_intent.succeeded */
      type: string;
      /**
       * @description pending: stored, waiting for the worker; processing: a worker holds it; processed: applied (or ignored, see note); failed: every attempt failed, see lastError, replayable.
       * @enum {string}
       */
      status: 'pending' | 'processing' | 'processed' | 'failed';
      /** @description How many times a worker took the event, replays included. */
      attempts: number;
      /** @description The error of the last failed attempt. */
      lastError: string | null;
      /** @description What processing did when it was not a plain application, e.g. "ignored: duplicate". */
      note: string | null;
      /** Format: date-time */
      receivedAt: string;
      /** Format: date-time */
      processedAt: string | null;
    };
    WebhookEventListDto: {
      items: components['schemas']['WebhookEventDto'][];
      /** @description Pass as ?cursor= for the next page; null on the last page. */
      nextCursor: string | null;
    };
    ReplayWebhookEventDto: Record<string, never>;
    Problem: {
      /** Format: uri */
      type: string;
      title: string;
      status: number;
      detail: string;
      /** @description Stable machine-readable code (see the README). */
      code: string;
      instance?: string;
      /** @description VALIDATION_FAILED of a body over a structural limit: which one (maxDepth, maxKeysPerObject, maxTotalKeys, maxStringLength). */
      limit?: string;
      /** @description VALIDATION_FAILED only, when `errors` was cut short: how many fields failed. */
      errorsTotal?: number;
      /** @description VALIDATION_FAILED only: the fields that failed and why (at most 20). */
      errors?: {
        field: string;
        messages: string[];
      }[];
    };
  };
  responses: never;
  parameters: never;
  requestBodies: never;
  headers: never;
  pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
  HealthController_check: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Both answer. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['HealthDto'];
        };
      };
      /** @description PostgreSQL or Redis does not answer (with Retry-After). SERVICE_UNAVAILABLE: The database cannot be reached; retry later. */
      503: {
        headers: {
          /** @description Whole seconds to wait before sending the same request again. */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "https://ticket-service.dev/problems/service-unavailable",
           *       "title": "Service unavailable",
           *       "status": 503,
           *       "detail": "The database cannot be reached; retry later.",
           *       "code": "SERVICE_UNAVAILABLE"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  HealthController_live: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The process is alive. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['LivenessDto'];
        };
      };
    };
  };
  TenantsController_create: {
    parameters: {
      query?: never;
      header: {
        /** @description A UUID v4 you generate per logical request and send again on every retry of it. Bare or quoted, any case. */
        'Idempotency-Key': string;
      };
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['CreateTenantDto'];
      };
    };
    responses: {
      201: {
        headers: {
          /** @description `true` when this is a stored response replayed for a retried key; absent on a first response. */
          'X-Idempotent-Replayed'?: 'true';
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['CreatedTenantDto'];
        };
      };
      /** @description IDEMPOTENCY_KEY_MISSING: This request needs an Idempotency-Key header (a UUID v4). IDEMPOTENCY_KEY_INVALID: Idempotency-Key must be a UUID v4. VALIDATION_FAILED: name must be a string */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description UNAUTHORIZED: Missing or wrong bearer credentials. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "https://ticket-service.dev/problems/unauthorized",
           *       "title": "Unauthorized",
           *       "status": 401,
           *       "detail": "Missing or wrong bearer credentials.",
           *       "code": "UNAUTHORIZED"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description IDEMPOTENCY_REQUEST_IN_PROGRESS: A request with this Idempotency-Key is still being processed; retry after Retry-After seconds. */
      409: {
        headers: {
          /** @description Whole seconds to wait before sending the same request again. */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "https://ticket-service.dev/problems/idempotency-request-in-progress",
           *       "title": "Request in progress",
           *       "status": 409,
           *       "detail": "A request with this Idempotency-Key is still being processed; retry after Retry-After seconds.",
           *       "code": "IDEMPOTENCY_REQUEST_IN_PROGRESS"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description IDEMPOTENCY_KEY_REUSED: This Idempotency-Key was used with a different method, path or body. */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "https://ticket-service.dev/problems/idempotency-key-reused",
           *       "title": "Idempotency-Key reused",
           *       "status": 422,
           *       "detail": "This Idempotency-Key was used with a different method, path or body.",
           *       "code": "IDEMPOTENCY_KEY_REUSED"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description RATE_LIMITED: More than 100 state-changing requests per second; retry after Retry-After seconds. */
      429: {
        headers: {
          /** @description Whole seconds to wait before sending the same request again. */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "https://ticket-service.dev/problems/rate-limited",
           *       "title": "Too many requests",
           *       "status": 429,
           *       "detail": "More than 100 state-changing requests per second; retry after Retry-After seconds.",
           *       "code": "RATE_LIMITED"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  TenantsController_get: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['TenantDto'];
        };
      };
      /** @description VALIDATION_FAILED: name must be a string */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "https://ticket-service.dev/problems/validation-failed",
           *       "title": "Validation failed",
           *       "status": 400,
           *       "detail": "name must be a string",
           *       "code": "VALIDATION_FAILED"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description UNAUTHORIZED: Missing or wrong bearer credentials. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "https://ticket-service.dev/problems/unauthorized",
           *       "title": "Unauthorized",
           *       "status": 401,
           *       "detail": "Missing or wrong bearer credentials.",
           *       "code": "UNAUTHORIZED"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No such tenant. NOT_FOUND: No such resource for this tenant. */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "https://ticket-service.dev/problems/not-found",
           *       "title": "Not found",
           *       "status": 404,
           *       "detail": "No such resource for this tenant.",
           *       "code": "NOT_FOUND"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  TenantsController_rotate: {
    parameters: {
      query?: never;
      header: {
        /** @description A UUID v4 you generate per logical request and send again on every retry of it. Bare or quoted, any case. */
        'Idempotency-Key': string;
      };
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['RotateApiKeyDto'];
      };
    };
    responses: {
      201: {
        headers: {
          /** @description `true` when this is a stored response replayed for a retried key; absent on a first response. */
          'X-Idempotent-Replayed'?: 'true';
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['IssuedApiKeyDto'];
        };
      };
      /** @description IDEMPOTENCY_KEY_MISSING: This request needs an Idempotency-Key header (a UUID v4). IDEMPOTENCY_KEY_INVALID: Idempotency-Key must be a UUID v4. VALIDATION_FAILED: name must be a string */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description UNAUTHORIZED: Missing or wrong bearer credentials. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "https://ticket-service.dev/problems/unauthorized",
           *       "title": "Unauthorized",
           *       "status": 401,
           *       "detail": "Missing or wrong bearer credentials.",
           *       "code": "UNAUTHORIZED"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No such tenant. NOT_FOUND: No such resource for this tenant. */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "https://ticket-service.dev/problems/not-found",
           *       "title": "Not found",
           *       "status": 404,
           *       "detail": "No such resource for this tenant.",
           *       "code": "NOT_FOUND"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description IDEMPOTENCY_REQUEST_IN_PROGRESS: A request with this Idempotency-Key is still being processed; retry after Retry-After seconds. */
      409: {
        headers: {
          /** @description Whole seconds to wait before sending the same request again. */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "https://ticket-service.dev/problems/idempotency-request-in-progress",
           *       "title": "Request in progress",
           *       "status": 409,
           *       "detail": "A request with this Idempotency-Key is still being processed; retry after Retry-After seconds.",
           *       "code": "IDEMPOTENCY_REQUEST_IN_PROGRESS"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description IDEMPOTENCY_KEY_REUSED: This Idempotency-Key was used with a different method, path or body. */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "https://ticket-service.dev/problems/idempotency-key-reused",
           *       "title": "Idempotency-Key reused",
           *       "status": 422,
           *       "detail": "This Idempotency-Key was used with a different method, path or body.",
           *       "code": "IDEMPOTENCY_KEY_REUSED"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description RATE_LIMITED: More than 100 state-changing requests per second; retry after Retry-After seconds. */
      429: {
        headers: {
          /** @description Whole seconds to wait before sending the same request again. */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "https://ticket-service.dev/problems/rate-limited",
           *       "title": "Too many requests",
           *       "status": 429,
           *       "detail": "More than 100 state-changing requests per second; retry after Retry-After seconds.",
           *       "code": "RATE_LIMITED"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  IdempotencyController_find: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        key: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['IdempotencyKeyStatusDto'];
        };
      };
      /** @description VALIDATION_FAILED: name must be a string */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "https://ticket-service.dev/problems/validation-failed",
           *       "title": "Validation failed",
           *       "status": 400,
           *       "detail": "name must be a string",
           *       "code": "VALIDATION_FAILED"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description UNAUTHORIZED: Missing or wrong bearer credentials. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "https://ticket-service.dev/problems/unauthorized",
           *       "title": "Unauthorized",
           *       "status": 401,
           *       "detail": "Missing or wrong bearer credentials.",
           *       "code": "UNAUTHORIZED"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No such key for this tenant (or it expired). NOT_FOUND: No such resource for this tenant. */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "https://ticket-service.dev/problems/not-found",
           *       "title": "Not found",
           *       "status": 404,
           *       "detail": "No such resource for this tenant.",
           *       "code": "NOT_FOUND"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  EventsController_list: {
    parameters: {
      query?: {
        limit?: number;
        /** @description The `nextCursor` of the previous page. */
        cursor?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['EventListDto'];
        };
      };
      /** @description VALIDATION_FAILED: name must be a string */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "https://ticket-service.dev/problems/validation-failed",
           *       "title": "Validation failed",
           *       "status": 400,
           *       "detail": "name must be a string",
           *       "code": "VALIDATION_FAILED"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description UNAUTHORIZED: Missing or wrong bearer credentials. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "https://ticket-service.dev/problems/unauthorized",
           *       "title": "Unauthorized",
           *       "status": 401,
           *       "detail": "Missing or wrong bearer credentials.",
           *       "code": "UNAUTHORIZED"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  EventsController_create: {
    parameters: {
      query?: never;
      header: {
        /** @description A UUID v4 you generate per logical request and send again on every retry of it. Bare or quoted, any case. */
        'Idempotency-Key': string;
      };
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['CreateEventDto'];
      };
    };
    responses: {
      201: {
        headers: {
          /** @description `true` when this is a stored response replayed for a retried key; absent on a first response. */
          'X-Idempotent-Replayed'?: 'true';
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['EventDto'];
        };
      };
      /** @description IDEMPOTENCY_KEY_MISSING: This request needs an Idempotency-Key header (a UUID v4). IDEMPOTENCY_KEY_INVALID: Idempotency-Key must be a UUID v4. VALIDATION_FAILED: name must be a string */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description UNAUTHORIZED: Missing or wrong bearer credentials. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "https://ticket-service.dev/problems/unauthorized",
           *       "title": "Unauthorized",
           *       "status": 401,
           *       "detail": "Missing or wrong bearer credentials.",
           *       "code": "UNAUTHORIZED"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description IDEMPOTENCY_REQUEST_IN_PROGRESS: A request with this Idempotency-Key is still being processed; retry after Retry-After seconds. */
      409: {
        headers: {
          /** @description Whole seconds to wait before sending the same request again. */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "https://ticket-service.dev/problems/idempotency-request-in-progress",
           *       "title": "Request in progress",
           *       "status": 409,
           *       "detail": "A request with this Idempotency-Key is still being processed; retry after Retry-After seconds.",
           *       "code": "IDEMPOTENCY_REQUEST_IN_PROGRESS"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description IDEMPOTENCY_KEY_REUSED: This Idempotency-Key was used with a different method, path or body. */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "https://ticket-service.dev/problems/idempotency-key-reused",
           *       "title": "Idempotency-Key reused",
           *       "status": 422,
           *       "detail": "This Idempotency-Key was used with a different method, path or body.",
           *       "code": "IDEMPOTENCY_KEY_REUSED"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description RATE_LIMITED: More than 100 state-changing requests per second; retry after Retry-After seconds. */
      429: {
        headers: {
          /** @description Whole seconds to wait before sending the same request again. */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "https://ticket-service.dev/problems/rate-limited",
           *       "title": "Too many requests",
           *       "status": 429,
           *       "detail": "More than 100 state-changing requests per second; retry after Retry-After seconds.",
           *       "code": "RATE_LIMITED"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  EventsController_get: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['EventDto'];
        };
      };
      /** @description VALIDATION_FAILED: name must be a string */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "https://ticket-service.dev/problems/validation-failed",
           *       "title": "Validation failed",
           *       "status": 400,
           *       "detail": "name must be a string",
           *       "code": "VALIDATION_FAILED"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description UNAUTHORIZED: Missing or wrong bearer credentials. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "https://ticket-service.dev/problems/unauthorized",
           *       "title": "Unauthorized",
           *       "status": 401,
           *       "detail": "Missing or wrong bearer credentials.",
           *       "code": "UNAUTHORIZED"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No such event for this tenant. NOT_FOUND: No such resource for this tenant. */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "https://ticket-service.dev/problems/not-found",
           *       "title": "Not found",
           *       "status": 404,
           *       "detail": "No such resource for this tenant.",
           *       "code": "NOT_FOUND"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  EventsController_listTicketTypes: {
    parameters: {
      query?: {
        limit?: number;
        /** @description The `nextCursor` of the previous page. */
        cursor?: string;
      };
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['TicketTypeListDto'];
        };
      };
      /** @description VALIDATION_FAILED: name must be a string */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "https://ticket-service.dev/problems/validation-failed",
           *       "title": "Validation failed",
           *       "status": 400,
           *       "detail": "name must be a string",
           *       "code": "VALIDATION_FAILED"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description UNAUTHORIZED: Missing or wrong bearer credentials. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "https://ticket-service.dev/problems/unauthorized",
           *       "title": "Unauthorized",
           *       "status": 401,
           *       "detail": "Missing or wrong bearer credentials.",
           *       "code": "UNAUTHORIZED"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No such event for this tenant. NOT_FOUND: No such resource for this tenant. */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "https://ticket-service.dev/problems/not-found",
           *       "title": "Not found",
           *       "status": 404,
           *       "detail": "No such resource for this tenant.",
           *       "code": "NOT_FOUND"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  EventsController_createTicketType: {
    parameters: {
      query?: never;
      header: {
        /** @description A UUID v4 you generate per logical request and send again on every retry of it. Bare or quoted, any case. */
        'Idempotency-Key': string;
      };
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['CreateTicketTypeDto'];
      };
    };
    responses: {
      201: {
        headers: {
          /** @description `true` when this is a stored response replayed for a retried key; absent on a first response. */
          'X-Idempotent-Replayed'?: 'true';
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['TicketTypeDto'];
        };
      };
      /** @description IDEMPOTENCY_KEY_MISSING: This request needs an Idempotency-Key header (a UUID v4). IDEMPOTENCY_KEY_INVALID: Idempotency-Key must be a UUID v4. VALIDATION_FAILED: name must be a string */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description UNAUTHORIZED: Missing or wrong bearer credentials. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "https://ticket-service.dev/problems/unauthorized",
           *       "title": "Unauthorized",
           *       "status": 401,
           *       "detail": "Missing or wrong bearer credentials.",
           *       "code": "UNAUTHORIZED"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No such event for this tenant. NOT_FOUND: No such resource for this tenant. */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "https://ticket-service.dev/problems/not-found",
           *       "title": "Not found",
           *       "status": 404,
           *       "detail": "No such resource for this tenant.",
           *       "code": "NOT_FOUND"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description IDEMPOTENCY_REQUEST_IN_PROGRESS: A request with this Idempotency-Key is still being processed; retry after Retry-After seconds. */
      409: {
        headers: {
          /** @description Whole seconds to wait before sending the same request again. */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "https://ticket-service.dev/problems/idempotency-request-in-progress",
           *       "title": "Request in progress",
           *       "status": 409,
           *       "detail": "A request with this Idempotency-Key is still being processed; retry after Retry-After seconds.",
           *       "code": "IDEMPOTENCY_REQUEST_IN_PROGRESS"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description IDEMPOTENCY_KEY_REUSED: This Idempotency-Key was used with a different method, path or body. */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "https://ticket-service.dev/problems/idempotency-key-reused",
           *       "title": "Idempotency-Key reused",
           *       "status": 422,
           *       "detail": "This Idempotency-Key was used with a different method, path or body.",
           *       "code": "IDEMPOTENCY_KEY_REUSED"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description RATE_LIMITED: More than 100 state-changing requests per second; retry after Retry-After seconds. */
      429: {
        headers: {
          /** @description Whole seconds to wait before sending the same request again. */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "https://ticket-service.dev/problems/rate-limited",
           *       "title": "Too many requests",
           *       "status": 429,
           *       "detail": "More than 100 state-changing requests per second; retry after Retry-After seconds.",
           *       "code": "RATE_LIMITED"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  EventsController_listTickets: {
    parameters: {
      query?: {
        limit?: number;
        /** @description The `nextCursor` of the previous page. */
        cursor?: string;
        status?: 'valid' | 'void' | 'checked_in';
      };
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['IssuedTicketListDto'];
        };
      };
      /** @description VALIDATION_FAILED: name must be a string */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "https://ticket-service.dev/problems/validation-failed",
           *       "title": "Validation failed",
           *       "status": 400,
           *       "detail": "name must be a string",
           *       "code": "VALIDATION_FAILED"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description UNAUTHORIZED: Missing or wrong bearer credentials. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "https://ticket-service.dev/problems/unauthorized",
           *       "title": "Unauthorized",
           *       "status": 401,
           *       "detail": "Missing or wrong bearer credentials.",
           *       "code": "UNAUTHORIZED"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No such event for this tenant. NOT_FOUND: No such resource for this tenant. */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "https://ticket-service.dev/problems/not-found",
           *       "title": "Not found",
           *       "status": 404,
           *       "detail": "No such resource for this tenant.",
           *       "code": "NOT_FOUND"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  TicketTypesController_get: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['TicketTypeDto'];
        };
      };
      /** @description VALIDATION_FAILED: name must be a string */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "https://ticket-service.dev/problems/validation-failed",
           *       "title": "Validation failed",
           *       "status": 400,
           *       "detail": "name must be a string",
           *       "code": "VALIDATION_FAILED"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description UNAUTHORIZED: Missing or wrong bearer credentials. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "https://ticket-service.dev/problems/unauthorized",
           *       "title": "Unauthorized",
           *       "status": 401,
           *       "detail": "Missing or wrong bearer credentials.",
           *       "code": "UNAUTHORIZED"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No such ticket type for this tenant. NOT_FOUND: No such resource for this tenant. */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "https://ticket-service.dev/problems/not-found",
           *       "title": "Not found",
           *       "status": 404,
           *       "detail": "No such resource for this tenant.",
           *       "code": "NOT_FOUND"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  TicketsController_get: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description The code printed on the ticket (any case). */
        code: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['IssuedTicketDto'];
        };
      };
      /** @description VALIDATION_FAILED: name must be a string */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "https://ticket-service.dev/problems/validation-failed",
           *       "title": "Validation failed",
           *       "status": 400,
           *       "detail": "name must be a string",
           *       "code": "VALIDATION_FAILED"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description UNAUTHORIZED: Missing or wrong bearer credentials. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "https://ticket-service.dev/problems/unauthorized",
           *       "title": "Unauthorized",
           *       "status": 401,
           *       "detail": "Missing or wrong bearer credentials.",
           *       "code": "UNAUTHORIZED"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No ticket with this code for this tenant. NOT_FOUND: No such resource for this tenant. */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "https://ticket-service.dev/problems/not-found",
           *       "title": "Not found",
           *       "status": 404,
           *       "detail": "No such resource for this tenant.",
           *       "code": "NOT_FOUND"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  TicketsController_checkIn: {
    parameters: {
      query?: never;
      header: {
        /** @description A UUID v4 you generate per logical request and send again on every retry of it. Bare or quoted, any case. */
        'Idempotency-Key': string;
      };
      path: {
        /** @description The code printed on the ticket (any case). */
        code: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['CheckInRequestDto'];
      };
    };
    responses: {
      201: {
        headers: {
          /** @description `true` when this is a stored response replayed for a retried key; absent on a first response. */
          'X-Idempotent-Replayed'?: 'true';
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['CheckInDto'];
        };
      };
      /** @description IDEMPOTENCY_KEY_MISSING: This request needs an Idempotency-Key header (a UUID v4). IDEMPOTENCY_KEY_INVALID: Idempotency-Key must be a UUID v4. VALIDATION_FAILED: name must be a string */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description UNAUTHORIZED: Missing or wrong bearer credentials. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "https://ticket-service.dev/problems/unauthorized",
           *       "title": "Unauthorized",
           *       "status": 401,
           *       "detail": "Missing or wrong bearer credentials.",
           *       "code": "UNAUTHORIZED"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No ticket with this code for this tenant. NOT_FOUND: No such resource for this tenant. */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "https://ticket-service.dev/problems/not-found",
           *       "title": "Not found",
           *       "status": 404,
           *       "detail": "No such resource for this tenant.",
           *       "code": "NOT_FOUND"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description TICKET_ALREADY_CHECKED_IN: checked in before (see `checkIn` in the body). TICKET_VOID: refunded. IDEMPOTENCY_REQUEST_IN_PROGRESS: A request with this Idempotency-Key is still being processed; retry after Retry-After seconds. */
      409: {
        headers: {
          /** @description Whole seconds to wait before sending the same request again. */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description IDEMPOTENCY_KEY_REUSED: This Idempotency-Key was used with a different method, path or body. */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "https://ticket-service.dev/problems/idempotency-key-reused",
           *       "title": "Idempotency-Key reused",
           *       "status": 422,
           *       "detail": "This Idempotency-Key was used with a different method, path or body.",
           *       "code": "IDEMPOTENCY_KEY_REUSED"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description RATE_LIMITED: More than 100 state-changing requests per second; retry after Retry-After seconds. */
      429: {
        headers: {
          /** @description Whole seconds to wait before sending the same request again. */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "https://ticket-service.dev/problems/rate-limited",
           *       "title": "Too many requests",
           *       "status": 429,
           *       "detail": "More than 100 state-changing requests per second; retry after Retry-After seconds.",
           *       "code": "RATE_LIMITED"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  CheckInsController_upload: {
    parameters: {
      query?: never;
      header: {
        /** @description A UUID v4 you generate per logical request and send again on every retry of it. Bare or quoted, any case. */
        'Idempotency-Key': string;
      };
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['CheckInBatchRequestDto'];
      };
    };
    responses: {
      200: {
        headers: {
          /** @description `true` when this is a stored response replayed for a retried key; absent on a first response. */
          'X-Idempotent-Replayed'?: 'true';
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['CheckInBatchResultDto'];
        };
      };
      /** @description IDEMPOTENCY_KEY_MISSING: This request needs an Idempotency-Key header (a UUID v4). IDEMPOTENCY_KEY_INVALID: Idempotency-Key must be a UUID v4. VALIDATION_FAILED: name must be a string */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description UNAUTHORIZED: Missing or wrong bearer credentials. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "https://ticket-service.dev/problems/unauthorized",
           *       "title": "Unauthorized",
           *       "status": 401,
           *       "detail": "Missing or wrong bearer credentials.",
           *       "code": "UNAUTHORIZED"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description IDEMPOTENCY_REQUEST_IN_PROGRESS: A request with this Idempotency-Key is still being processed; retry after Retry-After seconds. */
      409: {
        headers: {
          /** @description Whole seconds to wait before sending the same request again. */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "https://ticket-service.dev/problems/idempotency-request-in-progress",
           *       "title": "Request in progress",
           *       "status": 409,
           *       "detail": "A request with this Idempotency-Key is still being processed; retry after Retry-After seconds.",
           *       "code": "IDEMPOTENCY_REQUEST_IN_PROGRESS"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description IDEMPOTENCY_KEY_REUSED: This Idempotency-Key was used with a different method, path or body. */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "https://ticket-service.dev/problems/idempotency-key-reused",
           *       "title": "Idempotency-Key reused",
           *       "status": 422,
           *       "detail": "This Idempotency-Key was used with a different method, path or body.",
           *       "code": "IDEMPOTENCY_KEY_REUSED"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description RATE_LIMITED: More than 100 state-changing requests per second; retry after Retry-After seconds. */
      429: {
        headers: {
          /** @description Whole seconds to wait before sending the same request again. */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "https://ticket-service.dev/problems/rate-limited",
           *       "title": "Too many requests",
           *       "status": 429,
           *       "detail": "More than 100 state-changing requests per second; retry after Retry-After seconds.",
           *       "code": "RATE_LIMITED"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  ReservationsController_create: {
    parameters: {
      query?: never;
      header: {
        /** @description A UUID v4 you generate per logical request and send again on every retry of it. Bare or quoted, any case. */
        'Idempotency-Key': string;
      };
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['CreateReservationDto'];
      };
    };
    responses: {
      201: {
        headers: {
          /** @description `true` when this is a stored response replayed for a retried key; absent on a first response. */
          'X-Idempotent-Replayed'?: 'true';
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ReservationDto'];
        };
      };
      /** @description IDEMPOTENCY_KEY_MISSING: This request needs an Idempotency-Key header (a UUID v4). IDEMPOTENCY_KEY_INVALID: Idempotency-Key must be a UUID v4. VALIDATION_FAILED: name must be a string */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description UNAUTHORIZED: Missing or wrong bearer credentials. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "https://ticket-service.dev/problems/unauthorized",
           *       "title": "Unauthorized",
           *       "status": 401,
           *       "detail": "Missing or wrong bearer credentials.",
           *       "code": "UNAUTHORIZED"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No such ticket type for this tenant. NOT_FOUND: No such resource for this tenant. */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "https://ticket-service.dev/problems/not-found",
           *       "title": "Not found",
           *       "status": 404,
           *       "detail": "No such resource for this tenant.",
           *       "code": "NOT_FOUND"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description INSUFFICIENT_INVENTORY: not enough seats available. IDEMPOTENCY_REQUEST_IN_PROGRESS: a request with this key is still being processed. */
      409: {
        headers: {
          /** @description Whole seconds to wait before sending the same request again. */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description IDEMPOTENCY_KEY_REUSED: This Idempotency-Key was used with a different method, path or body. */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "https://ticket-service.dev/problems/idempotency-key-reused",
           *       "title": "Idempotency-Key reused",
           *       "status": 422,
           *       "detail": "This Idempotency-Key was used with a different method, path or body.",
           *       "code": "IDEMPOTENCY_KEY_REUSED"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description RATE_LIMITED: More than 100 state-changing requests per second; retry after Retry-After seconds. */
      429: {
        headers: {
          /** @description Whole seconds to wait before sending the same request again. */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "https://ticket-service.dev/problems/rate-limited",
           *       "title": "Too many requests",
           *       "status": 429,
           *       "detail": "More than 100 state-changing requests per second; retry after Retry-After seconds.",
           *       "code": "RATE_LIMITED"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  ReservationsController_get: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ReservationDto'];
        };
      };
      /** @description VALIDATION_FAILED: name must be a string */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "https://ticket-service.dev/problems/validation-failed",
           *       "title": "Validation failed",
           *       "status": 400,
           *       "detail": "name must be a string",
           *       "code": "VALIDATION_FAILED"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description UNAUTHORIZED: Missing or wrong bearer credentials. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "https://ticket-service.dev/problems/unauthorized",
           *       "title": "Unauthorized",
           *       "status": 401,
           *       "detail": "Missing or wrong bearer credentials.",
           *       "code": "UNAUTHORIZED"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No such reservation for this tenant. NOT_FOUND: No such resource for this tenant. */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "https://ticket-service.dev/problems/not-found",
           *       "title": "Not found",
           *       "status": 404,
           *       "detail": "No such resource for this tenant.",
           *       "code": "NOT_FOUND"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  ReservationsController_cancel: {
    parameters: {
      query?: never;
      header: {
        /** @description A UUID v4 you generate per logical request and send again on every retry of it. Bare or quoted, any case. */
        'Idempotency-Key': string;
      };
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['CancelReservationDto'];
      };
    };
    responses: {
      200: {
        headers: {
          /** @description `true` when this is a stored response replayed for a retried key; absent on a first response. */
          'X-Idempotent-Replayed'?: 'true';
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ReservationDto'];
        };
      };
      /** @description IDEMPOTENCY_KEY_MISSING: This request needs an Idempotency-Key header (a UUID v4). IDEMPOTENCY_KEY_INVALID: Idempotency-Key must be a UUID v4. VALIDATION_FAILED: name must be a string */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description UNAUTHORIZED: Missing or wrong bearer credentials. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "https://ticket-service.dev/problems/unauthorized",
           *       "title": "Unauthorized",
           *       "status": 401,
           *       "detail": "Missing or wrong bearer credentials.",
           *       "code": "UNAUTHORIZED"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No such reservation for this tenant. NOT_FOUND: No such resource for this tenant. */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "https://ticket-service.dev/problems/not-found",
           *       "title": "Not found",
           *       "status": 404,
           *       "detail": "No such resource for this tenant.",
           *       "code": "NOT_FOUND"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description RESERVATION_NOT_ACTIVE: cancelled, expired or purchased. IDEMPOTENCY_REQUEST_IN_PROGRESS: a request with this key is still being processed. */
      409: {
        headers: {
          /** @description Whole seconds to wait before sending the same request again. */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description IDEMPOTENCY_KEY_REUSED: This Idempotency-Key was used with a different method, path or body. */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "https://ticket-service.dev/problems/idempotency-key-reused",
           *       "title": "Idempotency-Key reused",
           *       "status": 422,
           *       "detail": "This Idempotency-Key was used with a different method, path or body.",
           *       "code": "IDEMPOTENCY_KEY_REUSED"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description RATE_LIMITED: More than 100 state-changing requests per second; retry after Retry-After seconds. */
      429: {
        headers: {
          /** @description Whole seconds to wait before sending the same request again. */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "https://ticket-service.dev/problems/rate-limited",
           *       "title": "Too many requests",
           *       "status": 429,
           *       "detail": "More than 100 state-changing requests per second; retry after Retry-After seconds.",
           *       "code": "RATE_LIMITED"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  PurchasesController_create: {
    parameters: {
      query?: never;
      header: {
        /** @description A UUID v4 you generate per logical request and send again on every retry of it. Bare or quoted, any case. */
        'Idempotency-Key': string;
      };
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['CreatePurchaseDto'];
      };
    };
    responses: {
      201: {
        headers: {
          /** @description `true` when this is a stored response replayed for a retried key; absent on a first response. */
          'X-Idempotent-Replayed'?: 'true';
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['OrderDto'];
        };
      };
      /** @description IDEMPOTENCY_KEY_MISSING: This request needs an Idempotency-Key header (a UUID v4). IDEMPOTENCY_KEY_INVALID: Idempotency-Key must be a UUID v4. VALIDATION_FAILED: name must be a string */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description UNAUTHORIZED: Missing or wrong bearer credentials. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "https://ticket-service.dev/problems/unauthorized",
           *       "title": "Unauthorized",
           *       "status": 401,
           *       "detail": "Missing or wrong bearer credentials.",
           *       "code": "UNAUTHORIZED"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No such reservation or ticket type for this tenant. NOT_FOUND: No such resource for this tenant. */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "https://ticket-service.dev/problems/not-found",
           *       "title": "Not found",
           *       "status": 404,
           *       "detail": "No such resource for this tenant.",
           *       "code": "NOT_FOUND"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description RESERVATION_NOT_ACTIVE (expired, cancelled, or already purchased) or INSUFFICIENT_INVENTORY. IDEMPOTENCY_REQUEST_IN_PROGRESS: A request with this Idempotency-Key is still being processed; retry after Retry-After seconds. */
      409: {
        headers: {
          /** @description Whole seconds to wait before sending the same request again. */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description IDEMPOTENCY_KEY_REUSED: This Idempotency-Key was used with a different method, path or body. */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "https://ticket-service.dev/problems/idempotency-key-reused",
           *       "title": "Idempotency-Key reused",
           *       "status": 422,
           *       "detail": "This Idempotency-Key was used with a different method, path or body.",
           *       "code": "IDEMPOTENCY_KEY_REUSED"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description RATE_LIMITED: More than 100 state-changing requests per second; retry after Retry-After seconds. */
      429: {
        headers: {
          /** @description Whole seconds to wait before sending the same request again. */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "https://ticket-service.dev/problems/rate-limited",
           *       "title": "Too many requests",
           *       "status": 429,
           *       "detail": "More than 100 state-changing requests per second; retry after Retry-After seconds.",
           *       "code": "RATE_LIMITED"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  OrdersController_list: {
    parameters: {
      query?: {
        limit?: number;
        /** @description The `nextCursor` of the previous page. */
        cursor?: string;
        /** @description Orders for ticket types of this event. */
        eventId?: string;
        status?: 'pending_payment' | 'paid' | 'failed' | 'expired' | 'refunded';
        /** @description The buyer's e-mail address, matched exactly but for case. */
        email?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['OrderListDto'];
        };
      };
      /** @description VALIDATION_FAILED: name must be a string */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "https://ticket-service.dev/problems/validation-failed",
           *       "title": "Validation failed",
           *       "status": 400,
           *       "detail": "name must be a string",
           *       "code": "VALIDATION_FAILED"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description UNAUTHORIZED: Missing or wrong bearer credentials. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "https://ticket-service.dev/problems/unauthorized",
           *       "title": "Unauthorized",
           *       "status": 401,
           *       "detail": "Missing or wrong bearer credentials.",
           *       "code": "UNAUTHORIZED"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  OrdersController_get: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['OrderDto'];
        };
      };
      /** @description VALIDATION_FAILED: name must be a string */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "https://ticket-service.dev/problems/validation-failed",
           *       "title": "Validation failed",
           *       "status": 400,
           *       "detail": "name must be a string",
           *       "code": "VALIDATION_FAILED"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description UNAUTHORIZED: Missing or wrong bearer credentials. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "https://ticket-service.dev/problems/unauthorized",
           *       "title": "Unauthorized",
           *       "status": 401,
           *       "detail": "Missing or wrong bearer credentials.",
           *       "code": "UNAUTHORIZED"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No such order for this tenant. NOT_FOUND: No such resource for this tenant. */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "https://ticket-service.dev/problems/not-found",
           *       "title": "Not found",
           *       "status": 404,
           *       "detail": "No such resource for this tenant.",
           *       "code": "NOT_FOUND"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  PaymentsController_get: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['PaymentDto'];
        };
      };
      /** @description VALIDATION_FAILED: name must be a string */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "https://ticket-service.dev/problems/validation-failed",
           *       "title": "Validation failed",
           *       "status": 400,
           *       "detail": "name must be a string",
           *       "code": "VALIDATION_FAILED"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description UNAUTHORIZED: Missing or wrong bearer credentials. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "https://ticket-service.dev/problems/unauthorized",
           *       "title": "Unauthorized",
           *       "status": 401,
           *       "detail": "Missing or wrong bearer credentials.",
           *       "code": "UNAUTHORIZED"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No such payment for this tenant. NOT_FOUND: No such resource for this tenant. */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "https://ticket-service.dev/problems/not-found",
           *       "title": "Not found",
           *       "status": 404,
           *       "detail": "No such resource for this tenant.",
           *       "code": "NOT_FOUND"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  PaymentsController_refund: {
    parameters: {
      query?: never;
      header: {
        /** @description A UUID v4 you generate per logical request and send again on every retry of it. Bare or quoted, any case. */
        'Idempotency-Key': string;
      };
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['RefundPaymentDto'];
      };
    };
    responses: {
      200: {
        headers: {
          /** @description `true` when this is a stored response replayed for a retried key; absent on a first response. */
          'X-Idempotent-Replayed'?: 'true';
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['PaymentDto'];
        };
      };
      /** @description IDEMPOTENCY_KEY_MISSING: This request needs an Idempotency-Key header (a UUID v4). IDEMPOTENCY_KEY_INVALID: Idempotency-Key must be a UUID v4. VALIDATION_FAILED: name must be a string */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description UNAUTHORIZED: Missing or wrong bearer credentials. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "https://ticket-service.dev/problems/unauthorized",
           *       "title": "Unauthorized",
           *       "status": 401,
           *       "detail": "Missing or wrong bearer credentials.",
           *       "code": "UNAUTHORIZED"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No such payment for this tenant. NOT_FOUND: No such resource for this tenant. */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "https://ticket-service.dev/problems/not-found",
           *       "title": "Not found",
           *       "status": 404,
           *       "detail": "No such resource for this tenant.",
           *       "code": "NOT_FOUND"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description INVALID_STATE: the order is not paid. IDEMPOTENCY_REQUEST_IN_PROGRESS: A request with this Idempotency-Key is still being processed; retry after Retry-After seconds. */
      409: {
        headers: {
          /** @description Whole seconds to wait before sending the same request again. */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description IDEMPOTENCY_KEY_REUSED: This Idempotency-Key was used with a different method, path or body. */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "https://ticket-service.dev/problems/idempotency-key-reused",
           *       "title": "Idempotency-Key reused",
           *       "status": 422,
           *       "detail": "This Idempotency-Key was used with a different method, path or body.",
           *       "code": "IDEMPOTENCY_KEY_REUSED"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description RATE_LIMITED: More than 100 state-changing requests per second; retry after Retry-After seconds. */
      429: {
        headers: {
          /** @description Whole seconds to wait before sending the same request again. */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "https://ticket-service.dev/problems/rate-limited",
           *       "title": "Too many requests",
           *       "status": 429,
           *       "detail": "More than 100 state-changing requests per second; retry after Retry-After seconds.",
           *       "code": "RATE_LIMITED"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  AdminRefundsController_refund: {
    parameters: {
      query?: never;
      header: {
        /** @description A UUID v4 you generate per logical request and send again on every retry of it. Bare or quoted, any case. */
        'Idempotency-Key': string;
      };
      path: {
        tenantId: string;
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['AdminRefundDto'];
      };
    };
    responses: {
      200: {
        headers: {
          /** @description `true` when this is a stored response replayed for a retried key; absent on a first response. */
          'X-Idempotent-Replayed'?: 'true';
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['PaymentDto'];
        };
      };
      /** @description IDEMPOTENCY_KEY_MISSING: This request needs an Idempotency-Key header (a UUID v4). IDEMPOTENCY_KEY_INVALID: Idempotency-Key must be a UUID v4. VALIDATION_FAILED: name must be a string */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description UNAUTHORIZED: Missing or wrong bearer credentials. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "https://ticket-service.dev/problems/unauthorized",
           *       "title": "Unauthorized",
           *       "status": 401,
           *       "detail": "Missing or wrong bearer credentials.",
           *       "code": "UNAUTHORIZED"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No such payment for this tenant. NOT_FOUND: No such resource for this tenant. */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "https://ticket-service.dev/problems/not-found",
           *       "title": "Not found",
           *       "status": 404,
           *       "detail": "No such resource for this tenant.",
           *       "code": "NOT_FOUND"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description INVALID_STATE: the order is not paid. IDEMPOTENCY_REQUEST_IN_PROGRESS: A request with this Idempotency-Key is still being processed; retry after Retry-After seconds. */
      409: {
        headers: {
          /** @description Whole seconds to wait before sending the same request again. */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description IDEMPOTENCY_KEY_REUSED: This Idempotency-Key was used with a different method, path or body. */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "https://ticket-service.dev/problems/idempotency-key-reused",
           *       "title": "Idempotency-Key reused",
           *       "status": 422,
           *       "detail": "This Idempotency-Key was used with a different method, path or body.",
           *       "code": "IDEMPOTENCY_KEY_REUSED"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description RATE_LIMITED: More than 100 state-changing requests per second; retry after Retry-After seconds. */
      429: {
        headers: {
          /** @description Whole seconds to wait before sending the same request again. */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "https://ticket-service.dev/problems/rate-limited",
           *       "title": "Too many requests",
           *       "status": 429,
           *       "detail": "More than 100 state-changing requests per second; retry after Retry-After seconds.",
           *       "code": "RATE_LIMITED"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  WebhooksController_receive: {
    parameters: {
      query?: never;
      header: {
        /** @description t=<unix seconds>,v1=<hex HMAC-SHA256>[,v1=<hex>...] */
        'Stripe-Signature': string;
      };
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['ProviderEventDto'];
      };
    };
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['WebhookReceiptDto'];
        };
      };
      /** @description WEBHOOK_SIGNATURE_INVALID (signature missing, malformed, wrong, or timestamp out of tolerance) or VALIDATION_FAILED (not a provider event). Nothing is stored. */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description SERVICE_UNAVAILABLE: the database cannot be reached; the event was not stored. */
      503: {
        headers: {
          /** @description Whole seconds to wait before sending the same request again. */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "https://ticket-service.dev/problems/service-unavailable",
           *       "title": "Service unavailable",
           *       "status": 503,
           *       "detail": "The database cannot be reached; retry later.",
           *       "code": "SERVICE_UNAVAILABLE"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  WebhookEventsController_list: {
    parameters: {
      query?: {
        status?: 'pending' | 'processing' | 'processed' | 'failed';
        /** @description Exact event type. */
        type?: string;
        limit?: number;
        /** @description The `nextCursor` of the previous page. */
        cursor?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['WebhookEventListDto'];
        };
      };
      /** @description VALIDATION_FAILED: unknown status, limit out of range, or a cursor not issued. */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "https://ticket-service.dev/problems/validation-failed",
           *       "title": "Validation failed",
           *       "status": 400,
           *       "detail": "name must be a string",
           *       "code": "VALIDATION_FAILED"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description UNAUTHORIZED: Missing or wrong bearer credentials. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "https://ticket-service.dev/problems/unauthorized",
           *       "title": "Unauthorized",
           *       "status": 401,
           *       "detail": "Missing or wrong bearer credentials.",
           *       "code": "UNAUTHORIZED"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  WebhookEventsController_get: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['WebhookEventDto'];
        };
      };
      /** @description VALIDATION_FAILED: name must be a string */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "https://ticket-service.dev/problems/validation-failed",
           *       "title": "Validation failed",
           *       "status": 400,
           *       "detail": "name must be a string",
           *       "code": "VALIDATION_FAILED"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description UNAUTHORIZED: Missing or wrong bearer credentials. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "https://ticket-service.dev/problems/unauthorized",
           *       "title": "Unauthorized",
           *       "status": 401,
           *       "detail": "Missing or wrong bearer credentials.",
           *       "code": "UNAUTHORIZED"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No such event. NOT_FOUND: No such resource for this tenant. */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "https://ticket-service.dev/problems/not-found",
           *       "title": "Not found",
           *       "status": 404,
           *       "detail": "No such resource for this tenant.",
           *       "code": "NOT_FOUND"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  WebhookEventsController_replay: {
    parameters: {
      query?: never;
      header: {
        /** @description A UUID v4 you generate per logical request and send again on every retry of it. Bare or quoted, any case. */
        'Idempotency-Key': string;
      };
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['ReplayWebhookEventDto'];
      };
    };
    responses: {
      /** @description The event, now pending. */
      202: {
        headers: {
          /** @description `true` when this is a stored response replayed for a retried key; absent on a first response. */
          'X-Idempotent-Replayed'?: 'true';
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['WebhookEventDto'];
        };
      };
      /** @description IDEMPOTENCY_KEY_MISSING: This request needs an Idempotency-Key header (a UUID v4). IDEMPOTENCY_KEY_INVALID: Idempotency-Key must be a UUID v4. VALIDATION_FAILED: name must be a string */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description UNAUTHORIZED: Missing or wrong bearer credentials. */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "https://ticket-service.dev/problems/unauthorized",
           *       "title": "Unauthorized",
           *       "status": 401,
           *       "detail": "Missing or wrong bearer credentials.",
           *       "code": "UNAUTHORIZED"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description No such event. NOT_FOUND: No such resource for this tenant. */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "https://ticket-service.dev/problems/not-found",
           *       "title": "Not found",
           *       "status": 404,
           *       "detail": "No such resource for this tenant.",
           *       "code": "NOT_FOUND"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description IDEMPOTENCY_REQUEST_IN_PROGRESS: A request with this Idempotency-Key is still being processed; retry after Retry-After seconds. */
      409: {
        headers: {
          /** @description Whole seconds to wait before sending the same request again. */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "https://ticket-service.dev/problems/idempotency-request-in-progress",
           *       "title": "Request in progress",
           *       "status": 409,
           *       "detail": "A request with this Idempotency-Key is still being processed; retry after Retry-After seconds.",
           *       "code": "IDEMPOTENCY_REQUEST_IN_PROGRESS"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description IDEMPOTENCY_KEY_REUSED: This Idempotency-Key was used with a different method, path or body. */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "https://ticket-service.dev/problems/idempotency-key-reused",
           *       "title": "Idempotency-Key reused",
           *       "status": 422,
           *       "detail": "This Idempotency-Key was used with a different method, path or body.",
           *       "code": "IDEMPOTENCY_KEY_REUSED"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description RATE_LIMITED: More than 100 state-changing requests per second; retry after Retry-After seconds. */
      429: {
        headers: {
          /** @description Whole seconds to wait before sending the same request again. */
          'Retry-After'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "type": "https://ticket-service.dev/problems/rate-limited",
           *       "title": "Too many requests",
           *       "status": 429,
           *       "detail": "More than 100 state-changing requests per second; retry after Retry-After seconds.",
           *       "code": "RATE_LIMITED"
           *     }
           */
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
}
