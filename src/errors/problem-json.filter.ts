import { ArgumentsHost, Catch, ExceptionFilter, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppConfig } from '../config/app-config';
import { InjectAppConfig } from '../config/config.module';
import { PROBLEM_CONTENT_TYPE, toProblem } from './problem';

/** The one place where errors become responses (registered as APP_FILTER). */
@Catch()
export class ProblemJsonFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  constructor(@InjectAppConfig() private readonly config: AppConfig) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception;
    const http = host.switchToHttp();
    sendProblem(exception, http.getRequest<FastifyRequest>(), http.getResponse<FastifyReply>(), {
      bodyLimitBytes: this.config.bodyLimitBytes,
      logger: this.logger,
    });
  }
}

export function sendProblem(
  exception: unknown,
  req: FastifyRequest,
  res: FastifyReply,
  options: { bodyLimitBytes: number; logger: Logger },
): void {
  const problem = toProblem(exception, options.bodyLimitBytes);
  if (problem.unexpected) {
    options.logger.error(
      `${req.method} ${req.url} failed: ${exception instanceof Error ? exception.message : String(exception)}`,
      exception instanceof Error ? exception.stack : undefined,
    );
  }
  if (res.sent || res.raw.headersSent) {
    res.raw.end();
    return;
  }
  // A replay header set before the failure would lie about this response.
  res.removeHeader('X-Idempotent-Replayed');
  res.removeHeader('Location');
  for (const [name, value] of Object.entries(problem.headers)) res.header(name, value);
  void res
    .code(problem.body.status)
    .type(PROBLEM_CONTENT_TYPE)
    .send(JSON.stringify({ ...problem.body, instance: req.url }));
}
