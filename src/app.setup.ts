import { INestApplication, Logger } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import { Logger as PinoNestLogger } from 'nestjs-pino';
import { mountQueueBoard } from './admin/queue-board';
import type { AppConfig } from './config/app-config';
import { sendProblem } from './errors/problem-json.filter';
import { REQUEST_ID_HEADER } from './logging/request-id';
import { StartupQuietLogger } from './logging/startup-quiet.logger';
import { setupSwagger } from './swagger';

/**
 * Everything about the HTTP server that is not a Nest provider: Nest's logger through pino, body
 * parsing with its limit, CORS, Swagger, the queue board, shutdown hooks. Shared by main.ts and the e2e tests, so both run the same server.
 * The application must be created with `{ rawBody: true, bodyParser: false }`.
 */
export function configureApp(app: INestApplication, config: AppConfig): void {
  const express = app as NestExpressApplication;
  // Nest's own messages (start-up, errors) through the same pino instance; its per-module and
  // per-route start-up lines at debug.
  app.useLogger(new StartupQuietLogger(app.get(PinoNestLogger)));
  express.disable('x-powered-by');
  express.set('trust proxy', 'loopback');
  // CORS first, so that error responses of the body parser carry its headers too.
  if (config.corsOrigins.length > 0) {
    const allowed = new Set(config.corsOrigins);
    express.enableCors({
      origin: (origin, callback) => callback(null, origin !== undefined && allowed.has(origin)),
      methods: ['GET', 'POST', 'OPTIONS'],
      allowedHeaders: ['Authorization', 'Content-Type', 'Idempotency-Key', REQUEST_ID_HEADER],
      exposedHeaders: ['X-Idempotent-Replayed', 'Retry-After', 'Location', REQUEST_ID_HEADER],
      maxAge: 600,
    });
  }

  express.useBodyParser('json', {
    limit: config.bodyLimitBytes,
    type: ['application/json', 'application/*+json'],
  });
  express.useBodyParser('urlencoded', { limit: config.bodyLimitBytes, extended: true });
  // Body-parser errors (too large, malformed JSON) happen before Nest's filters see the request.
  const logger = new Logger('Errors');
  express.use((error: unknown, req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) return next(error);
    sendProblem(error, req, res, { bodyLimitBytes: config.bodyLimitBytes, logger });
  });

  setupSwagger(app);
  mountQueueBoard(app, config);
  app.enableShutdownHooks();
}
