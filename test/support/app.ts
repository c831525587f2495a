import type { INestApplication, Provider, Type } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import Redis from 'ioredis';
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { AppModule } from '../../src/app.module';
import { APP_OPTIONS, configureApp, createHttpAdapter } from '../../src/app.setup';
import { AppConfig, DEV_ADMIN_TOKEN, loadConfig } from '../../src/config/app-config';
import { dropDatabase } from '../../src/database/ensure-database';

export const ADMIN_TOKEN = DEV_ADMIN_TOKEN;
const SERVER_URL = process.env.TEST_DATABASE_SERVER_URL ?? 'postgres://postgres@127.0.0.1:5432';
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export interface TestApp {
  app: INestApplication;
  config: AppConfig;
  dataSource: DataSource;
  http: () => ReturnType<typeof request>;
  /** Listens on a free port (once) and returns the base URL, for real parallel HTTP with fetch. */
  url: () => Promise<string>;
  close: () => Promise<void>;
}

export interface TestAppOptions {
  /** Environment variables on top of the test defaults (the names of docs/api.md §9). */
  env?: Record<string, string>;
  /** Share a database (and queue prefix) with another instance instead of making a new one. */
  shareWith?: TestApp;
  controllers?: Type[];
  providers?: Provider[];
}

/** A unique name per test application, so runs and test files never collide. */
export function uniqueName(prefix: string): string {
  return `${prefix}_${process.pid}_${randomBytes(4).toString('hex')}`;
}

/**
 * Builds the real application (same module, same HTTP setup as main.ts) against the real
 * PostgreSQL and Redis, in a database of its own that is dropped on close.
 */
export async function createTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const owner = options.shareWith === undefined;
  const databaseUrl = owner
    ? `${SERVER_URL}/${uniqueName('ts_test')}`
    : options.shareWith!.config.databaseUrl;
  const queuePrefix = owner ? uniqueName('tsq') : options.shareWith!.config.queuePrefix;
  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: databaseUrl,
    REDIS_URL,
    QUEUE_PREFIX: queuePrefix,
    SEED_DEMO_TENANT: 'false',
    // Tests fire bursts on purpose; the rate limit has its own tests.
    TENANT_RATE_LIMIT: '0',
    ...options.env,
  });

  const moduleRef = await Test.createTestingModule({
    imports: [AppModule.forRoot(config)],
    controllers: options.controllers ?? [],
    providers: options.providers ?? [],
  }).compile();
  const app = moduleRef.createNestApplication<NestFastifyApplication>(createHttpAdapter(config), {
    ...APP_OPTIONS,
    logger: ['error', 'warn'],
  });
  configureApp(app, config);
  await app.init();
  // Fastify takes requests only once its plugins have loaded (listen() waits for that itself).
  await app.getHttpAdapter().getInstance().ready();
  const dataSource = app.get(DataSource);
  let baseUrl: string | undefined;

  return {
    app,
    config,
    dataSource,
    http: () => request(app.getHttpServer()),
    url: async () => {
      if (baseUrl === undefined) {
        await app.listen(0, '127.0.0.1');
        const address = app.getHttpServer().address() as { port: number };
        baseUrl = `http://127.0.0.1:${address.port}`;
      }
      return baseUrl;
    },
    close: async () => {
      await app.close();
      if (owner) {
        await dropDatabase(databaseUrl);
        await deleteQueueKeys(config.redisUrl, queuePrefix);
      }
    },
  };
}

async function deleteQueueKeys(redisUrl: string, prefix: string): Promise<void> {
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1, lazyConnect: true });
  try {
    await redis.connect();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
      if (keys.length > 0) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } catch {
    // A Redis that is down (a test stopped it) leaves nothing worth cleaning.
  } finally {
    redis.disconnect();
  }
}
