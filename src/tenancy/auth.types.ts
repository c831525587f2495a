import type { FastifyRequest } from 'fastify';

export interface TenantPrincipal {
  kind: 'tenant';
  tenantId: string;
  tenantName: string;
}

export interface AdminPrincipal {
  kind: 'admin';
}

export type Principal = TenantPrincipal | AdminPrincipal;

/** What the guards and the interceptor learn about a request, for the handlers and the request log. */
export interface RequestFacts {
  principal?: Principal;
  /** The parsed Idempotency-Key, set by the idempotency interceptor on the routes it guards. */
  idempotencyKey?: string;
}

export type AuthenticatedRequest = FastifyRequest & RequestFacts;

/**
 * Records a fact on the request, and on the raw IncomingMessage under it: the request log line
 * (pino-http) sees only the raw request, and carries the tenant and the key from there.
 */
export function remember<K extends keyof RequestFacts>(
  request: AuthenticatedRequest,
  name: K,
  value: RequestFacts[K],
): void {
  (request as RequestFacts)[name] = value;
  (request.raw as RequestFacts)[name] = value;
}

/**
 * How the guard finds a tenant by the hash of its key. Implemented by the tenants module, so this
 * cross-cutting folder depends on no domain module.
 */
export abstract class TenantResolver {
  abstract findByApiKeyHash(hash: string): Promise<{ id: string; name: string } | null>;
}
