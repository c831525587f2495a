import { loadConfig } from '../config/app-config';
import { redisConnectionOptions } from './redis-options';

describe('redisConnectionOptions', () => {
  it('connects to REDIS_URL when no Sentinel is set', () => {
    const options = redisConnectionOptions(loadConfig({ REDIS_URL: 'redis://:pw@cache:6380/2' }));
    expect(options).toMatchObject({ host: 'cache', port: 6380, password: 'pw', db: 2 });
    expect(options.sentinels).toBeUndefined();
  });

  it('follows the master the Sentinels name, keeping the credentials and database of REDIS_URL', () => {
    const options = redisConnectionOptions(
      loadConfig({
        REDIS_URL: 'rediss://app:pw@ignored-host:6390/3',
        REDIS_SENTINELS: 's1:26379,s2:26380',
        REDIS_SENTINEL_NAME: 'tickets',
      }),
    );
    expect(options).toMatchObject({
      sentinels: [
        { host: 's1', port: 26379 },
        { host: 's2', port: 26380 },
      ],
      name: 'tickets',
      role: 'master',
      username: 'app',
      password: 'pw',
      db: 3,
      tls: {},
      enableTLSForSentinelMode: true,
    });
    // See redisConnectionOptions: the detector can end a reconnecting client for good.
    expect(options.failoverDetector).toBeUndefined();
    expect(options.host).toBeUndefined();
    expect(options.port).toBeUndefined();
    // A command that reaches a demoted master reconnects (through the Sentinels) and is resent.
    const reconnect = options.reconnectOnError!;
    expect(reconnect(new Error("READONLY You can't write against a read only replica."))).toBe(2);
    expect(reconnect(new Error('ERR unknown command'))).toBe(false);
  });
});
