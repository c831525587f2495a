import type { DestinationStream } from 'pino';

/**
 * Structured paths pino replaces with "[Redacted]": credentials in request headers, and fields that
 * hold a secret wherever they appear one or two levels down in a logged object.
 */
export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'req.headers["stripe-signature"]',
  'res.headers["set-cookie"]',
  ...[
    'apiKey',
    'adminToken',
    'secret',
    'webhookSecret',
    'paymentWebhookSecrets',
    'stripeSecretKey',
    'password',
  ].flatMap((field) => [field, `*.${field}`, `*.*.${field}`]),
];

/**
 * Secrets that may hide inside free text (an error message, a URL): tenant API keys (tsk_…),
 * webhook signing secrets (whsec_…), Stripe keys and any bearer token. The display prefix of an API
 * key (tsk_ and 6 characters) stays readable.
 */
const SECRET_PATTERNS: Array<[RegExp, string]> = [
  [/tsk_[A-Za-z0-9_-]{16,}/g, 'tsk_[Redacted]'],
  [/whsec_[A-Za-z0-9_+/=-]{8,}/g, 'whsec_[Redacted]'],
  [/\b(sk|rk)_(live|test)_[A-Za-z0-9]{8,}/g, '$1_$2_[Redacted]'],
  [/(Bearer\s+)(?!\[Redacted\])[^\s"\\]+/gi, '$1[Redacted]'],
];

export function scrubSecrets(line: string): string {
  let out = line;
  for (const [pattern, replacement] of SECRET_PATTERNS) out = out.replace(pattern, replacement);
  return out;
}

/**
 * The last line of defence: every serialised log line passes through `scrubSecrets` before it
 * reaches the real destination, so a secret logged by mistake in a message never leaves the process.
 */
export function scrubbingDestination(target: { write(chunk: string): unknown }): DestinationStream {
  return { write: (line: string) => void target.write(scrubSecrets(line)) };
}
