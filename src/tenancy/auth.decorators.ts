import { SetMetadata, createParamDecorator, ExecutionContext } from '@nestjs/common';
import { ApiBearerAuth } from '@nestjs/swagger';
import { applyDecorators } from '@nestjs/common';
import type { AuthenticatedRequest, TenantPrincipal } from './auth.types';

export const AUTH_KIND = 'ticket-service:auth-kind';
export type AuthKind = 'tenant' | 'admin' | 'public' | 'signature';

export const TENANT_SECURITY = 'tenant-api-key';
export const ADMIN_SECURITY = 'admin-token';

/** Admin routes: `Authorization: Bearer <ADMIN_TOKEN>`. Routes without a marker are tenant routes. */
export const AdminRoute = () =>
  applyDecorators(SetMetadata(AUTH_KIND, 'admin'), ApiBearerAuth(ADMIN_SECURITY));

/** Tenant routes (the default; the marker adds the Swagger security scheme). */
export const TenantRoute = () =>
  applyDecorators(SetMetadata(AUTH_KIND, 'tenant'), ApiBearerAuth(TENANT_SECURITY));

/** No credentials: health, docs, metrics. */
export const PublicRoute = () => SetMetadata(AUTH_KIND, 'public');

/** Authenticated by a signature on the body instead of a bearer token (the webhook receiver). */
export const SignedRoute = () => SetMetadata(AUTH_KIND, 'signature');

/** The tenant resolved by TenantGuard from the bearer key. */
export const CurrentTenant = createParamDecorator(
  (_: unknown, context: ExecutionContext): TenantPrincipal => {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    if (request.principal?.kind !== 'tenant') {
      throw new Error('@CurrentTenant() used on a route that is not a tenant route');
    }
    return request.principal;
  },
);
