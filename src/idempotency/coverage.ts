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
  /** The path as requested: only to tell which of a handler's several paths was matched. */
  requestPath: string;
  notIdempotent: boolean;
}

function list(path: string | string[] | undefined): string[] {
  if (path === undefined) return [''];
  return Array.isArray(path) ? (path.length > 0 ? path : ['']) : [path];
}

function join(controller: string, handler: string): string {
  return `/${controller}/${handler}`.replace(/\/{2,}/g, '/').replace(/(.)\/$/, '$1');
}

function matches(template: string, requestPath: string): boolean {
  const pattern = template
    .split('/')
    .map((part) => (part.startsWith(':') ? '[^/]+' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('/');
  return new RegExp(`^${pattern}/*$`).test(requestPath);
}

/**
 * The route's declared path, e.g. `/v1/reservations/:id/cancel`. A handler declared with several
 * paths (`@Post(['', 'copy'])`) has one template per path: the one this request matched.
 */
export function routeTemplate(
  facts: Pick<RouteFacts, 'controllerPath' | 'handlerPath'> & { requestPath?: string },
): string {
  const templates = list(facts.controllerPath).flatMap((c) =>
    list(facts.handlerPath).map((h) => join(c, h)),
  );
  if (templates.length === 1 || facts.requestPath === undefined) return templates[0];
  return templates.find((t) => matches(t, facts.requestPath!)) ?? templates[0];
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
    path?: string;
    url?: string;
  }>();
  return {
    method: request.method,
    controllerPath: reflector.get<string | string[] | undefined>(PATH_METADATA, context.getClass()),
    handlerPath: reflector.get<string | string[] | undefined>(PATH_METADATA, context.getHandler()),
    params: request.params ?? {},
    requestPath: request.path ?? (request.url ?? '').split('?')[0],
    notIdempotent:
      reflector.getAllAndOverride<boolean>(NOT_IDEMPOTENT, [
        context.getHandler(),
        context.getClass(),
      ]) === true,
  };
}
