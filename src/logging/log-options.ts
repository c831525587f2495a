import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Params } from 'nestjs-pino';
import pino from 'pino';
import pretty from 'pino-pretty';
import type { AppConfig } from '../config/app-config';
import type { RequestFacts } from '../tenancy/auth.types';
import { REDACT_PATHS, scrubbingDestination } from './redaction';
import { requestId } from './request-id';

/** Paths whose successful requests are not logged: probes and scrapes would drown the rest. */
const QUIET_PATHS = new Set(['/health', '/health/live', '/metrics']);

/**
 * The request's tenant and Idempotency-Key, as far as they are known (the guard sets the tenant):
 * read from the raw request, where `remember` puts them.
 */
export function requestContext(req: IncomingMessage): Record<string, string> {
  const request = req as IncomingMessage & RequestFacts;
  const fields: Record<string, string> = {};
  const principal = request.principal;
  if (principal?.kind === 'tenant') fields.tenantId = principal.tenantId;
  else if (principal?.kind === 'admin') fields.tenantId = 'admin';
  const rawKey = req.headers['idempotency-key'];
  const key = request.idempotencyKey ?? (typeof rawKey === 'string' ? rawKey.slice(0, 80) : null);
  if (key !== null && key !== '') fields.idempotencyKey = key;
  return fields;
}

/**
 * nestjs-pino's parameters: one JSON line per request (method, route, status, time, request id,
 * tenant, idempotency key) and every application log as JSON in the same stream, with secrets
 * redacted by path and scrubbed from the text.
 */
export function logParams(config: AppConfig): Params {
  return {
    pinoHttp: [
      {
        level: config.logLevel,
        base: { service: 'ticket-service' },
        timestamp: pino.stdTimeFunctions.isoTime,
        formatters: { level: (label) => ({ level: label }) },
        redact: { paths: REDACT_PATHS },
        // Fastify's request id (requestId(), see createHttpAdapter), carried on the raw request.
        genReqId: (req: IncomingMessage) =>
          (req as IncomingMessage & { id?: string }).id ?? requestId(req),
        quietReqLogger: true,
        customAttributeKeys: { reqId: 'requestId' },
        customProps: (req: IncomingMessage) => requestContext(req),
        customLogLevel: (_req: IncomingMessage, res: ServerResponse, error?: Error) =>
          error !== undefined || res.statusCode >= 500 ? 'error' : 'info',
        customSuccessMessage: (req: IncomingMessage, res: ServerResponse) =>
          `${req.method} ${(req as { originalUrl?: string }).originalUrl ?? req.url} ${res.statusCode}`,
        autoLogging: {
          ignore: (req: IncomingMessage) =>
            QUIET_PATHS.has((req.url ?? '').split('?')[0]) && req.method === 'GET',
        },
      },
      scrubbingDestination(config.logFormat === 'pretty' ? prettyStream() : process.stdout),
    ],
  };
}

/**
 * Development output: pino-pretty turns each JSON line into one readable line. It sits behind the
 * redaction and the scrubbing (it receives the finished, scrubbed JSON text), so what it prints
 * holds no secret either; and it runs in-process, synchronously, so lines keep their order with
 * the start-up banner and nothing is lost at exit.
 */
function prettyStream(): NodeJS.WritableStream {
  return pretty({
    destination: process.stdout,
    sync: true,
    colorize: process.stdout.isTTY === true,
    translateTime: 'SYS:HH:MM:ss.l',
    // The request line's message already says method, URL and status; the objects would repeat it
    // over a dozen lines.
    ignore: 'pid,hostname,service,req,res,context',
    messageFormat: '{if context}[{context}] {end}{msg}',
    singleLine: true,
  });
}
