import { randomBytes } from 'node:crypto';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

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
 * A local HTTP stand-in for the two Stripe endpoints the provider calls (PaymentIntents, Refunds),
 * honouring Idempotency-Key as Stripe does: the same key answers the same object, marked with
 * `Idempotent-Replayed: true`. Test cards behave as in Stripe's test mode.
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
  private readonly replies = new Map<string, { status: number; body: unknown }>();
  private server?: Server;

  async start(): Promise<string> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
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

    if (req.method === 'POST' && key !== null && this.replies.has(`${path}:${key}`)) {
      const reply = this.replies.get(`${path}:${key}`)!;
      return this.send(res, reply.status, reply.body, { 'Idempotent-Replayed': 'true' });
    }
    const reply = this.route(req.method ?? '', path, body);
    if (req.method === 'POST' && key !== null) this.replies.set(`${path}:${key}`, reply);
    this.send(res, reply.status, reply.body, {});
  }

  private route(
    method: string,
    path: string,
    body: Record<string, string>,
  ): { status: number; body: unknown } {
    if (method === 'POST' && path === '/v1/payment_intents') {
      const metadata: Record<string, string> = {};
      for (const [name, value] of Object.entries(body)) {
        const match = /^metadata\[(.+)\]$/.exec(name);
        if (match) metadata[match[1]] = value;
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
