import {
  CallHandler,
  ExecutionContext,
  HttpStatus,
  Injectable,
  NestInterceptor,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyReply } from 'fastify';
import { from, lastValueFrom, Observable } from 'rxjs';
import type { AppConfig } from '../config/app-config';
import { InjectAppConfig } from '../config/config.module';
import { TransactionContext } from '../database/transaction-context';
import { IdempotencyKeyReusedError, IdempotencyRequestInProgressError } from '../errors/app-error';
import { IdempotencyOutcome, MetricsService } from '../metrics/metrics.service';
import { remember, type AuthenticatedRequest } from '../tenancy/auth.types';
import { FINGERPRINT_VERSION, requestFingerprint } from './fingerprint';
import { canonicalPath, isCovered, routeFacts } from './coverage';
import { REPLAY_OMITS } from './idempotency.decorators';
import { parseIdempotencyKey } from './idempotency-key.parser';
import {
  ADMIN_SCOPE,
  HeldKey,
  IdempotencyStore,
  ReleaseOutcome,
  StoredResponse,
} from './idempotency.store';
import { ATOMIC_PHASES, LeaseLostError, RecoveryPoints } from './recovery-points';

export const REPLAY_HEADER = 'X-Idempotent-Replayed';
const REPLAYED_HEADERS = ['location'];

// A multi-phase request renews its lease while it runs (it may wait on the provider: the Stripe
// client alone may take 3 × 20 s), but not for ever: a handler stuck past this lets a retry in.
const MAX_HEARTBEAT_MS = 5 * 60_000;

const RELEASE_OUTCOMES: Record<ReleaseOutcome, IdempotencyOutcome> = {
  released: 'released_on_error',
  unlocked: 'unlocked_for_resume',
  lost: 'lease_lost', // another request took the key over meanwhile
};

/** A handler that answered with an error status without throwing: rolled back and not stored. */
class ErrorResponse extends Error {
  constructor(readonly body: unknown) {
    super('error response');
  }
}

/**
 * docs/api.md §5 for every state-changing route under /v1 (APP_INTERCEPTOR; opt out with @NotIdempotent).
 *
 * claim (own statement, committed) → handler and completion in ONE transaction, the completion
 * guarded by the lease token → on error: roll back, free the key.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    private readonly store: IdempotencyStore,
    private readonly tx: TransactionContext,
    private readonly metrics: MetricsService,
    private readonly recovery: RecoveryPoints,
    @InjectAppConfig() private readonly config: AppConfig,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    // Decided from the route's metadata, never from the path's spelling (docs/api.md §5).
    const route = routeFacts(context, this.reflector);
    if (!isCovered(route)) return next.handle();
    const path = canonicalPath(route);
    if (this.config.benchBypassIdempotency) {
      // The same transaction as a real request, without the key: what the layer costs, alone.
      return from(this.tx.run(() => lastValueFrom(next.handle(), { defaultValue: undefined })));
    }
    const response = context.switchToHttp().getResponse<FastifyReply>();
    const omit = this.reflector.get<string[] | undefined>(REPLAY_OMITS, context.getHandler()) ?? [];
    const phased = this.reflector.get<boolean | undefined>(ATOMIC_PHASES, context.getHandler());
    return from(this.handle(request, response, next, omit, phased === true, path));
  }

  private async handle(
    request: AuthenticatedRequest,
    response: FastifyReply,
    next: CallHandler,
    omit: string[],
    phased: boolean,
    path: string,
  ): Promise<unknown> {
    // Rule 1: reject before anything is stored.
    const key = parseIdempotencyKey(request.headers['idempotency-key']);
    remember(request, 'idempotencyKey', key);
    const scope = request.principal?.kind === 'tenant' ? request.principal.tenantId : ADMIN_SCOPE;
    const claim = await this.store.claim({
      scope,
      key,
      fingerprint: requestFingerprint(request.method, path, request.body),
      fingerprintVersion: FINGERPRINT_VERSION,
      method: request.method,
      path,
    });
    this.metrics.idempotencyOutcome(claim.outcome);

    switch (claim.outcome) {
      case 'mismatch':
        throw new IdempotencyKeyReusedError();
      case 'in_progress':
        throw new IdempotencyRequestInProgressError(claim.retryAfterSeconds);
      case 'replay':
        return this.replay(response, claim.response);
    }

    const handler = () => lastValueFrom(next.handle(), { defaultValue: undefined });
    const complete = async (body: unknown) => {
      if (response.statusCode >= HttpStatus.BAD_REQUEST) throw new ErrorResponse(body);
      const stored = this.toStored(response, body, omit);
      if (!(await this.store.complete(this.tx.manager, claim, stored))) throw new LeaseLostError();
      return body;
    };
    const heartbeat = phased ? this.heartbeat(claim) : undefined;
    try {
      if (phased) {
        // Phases commit on their own inside the handler; the completion is the last commit.
        const body = await this.recovery.run(claim, handler);
        return await this.tx.run(() => complete(body));
      }
      // One transaction: the handler's writes and the completion commit together.
      return await this.tx.run(async () => complete(await handler()));
    } catch (error) {
      if (error instanceof LeaseLostError) {
        this.metrics.idempotencyOutcome('lease_lost');
        throw error;
      }
      // Rule 9: errors are not stored; the key is free again, unless a phase committed (then a
      // retry resumes from it) or someone took it over. Decided by the database, so a COMMIT
      // whose answer was lost is never taken for a rollback.
      const released = await this.store.release(claim);
      this.metrics.idempotencyOutcome(RELEASE_OUTCOMES[released]);
      if (error instanceof ErrorResponse) return error.body;
      throw error;
    } finally {
      clearInterval(heartbeat);
    }
  }

  /** Pushes the lease every third of it while a multi-phase request runs, for a bounded time. */
  private heartbeat(claim: HeldKey): NodeJS.Timeout {
    const started = Date.now();
    const every = Math.max(1000, (this.config.idempotencyLockSeconds * 1000) / 3);
    const timer = setInterval(() => {
      if (Date.now() - started > MAX_HEARTBEAT_MS) return clearInterval(timer);
      this.store.renew(claim).then(
        (held) => held || clearInterval(timer),
        () => undefined, // the next beat tries again; the lease only ends early
      );
    }, every);
    timer.unref();
    return timer;
  }

  private toStored(response: FastifyReply, body: unknown, omit: string[]): StoredResponse {
    let stored = body;
    if (omit.length > 0 && typeof body === 'object' && body !== null && !Array.isArray(body)) {
      stored = Object.fromEntries(
        Object.entries(body as Record<string, unknown>).filter(([name]) => !omit.includes(name)),
      );
    }
    const headers: Record<string, string> = {};
    for (const name of REPLAYED_HEADERS) {
      const value = response.getHeader(name);
      if (typeof value === 'string') headers[name] = value;
    }
    return {
      status: response.statusCode,
      body: stored === undefined ? null : JSON.stringify(stored),
      headers,
    };
  }

  private replay(response: FastifyReply, stored: StoredResponse): unknown {
    response.code(stored.status);
    for (const [name, value] of Object.entries(stored.headers)) response.header(name, value);
    response.header(REPLAY_HEADER, 'true');
    return stored.body === null ? undefined : JSON.parse(stored.body);
  }
}
