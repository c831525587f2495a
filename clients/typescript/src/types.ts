import type { components, paths } from './generated/openapi.js';

export type { components, operations, paths } from './generated/openapi.js';

/** Every schema of the OpenAPI document, by name (e.g. `Schemas['OrderDto']`). */
export type Schemas = components['schemas'];

type Method = 'get' | 'post';
type Operation<P extends keyof paths, M extends Method> = NonNullable<paths[P][M]>;
type JsonContent<R> = R extends { content: { 'application/json': infer B } } ? B : never;
type SuccessStatus = 200 | 201 | 202;

/** The JSON body of a route's success response. */
export type ResponseBody<P extends keyof paths, M extends Method> = {
  [S in keyof Operation<P, M>['responses']]: S extends SuccessStatus
    ? JsonContent<Operation<P, M>['responses'][S]>
    : never;
}[keyof Operation<P, M>['responses']];

/** The JSON request body of a route. */
export type RequestBody<P extends keyof paths, M extends Method> =
  Operation<P, M> extends { requestBody: { content: { 'application/json': infer B } } }
    ? B
    : Operation<P, M> extends { requestBody?: { content: { 'application/json': infer B } } }
      ? B | undefined
      : never;

/** The query parameters of a route. */
export type QueryParams<P extends keyof paths, M extends Method> = Operation<
  P,
  M
>['parameters'] extends { query?: infer Q }
  ? NonNullable<Q>
  : never;

// Names for what a frontend handles most; all of them follow the document.
export type Tenant = ResponseBody<'/v1/admin/tenants/{id}', 'get'>;
export type CreatedTenant = ResponseBody<'/v1/admin/tenants', 'post'>;
export type TicketEvent = ResponseBody<'/v1/events/{id}', 'get'>;
export type EventList = ResponseBody<'/v1/events', 'get'>;
export type TicketType = ResponseBody<'/v1/ticket-types/{id}', 'get'>;
export type Reservation = ResponseBody<'/v1/reservations/{id}', 'get'>;
export type Order = ResponseBody<'/v1/orders/{id}', 'get'>;
export type Payment = ResponseBody<'/v1/payments/{id}', 'get'>;
export type IdempotencyKeyStatus = ResponseBody<'/v1/idempotency-keys/{key}', 'get'>;
export type WebhookEvent = ResponseBody<'/v1/admin/webhook-events/{id}', 'get'>;
export type Health = ResponseBody<'/health', 'get'>;
