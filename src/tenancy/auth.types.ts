import type { Request } from 'express';

export interface TenantPrincipal {
  kind: 'tenant';
  tenantId: string;
  tenantName: string;
}

export interface AdminPrincipal {
  kind: 'admin';
}

export type Principal = TenantPrincipal | AdminPrincipal;

export interface AuthenticatedRequest extends Request {
  principal?: Principal;
  /** The parsed Idempotency-Key, set by the idempotency interceptor on the routes it guards. */
  idempotencyKey?: string;
}

/**
 * How the guard finds a tenant by the hash of its key. Implemented by the tenants module, so this
 * cross-cutting folder depends on no domain module.
 */
export abstract class TenantResolver {
  abstract findByApiKeyHash(hash: string): Promise<{ id: string; name: string } | null>;
}
