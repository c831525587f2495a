import { INestApplication, Logger } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { raw, type NextFunction, type Request, type Response } from 'express';
import { Logger as PinoNestLogger } from 'nestjs-pino';
import { mountQueueBoard } from './admin/queue-board';
import type { AppConfig } from './config/app-config';
import { sendProblem } from './errors/problem-json.filter';
import { parseJsonBody } from './http/json-body';
import { isRawBodyPath } from './http/raw-body-routes';
import { REQUEST_ID_HEADER } from './logging/request-id';
import { StartupQuietLogger } from './logging/startup-quiet.logger';
import { setupSwagger } from './swagger';

/**
 * Everything about the HTTP server that is not a Nest provider: Nest's logger through pino, body
 * reading, CORS, Swagger, the queue board, shutdown hooks. Shared by main.ts and the e2e tests, so
 * both run the same server. The application must be created with `{ bodyParser: false }`.
 *
 * This and the two Express types in the error filter are the only Express-specific code: the body
 * rules themselves (parseJsonBody) take bytes and know no adapter.
 */
export function configureApp(app: INestApplication, config: AppConfig): void {
  const express = app as NestExpressApplication;
  // Routes match as declared (`/V1/...` is a 404), so no spelling of a path reaches a handler that
  // the idempotency layer would not recognise. Nest has made Express' router already; the option
  // is read by each route added from now on (app.init() adds them).
  express.set('case sensitive routing', true);
  const instance = express.getHttpAdapter().getInstance() as unknown as {
    router: { caseSensitive: boolean };
  };
  instance.router.caseSensitive = true;
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
      exposedHeaders: [
        'X-Idempotent-Replayed',
        'Retry-After',
        'Location',
        'RateLimit',
        'RateLimit-Policy',
        REQUEST_ID_HEADER,
      ],
      maxAge: 600,
    });
  }

  // Bodies are read as bytes (decompressed, at most BODY_LIMIT_BYTES after decompression), kept as
  // `rawBody`, and parsed by parseJsonBody under its structural limits, except on the raw-body
  // routes (the webhook receiver), whose handler verifies the bytes before it parses them. Only
  // JSON is read: no route takes a form.
  const readBytes = raw({
    limit: config.bodyLimitBytes,
    type: ['application/json', 'application/*+json'],
  });
  express.use((req: Request, res: Response, next: NextFunction) => {
    readBytes(req, res, (error?: unknown) => {
      if (error !== undefined) return next(error);
      const bytes: unknown = req.body;
      if (!Buffer.isBuffer(bytes)) {
        req.body = undefined;
        return next();
      }
      (req as Request & { rawBody?: Buffer }).rawBody = bytes;
      if (isRawBodyPath(req.path)) {
        req.body = undefined;
        return next();
      }
      try {
        req.body = parseJsonBody(bytes);
      } catch (parseError) {
        return next(parseError);
      }
      next();
    });
  });
  // Body errors (too large, malformed, over a limit) happen before Nest's filters see the request.
  const logger = new Logger('Errors');
  express.use((error: unknown, req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) return next(error);
    sendProblem(error, req, res, { bodyLimitBytes: config.bodyLimitBytes, logger });
  });

  setupSwagger(app);
  mountQueueBoard(app, config);
  app.enableShutdownHooks();
}
