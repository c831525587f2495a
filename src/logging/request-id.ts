import type { FastifyInstance } from 'fastify';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const REQUEST_ID_HEADER = 'X-Request-Id';

/** What is accepted from a caller's X-Request-Id: short, printable, no spaces or quotes. */
const ACCEPTABLE = /^[A-Za-z0-9._:@/+=-]{1,128}$/;

/**
 * The request id: the caller's X-Request-Id when it is acceptable (a proxy or a client correlating
 * its own logs), otherwise a new UUID. Fastify's `genReqId`: it becomes `request.id`, which the
 * request log takes too (the raw request carries it).
 */
export function requestId(req: IncomingMessage): string {
  const incoming = req.headers['x-request-id'];
  return typeof incoming === 'string' && ACCEPTABLE.test(incoming) ? incoming : randomUUID();
}

/** Echoes the request id in every response, errors and 404s included. */
export function echoRequestId(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', (request, reply, done) => {
    void reply.header(REQUEST_ID_HEADER, request.id);
    done();
  });
}
