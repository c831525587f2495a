import { Injectable, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { MetricsService } from './metrics.service';

/** Label of requests no route matched (404s of unknown paths), so raw URLs never become labels. */
export const UNMATCHED_ROUTE = 'unmatched';

/**
 * Counts every request and its latency by the route PATTERN Express matched (`/v1/events/:id`,
 * not `/v1/events/3f…`), so the label set stays bounded. Registered for all routes by MetricsModule;
 * it sees rejections by the guard and the body parser too, which interceptors would miss.
 */
@Injectable()
export class HttpMetricsMiddleware implements NestMiddleware {
  constructor(private readonly metrics: MetricsService) {}

  use(req: Request, res: Response, next: NextFunction): void {
    const start = process.hrtime.bigint();
    res.once('finish', () => {
      const routePath = (req.route as { path?: unknown } | undefined)?.path;
      // Nest answers unknown paths from a catch-all route (`{/*splat}`): those are "unmatched" too.
      const route =
        typeof routePath === 'string' && !routePath.includes('*')
          ? `${req.baseUrl}${routePath}` || '/'
          : UNMATCHED_ROUTE;
      const seconds = Number(process.hrtime.bigint() - start) / 1e9;
      this.metrics.httpRequest(req.method, route, res.statusCode, seconds);
    });
    next();
  }
}
