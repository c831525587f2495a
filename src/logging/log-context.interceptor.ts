import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import type { Observable } from 'rxjs';
import { requestContext } from './log-options';

/**
 * After the guard has resolved the tenant, adds the tenant id and the Idempotency-Key to every log
 * line the handler writes (the request's own line gets them from `customProps`).
 */
@Injectable()
export class LogContextInterceptor implements NestInterceptor {
  constructor(private readonly logger: PinoLogger) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() === 'http') {
      const fields = requestContext(context.switchToHttp().getRequest());
      if (Object.keys(fields).length > 0) {
        try {
          this.logger.assign(fields);
        } catch {
          // Outside a request's logging context (a route nestjs-pino does not cover): nothing to add.
        }
      }
    }
    return next.handle();
  }
}
