import type { FastifyInstance } from 'fastify';
import type { MetricsService } from './metrics.service';

/** Label of requests no route matched (404s of unknown paths), so raw URLs never become labels. */
export const UNMATCHED_ROUTE = 'unmatched';

/**
 * Counts every request and its latency by the route PATTERN it was dispatched to
 * (`/v1/events/:id`, not `/v1/events/3f…`), so the label set stays bounded. A Fastify hook rather
 * than an interceptor: it sees rejections by the guard and the body reader too, which interceptors
 * would miss.
 */
export function observeHttpMetrics(fastify: FastifyInstance, metrics: MetricsService): void {
  fastify.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions.url;
    // Nest answers unknown paths from Fastify's not-found handler, which has no pattern.
    metrics.httpRequest(
      request.method,
      route === undefined || route.includes('*') ? UNMATCHED_ROUTE : route,
      reply.statusCode,
      reply.elapsedTime / 1000,
    );
    done();
  });
}
