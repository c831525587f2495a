import type { ExecutionContext } from '@nestjs/common';
import { PATH_METADATA } from '@nestjs/common/constants';
import type { Reflector } from '@nestjs/core';
import { NOT_IDEMPOTENT } from './idempotency.decorators';

/*
 * Which requests the idempotency layer covers, decided from the route a request was dispatched to
 * (its handler's metadata), never from how the client spelled the path: `/V1/...` is not routed at
 * all (case-sensitive routing) and `/v1/x/` reaches the same handler as `/v1/x`, with the same
 * canonical path in its fingerprint.
 */

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export interface RouteFacts {
  method: string;
  /** PATH_METADATA of the controller and of the handler, as declared (`v1/reservations`, `:id/cancel`). */
  controllerPath: string | string[] | undefined;
  handlerPath: string | string[] | undefined;
  /** The route's parameters as matched for this request. */
  params: Record<string, string | string[] | undefined>;
  notIdempotent: boolean;
}

function first(path: string | string[] | undefined): string {
  return (Array.isArray(path) ? path[0] : path) ?? '';
}

/** The route's declared path, e.g. `/v1/reservations/:id/cancel`. */
export function routeTemplate(facts: Pick<RouteFacts, 'controllerPath' | 'handlerPath'>): string {
  const joined = `/${first(facts.controllerPath)}/${first(facts.handlerPath)}`
    .replace(/\/{2,}/g, '/')
    .replace(/(.)\/$/, '$1');
  return joined;
}

/** The template with this request's parameters in it: the path the fingerprint and the key record. */
export function canonicalPath(facts: RouteFacts): string {
  return routeTemplate(facts).replace(/:([A-Za-z0-9_]+)/g, (whole, name: string) => {
    const value = facts.params[name];
    const text = Array.isArray(value) ? value.join('/') : value;
    return text === undefined ? whole : encodeURIComponent(text);
  });
}

/** Every non-safe route under /v1 but those marked @NotIdempotent. */
export function isCovered(facts: RouteFacts): boolean {
  if (SAFE_METHODS.has(facts.method.toUpperCase()) || facts.notIdempotent) return false;
  const template = routeTemplate(facts);
  return template === '/v1' || template.startsWith('/v1/');
}

/** The facts of the route `context` was dispatched to (the interceptor's view of it). */
export function routeFacts(context: ExecutionContext, reflector: Reflector): RouteFacts {
  const request = context.switchToHttp().getRequest<{
    method: string;
    params?: Record<string, string | string[] | undefined>;
  }>();
  return {
    method: request.method,
    controllerPath: reflector.get<string | string[] | undefined>(PATH_METADATA, context.getClass()),
    handlerPath: reflector.get<string | string[] | undefined>(PATH_METADATA, context.getHandler()),
    params: request.params ?? {},
    notIdempotent:
      reflector.getAllAndOverride<boolean>(NOT_IDEMPOTENT, [
        context.getHandler(),
        context.getClass(),
      ]) === true,
  };
}
