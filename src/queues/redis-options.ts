import type { RedisOptions } from 'ioredis';

/**
 * ioredis options from a redis:// URL. Reconnects back off to at most 2 s (Bull's default is 20 s),
 * so work resumes quickly once Redis is back.
 */
export function redisOptionsFromUrl(redisUrl: string): RedisOptions {
  const url = new URL(redisUrl);
  const db = url.pathname.length > 1 ? Number(url.pathname.slice(1)) : 0;
  return {
    host: url.hostname,
    port: url.port === '' ? 6379 : Number(url.port),
    username: url.username === '' ? undefined : decodeURIComponent(url.username),
    password: url.password === '' ? undefined : decodeURIComponent(url.password),
    db: Number.isInteger(db) ? db : 0,
    tls: url.protocol === 'rediss:' ? {} : undefined,
    retryStrategy: (times: number) => Math.min(100 * times, 2000),
  };
}
