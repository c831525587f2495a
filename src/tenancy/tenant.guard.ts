import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { AppConfig } from '../config/app-config';
import { InjectAppConfig } from '../config/config.module';
import { UnauthorizedError } from '../errors/app-error';
import { bearerToken, hashApiKey, looksLikeApiKey, secretsEqual } from './api-key';
import { AUTH_KIND, AuthKind } from './auth.decorators';
import { AuthenticatedRequest, remember, TenantResolver } from './auth.types';
import { TenantKeyCache } from './tenant-key-cache';

/**
 * The global guard (APP_GUARD). Every route is a tenant route unless marked otherwise, so a new
 * route cannot forget authentication. Admin routes take only the admin token, tenant routes only a
 * tenant key: neither credential opens the other's routes.
 */
@Injectable()
export class TenantGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tenants: TenantResolver,
    private readonly cache: TenantKeyCache,
    @InjectAppConfig() private readonly config: AppConfig,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const kind =
      this.reflector.getAllAndOverride<AuthKind | undefined>(AUTH_KIND, [
        context.getHandler(),
        context.getClass(),
      ]) ?? 'tenant';
    if (kind === 'public' || kind === 'signature') return true;

    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const token = bearerToken(request.headers.authorization);
    if (token === null) throw new UnauthorizedError('Missing bearer credentials.');

    if (kind === 'admin') {
      if (!secretsEqual(token, this.config.adminToken)) {
        throw new UnauthorizedError('Invalid admin token.');
      }
      remember(request, 'principal', { kind: 'admin' });
      return true;
    }

    if (!looksLikeApiKey(token)) throw new UnauthorizedError('Invalid API key.');
    const hash = hashApiKey(token);
    const tenant = await this.cache.lookup(hash, () => this.tenants.findByApiKeyHash(hash));
    if (tenant === null) throw new UnauthorizedError('Invalid API key.');
    remember(request, 'principal', {
      kind: 'tenant',
      tenantId: tenant.id,
      tenantName: tenant.name,
    });
    return true;
  }
}
