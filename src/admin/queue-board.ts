import { createBullBoard } from '@bull-board/api';
import { BullAdapter } from '@bull-board/api/bullAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import { getQueueToken } from '@nestjs/bull';
import { INestApplication, Logger } from '@nestjs/common';
import type { Queue } from 'bull';
import type {
  FastifyInstance,
  FastifyReply,
  FastifyRequest,
  HookHandlerDoneFunction,
} from 'fastify';
import type { AppConfig } from '../config/app-config';
import { UnauthorizedError } from '../errors/app-error';
import { sendProblem } from '../errors/problem-json.filter';
import { QUEUES } from '../queues/queue-names';
import { bearerToken, secretsEqual } from '../tenancy/api-key';

export const QUEUE_BOARD_PATH = '/admin/queues';

/** The only writes the board allows: retrying one failed job, or every failed job of a queue. */
const RETRY_ONE = /^\/api\/queues\/([^/]+)\/([^/]+)\/retry$/;
const RETRY_FAILED = /^\/api\/queues\/[^/]+\/retry\/failed$/;

/**
 * The admin token from `Authorization: Bearer <token>`, or from HTTP Basic auth (any user name,
 * the token as password) so that a browser can open the board: it prompts once and resends the
 * credentials on the board's own API calls.
 */
export function adminCredential(header: string | undefined): string | null {
  const bearer = bearerToken(header);
  if (bearer !== null) return bearer;
  const basic = /^Basic[ ]+([A-Za-z0-9+/=]+)\s*$/i.exec(header ?? '');
  if (basic === null) return null;
  const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? null : decoded.slice(colon + 1);
}

function requireAdmin(config: AppConfig) {
  const logger = new Logger('QueueBoard');
  return (request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction): void => {
    const token = adminCredential(request.headers.authorization);
    if (token !== null && secretsEqual(token, config.adminToken)) return done();
    const error = new UnauthorizedError(
      token === null ? 'Missing admin credentials.' : 'Invalid admin token.',
    );
    // Basic first, so that a browser asks for the token (as the password) instead of failing.
    error.headers['WWW-Authenticate'] =
      'Basic realm="ticket-service queues", charset="UTF-8", Bearer';
    sendProblem(error, request, reply, { bodyLimitBytes: config.bodyLimitBytes, logger });
  };
}

/**
 * Read-only except retries of failed jobs. bull-board's own readOnlyMode also forbids retries, so
 * the board runs writable and this gate answers 405 to every other change (clean, promote, pause,
 * empty, add, edit…) and to retrying a job that did not fail.
 */
function retriesOfFailedJobsOnly(queues: Queue[]) {
  const byName = new Map(queues.map((queue) => [queue.name, queue]));
  const refuse = (reply: FastifyReply, detail: string): FastifyReply =>
    reply.code(405).send({ error: detail, message: detail });
  return async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | void> => {
    if (request.method === 'GET' || request.method === 'HEAD') return;
    // The path under the board, as bull-board's own routes name it.
    const path = request.url.split('?', 1)[0].slice(QUEUE_BOARD_PATH.length);
    if (request.method === 'PUT' && RETRY_FAILED.test(path)) return;
    const one = request.method === 'PUT' ? RETRY_ONE.exec(path) : null;
    if (one === null) {
      return refuse(reply, 'The queue board is read-only: only failed jobs may be retried.');
    }
    const job = await byName.get(decodeURIComponent(one[1]))?.getJob(decodeURIComponent(one[2]));
    if (job !== null && job !== undefined && (await job.getState()) !== 'failed') {
      return refuse(reply, 'Only a failed job may be retried.');
    }
  };
}

/** Every queue of the service, as registered by the modules that own them. */
export function serviceQueues(app: INestApplication): Queue[] {
  return Object.values(QUEUES).map((name) =>
    app.get<string, Queue>(getQueueToken(name), { strict: false }),
  );
}

/**
 * bull-board at /admin/queues for every queue, behind the admin token. It is a Fastify plugin of
 * its own, outside Nest's guards, so the token check is a hook of the plugin's context in front of it.
 */
export function mountQueueBoard(app: INestApplication, config: AppConfig): void {
  const queues = serviceQueues(app);
  const serverAdapter = new FastifyAdapter();
  serverAdapter.setBasePath(QUEUE_BOARD_PATH);
  createBullBoard({
    queues: queues.map(
      (queue) =>
        new BullAdapter(queue, {
          allowRetries: true,
          description: `Bull queue "${queue.name}" (prefix ${config.queuePrefix})`,
        }),
    ),
    serverAdapter,
    options: { uiConfig: { boardTitle: 'ticket-service queues' } },
  });
  const fastify = app.getHttpAdapter().getInstance() as FastifyInstance;
  void fastify.register(
    async (board: FastifyInstance) => {
      board.addHook('onRequest', requireAdmin(config));
      board.addHook('preHandler', retriesOfFailedJobsOnly(queues));
      await board.register(serverAdapter.registerPlugin());
    },
    { prefix: QUEUE_BOARD_PATH },
  );
}
