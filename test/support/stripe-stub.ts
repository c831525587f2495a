import { randomBytes } from 'node:crypto';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

const DAY_MS = 24 * 60 * 60 * 1000;
const KNOWN_TEST_CARDS = new Set([
  'pm_card_visa',
  'pm_card_chargeDeclined',
  'pm_card_authenticationRequired',
]);

interface Intent {
  id: string;
  object: 'payment_intent';
  amount: number;
  currency: string;
  status: string;
  payment_method: string;
  metadata: Record<string, string>;
}

/**
 * A local HTTP stand-in for the Stripe endpoints the provider calls (PaymentIntents: create,
 * retrieve, search; Refunds), strict about Idempotency-Key as Stripe is: the same key with the
 * same parameters answers the same object, marked `Idempotent-Replayed: true`; the same key with
 * different parameters is `400 idempotency_error`; keys are remembered for 24 hours. Test cards
 * behave as in Stripe's test mode. `failNext` makes the next calls fail like the network or
 * Stripe's servers do, after or before Stripe acted.
 */
export class StripeStub {
  readonly intents = new Map<string, Intent>();
  readonly refunds = new Map<string, { id: string; payment_intent: string }>();
  readonly requests: Array<{
    method: string;
    path: string;
    idempotencyKey: string | null;
    body: Record<string, string>;
  }> = [];
  /** Every `400 idempotency_error` this stub answered: a correct client causes none. */
  readonly idempotencyErrors: Array<{ path: string; key: string }> = [];
  private readonly replies = new Map<
    string,
    { status: number; body: unknown; params: string; at: number }
  >();
  private readonly faults: Array<{
    path: string;
    mode: 'before' | 'after' | 'delay';
    ms?: number;
  }> = [];
  private server?: Server;

  async start(): Promise<string> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
  }

  /**
   * The next call to `path` fails: `before` Stripe acts (a 500, nothing made), or `after` (the
   * object is made, the answer is lost: the connection drops), or is answered after `ms`.
   */
  failNext(path: string, mode: 'before' | 'after' | 'delay', ms = 0): void {
    this.faults.push({ path, mode, ms });
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let raw = '';
    for await (const chunk of req) raw += chunk;
    const body = Object.fromEntries(new URLSearchParams(raw)) as Record<string, string>;
    const key = (req.headers['idempotency-key'] as string | undefined) ?? null;
    const path = (req.url ?? '').split('?')[0];
    this.requests.push({ method: req.method ?? '', path, idempotencyKey: key, body });

    const fault = this.faults.findIndex((f) => f.path === path);
    const mode = fault === -1 ? null : this.faults.splice(fault, 1)[0];
    if (mode?.mode === 'before') {
      return this.send(res, 500, { error: { type: 'api_error', message: 'injected' } }, {});
    }
    if (mode?.mode === 'delay') await new Promise((resolve) => setTimeout(resolve, mode.ms));

    const params = JSON.stringify(Object.entries(body).sort(([a], [b]) => (a < b ? -1 : 1)));
    const remembered = key === null ? undefined : this.replies.get(`${path}:${key}`);
    if (req.method === 'POST' && remembered !== undefined && Date.now() - remembered.at < DAY_MS) {
      if (remembered.params !== params) {
        this.idempotencyErrors.push({ path, key: key! });
        return this.send(
          res,
          400,
          {
            error: {
              type: 'idempotency_error',
              message:
                'Keys for idempotent requests can only be used with the same parameters they were first used with.',
            },
          },
          {},
        );
      }
      return this.send(res, remembered.status, remembered.body, { 'Idempotent-Replayed': 'true' });
    }
    const reply = this.route(req.method ?? '', path, body, req.url ?? '');
    if (req.method === 'POST' && key !== null) {
      this.replies.set(`${path}:${key}`, { ...reply, params, at: Date.now() });
    }
    if (mode?.mode === 'after') {
      res.destroy();
      return;
    }
    this.send(res, reply.status, reply.body, {});
  }

  private route(
    method: string,
    path: string,
    body: Record<string, string>,
    url: string,
  ): { status: number; body: unknown } {
    if (method === 'GET' && path === '/v1/payment_intents/search') {
      // Enough of Stripe's search language for `metadata['paymentId']:'<id>'`.
      const query = new URL(url, 'http://stub').searchParams.get('query') ?? '';
      const match = /^metadata\['([^']+)'\]:'([^']*)'$/.exec(query);
      const data = match
        ? [...this.intents.values()].filter((i) => i.metadata[match[1]] === match[2])
        : [];
      return { status: 200, body: { object: 'search_result', data, has_more: false } };
    }
    if (method === 'POST' && path === '/v1/payment_intents') {
      const metadata: Record<string, string> = {};
      for (const [name, value] of Object.entries(body)) {
        const match = /^metadata\[(.+)\]$/.exec(name);
        if (match) metadata[match[1]] = value;
      }
      if (!KNOWN_TEST_CARDS.has(body.payment_method)) {
        return {
          status: 400,
          body: {
            error: {
              type: 'invalid_request_error',
              code: 'resource_missing',
              message: `No such PaymentMethod: '${body.payment_method}'`,
            },
          },
        };
      }
      const declined = body.payment_method === 'pm_card_chargeDeclined';
      const intent: Intent = {
        id: `pi_stub_${randomBytes(8).toString('hex')}`,
        object: 'payment_intent',
        amount: Number(body.amount),
        currency: body.currency,
        status: declined
          ? 'requires_payment_method'
          : body.payment_method === 'pm_card_authenticationRequired'
            ? 'requires_action'
            : 'succeeded',
        payment_method: body.payment_method,
        metadata,
      };
      this.intents.set(intent.id, intent);
      if (declined) {
        return {
          status: 402,
          body: {
            error: {
              type: 'card_error',
              code: 'card_declined',
              message: 'Your card was declined.',
              payment_intent: intent,
            },
          },
        };
      }
      return { status: 200, body: intent };
    }
    const retrieve = /^\/v1\/payment_intents\/([^/]+)$/.exec(path);
    if (method === 'GET' && retrieve) {
      const intent = this.intents.get(retrieve[1]);
      return intent
        ? { status: 200, body: intent }
        : {
            status: 404,
            body: { error: { type: 'invalid_request_error', message: 'No such payment_intent' } },
          };
    }
    if (method === 'POST' && path === '/v1/refunds') {
      const refund = {
        id: `re_stub_${randomBytes(8).toString('hex')}`,
        object: 'refund',
        payment_intent: body.payment_intent,
        status: 'succeeded',
      };
      this.refunds.set(refund.id, refund);
      const intent = this.intents.get(body.payment_intent);
      if (intent) intent.status = 'succeeded';
      return { status: 200, body: refund };
    }
    return {
      status: 404,
      body: { error: { type: 'invalid_request_error', message: `no route ${method} ${path}` } },
    };
  }

  private send(
    res: ServerResponse,
    status: number,
    body: unknown,
    headers: Record<string, string>,
  ): void {
    res.writeHead(status, {
      'Content-Type': 'application/json',
      'Request-Id': `req_${randomBytes(6).toString('hex')}`,
      ...headers,
    });
    res.end(JSON.stringify(body));
  }
}
