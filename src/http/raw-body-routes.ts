/**
 * Routes whose handler reads the request's exact bytes (`request.rawBody`) and parses them itself,
 * after checking them: the payment webhook receiver verifies the signature first (nothing may be
 * parsed before it). The HTTP setup reads these bodies without the JSON parser. Compared with the
 * pattern of the route the request was dispatched to, never with the path as the client spelled it.
 */
export const RAW_BODY_ROUTES: readonly string[] = ['/v1/webhooks/payments'];

export function isRawBodyRoute(routePattern: string | undefined): boolean {
  return routePattern !== undefined && RAW_BODY_ROUTES.includes(routePattern);
}
