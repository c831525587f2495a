import { INestApplication, Logger, type DynamicModule, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { IncomingMessage } from 'node:http';
import { Logger as PinoNestLogger } from 'nestjs-pino';
import { mountQueueBoard } from './admin/queue-board';
import type { AppConfig } from './config/app-config';
import { sendProblem } from './errors/problem-json.filter';
import { isJsonMediaType, readBody } from './http/body-reader';
import { parseJsonBody } from './http/json-body';
import { isRawBodyRoute } from './http/raw-body-routes';
import { echoRequestId, REQUEST_ID_HEADER, requestId } from './logging/request-id';
import { StartupQuietLogger } from './logging/startup-quiet.logger';
import { observeHttpMetrics } from './metrics/http-metrics.hook';
import { MetricsService } from './metrics/metrics.service';
import { setupSwagger } from './swagger';

/** What Nest's factories take besides the module: the same for main.ts, the bench and the tests. */
export const APP_OPTIONS = { rawBody: true, bodyParser: false } as const;

/**
 * The HTTP server: Fastify (chosen over Express by measurement: docs/benchmarks.md). Routes match
 * as declared, case-sensitively (`/V1/...` is a 404), so no spelling of a path reaches a handler
 * that the idempotency layer would not recognise; a trailing slash is the same route.
 */
export function createHttpAdapter(config: AppConfig): FastifyAdapter {
  const logger = new Logger('Errors');
  return new FastifyAdapter({
    routerOptions: { caseSensitive: true, ignoreTrailingSlash: true },
    genReqId: requestId,
    // While closing, a request still gets an answer of ours (a 503 problem with Retry-After once the
    // database pool is gone), not Fastify's own plain 503.
    return503OnClosing: false,
    // Errors Fastify raises before a route runs (a path that is not valid percent-encoding, say)
    // are problem JSON like every other error.
    frameworkErrors: (error: FastifyError, request: FastifyRequest, reply: FastifyReply) =>
      sendProblem(error, request, reply, { bodyLimitBytes: config.bodyLimitBytes, logger }),
  });
}

/** The application as main.ts runs it (the tests build theirs from a testing module instead). */
export async function createApp(
  root: DynamicModule | Type,
  config: AppConfig,
  options: { logger?: false | ('error' | 'warn' | 'log')[] } = {},
): Promise<NestFastifyApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(root, createHttpAdapter(config), {
    ...APP_OPTIONS,
    // Held until configureApp hands Nest's logger to pino, so that start-up lines are JSON too.
    bufferLogs: options.logger === undefined,
    ...(options.logger === undefined ? {} : { logger: options.logger }),
  });
  configureApp(app, config);
  return app;
}

/**
 * Everything about the HTTP server that is not a Nest provider: Nest's logger through pino, body
 * reading, metrics, CORS, Swagger, the queue board, shutdown hooks. Shared by main.ts, the bench and
 * the e2e tests, so all run the same server. Called before `init()`: Fastify takes hooks, parsers
 * and plugins only until it is ready.
 */
export function configureApp(app: INestApplication, config: AppConfig): void {
  const fastify = app.getHttpAdapter().getInstance() as FastifyInstance;
  // Nest's own messages (start-up, errors) through the same pino instance; its per-module and
  // per-route start-up lines at debug.
  app.useLogger(new StartupQuietLogger(app.get(PinoNestLogger)));
  if (config.corsOrigins.length > 0) {
    const allowed = new Set(config.corsOrigins);
    app.enableCors({
      origin: (
        origin: string | undefined,
        callback: (error: Error | null, allow: boolean) => void,
      ) => callback(null, origin !== undefined && allowed.has(origin)),
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
  echoRequestId(fastify);
  readBodies(fastify, config);
  observeHttpMetrics(fastify, app.get(MetricsService));
  setupSwagger(app);
  mountQueueBoard(app, config);
  app.enableShutdownHooks();
}

/**
 * Bodies: only JSON is read (no route takes a form), as bytes (decompressed, at most
 * API_BODY_LIMIT_BYTES after decompression, BODY_LIMIT_BYTES on the webhook receiver, refused
 * before reading when Content-Length says more),
 * kept as `rawBody`, and parsed by parseJsonBody under its structural limits, except on the
 * raw-body routes (the webhook receiver), whose handler verifies the bytes before it parses them.
 * A body of another type is not read at all: the route sees no body.
 */
function readBodies(fastify: FastifyInstance, config: AppConfig): void {
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser(
    '*',
    async (request: FastifyRequest & { rawBody?: Buffer }, payload: IncomingMessage) => {
      if (!isJsonMediaType(request.headers['content-type'])) return undefined;
      const raw = isRawBodyRoute(request.routeOptions.url);
      const limit = raw ? config.bodyLimitBytes : config.apiBodyLimitBytes;
      const bytes = await readBody(payload, request.headers, limit);
      request.rawBody = bytes;
      return raw ? undefined : parseJsonBody(bytes);
    },
  );
}
