/**
 * Routes whose handler reads the request's exact bytes (`request.rawBody`) and parses them itself,
 * after checking them: the payment webhook receiver verifies the signature first (nothing may be
 * parsed before it). The HTTP setup reads these bodies without the JSON parser. Paths are compared
 * as routed: case-sensitively, a trailing slash aside.
 */
export const RAW_BODY_PATHS: readonly string[] = ['/v1/webhooks/payments'];

export function isRawBodyPath(path: string): boolean {
  const trimmed = path.length > 1 ? path.replace(/\/+$/, '') : path;
  return RAW_BODY_PATHS.includes(trimmed);
}
