import type { RedisOptions } from 'ioredis';
import type { AppConfig } from '../config/app-config';

/** Reconnects back off to at most 2 s (Bull's default is 20 s), so work resumes quickly. */
const retryStrategy = (times: number): number => Math.min(100 * times, 2000);

/** ioredis options from a redis:// URL. */
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
    retryStrategy,
  };
}

/**
 * The options of every Redis client of the service (Bull's three per queue, the health check):
 * REDIS_URL's server, or, when REDIS_SENTINELS is set, whichever server the Sentinels name master
 * of REDIS_SENTINEL_NAME. REDIS_URL then still gives the master's user, password, database and
 * TLS; only its host and port are ignored.
 *
 * Through a failover: ioredis asks the Sentinels for the master on every (re)connect, and a
 * command answered READONLY (a client still on the old master, now a replica) reconnects and is
 * sent again to the new master. ioredis' `failoverDetector` is left off on purpose: its
 * +switch-master handler closes the connection, and when that lands while the client is
 * reconnecting, the connect is rejected and the client ends for good (status `end`, no retry);
 * the HA drill saw an instance lose Redis that way until it was restarted.
 */
export function redisConnectionOptions(
  config: Pick<AppConfig, 'redisUrl' | 'redisSentinels' | 'redisSentinelName'>,
): RedisOptions {
  const fromUrl = redisOptionsFromUrl(config.redisUrl);
  if (config.redisSentinels.length === 0) return fromUrl;
  const { host: _host, port: _port, ...master } = fromUrl;
  return {
    ...master,
    sentinels: config.redisSentinels.map(({ host, port }) => ({ host, port })),
    name: config.redisSentinelName,
    role: 'master',
    sentinelRetryStrategy: retryStrategy,
    enableTLSForSentinelMode: fromUrl.tls !== undefined,
    reconnectOnError: (error: Error) => (error.message.startsWith('READONLY') ? 2 : false),
  };
}
