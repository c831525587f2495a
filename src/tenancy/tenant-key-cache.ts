import { Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { EventEmitter } from 'node:events';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import type { AppConfig } from '../config/app-config';
import { InjectAppConfig } from '../config/config.module';

/** The channel a trigger on `tenants` notifies with the tenant id when its key hash changes. */
export const TENANT_KEY_CHANNEL = 'tenant_api_keys';
export const TENANT_KEY_LISTENER_NAME = 'ticket-service tenant-key listener';

// Enough for every active tenant of a deployment; the oldest entry goes first when full.
const MAX_ENTRIES = 10_000;
const RECONNECT_MIN_MS = 500;
const RECONNECT_MAX_MS = 30_000;

export interface CachedTenant {
  id: string;
  name: string;
}

interface Entry {
  tenant: CachedTenant;
  storedAt: number;
}

/**
 * The guard's tenant lookup (API key hash → tenant), cached per instance, so that the floor of
 * every authenticated request is one indexed read instead of two. A rotated or revoked key must
 * stop working everywhere, so the cache is only used while it can hear about changes:
 *
 * - a trigger on `tenants` sends NOTIFY tenant_api_keys '<tenant id>' in the transaction that
 *   changes a key hash (rotation, or any manual UPDATE/DELETE), delivered at its commit to every
 *   instance's listener, which drops that tenant's entries;
 * - the listener is a dedicated session connection on MIGRATIONS_DATABASE_URL (the direct one:
 *   LISTEN cannot go through a transaction-mode pooler). While it is not connected and listening, the cache is empty and not used: every
 *   lookup reads the database, as without a cache. It reconnects with backoff and starts empty;
 * - the instance that rotates a key drops the tenant at once and stores nothing for it until its
 *   own notification has arrived (the commit), so a lookup racing the rotation cannot put the old
 *   key back; a lookup that started before a notification never stores its (older) answer;
 * - the path itself is checked: every third of TENANT_CACHE_SECONDS the instance sends a ping
 *   through its ordinary pool (the way a rotation's NOTIFY travels) and uses the cache only while
 *   its own last ping came back less than TENANT_CACHE_SECONDS ago. A listener that silently
 *   hears nothing (a half-open TCP connection, a LISTEN sent through a transaction-mode pooler)
 *   thus turns the cache off by itself, and the cache starts empty when pings come back;
 * - each entry lives at most TENANT_CACHE_SECONDS, a bound that holds even if a notification were
 *   lost while pings got through. Unknown keys are never cached (a new tenant's key works
 *   at once, and guessing keys cannot fill the memory).
 *
 * TENANT_CACHE_SECONDS=0 turns the cache (and the listener) off.
 */
@Injectable()
export class TenantKeyCache implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(TenantKeyCache.name);
  private readonly entries = new Map<string, Entry>();
  /** Tenants whose key is being changed here: not cached until the change's notification. */
  private readonly pending = new Map<string, number>();
  /** Bumped on every invalidation: an answer read before it is not stored. */
  private generation = 0;
  private listening = false;
  private client?: Client;
  private closed = false;
  private reconnectDelay = RECONNECT_MIN_MS;
  private reconnectTimer?: NodeJS.Timeout;
  private readonly ttlMs: number;
  private readonly instance = randomUUID();
  /** When this instance's own ping last came back through the listener. */
  private lastPing = 0;
  private pingTimer?: NodeJS.Timeout;
  /** 'invalidated' (tenant id), 'ping', 'listening' and 'down', for tests and logs. */
  readonly events = new EventEmitter();

  constructor(
    @InjectAppConfig() private readonly config: AppConfig,
    private readonly dataSource: DataSource,
  ) {
    this.ttlMs = config.tenantCacheSeconds * 1000;
  }

  private now(): number {
    return Date.now();
  }

  get enabled(): boolean {
    return this.ttlMs > 0;
  }

  /**
   * Whether cached answers are used now: the listener is connected and listening, and its own
   * last ping through the pool came back within TENANT_CACHE_SECONDS.
   */
  get active(): boolean {
    return this.enabled && this.listening && this.now() - this.lastPing < this.ttlMs;
  }

  async onModuleInit(): Promise<void> {
    if (!this.enabled) return;
    await this.connect();
    this.pingTimer = setInterval(() => void this.ping(), Math.max(200, this.ttlMs / 3));
    this.pingTimer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    this.closed = true;
    clearInterval(this.pingTimer);
    clearTimeout(this.reconnectTimer);
    this.listening = false;
    this.entries.clear();
    await this.client?.end().catch(() => undefined);
  }

  /** The tenant of a key hash, from the cache when it may be used, else from `load`. */
  async lookup(
    hash: string,
    load: () => Promise<CachedTenant | null>,
  ): Promise<CachedTenant | null> {
    if (!this.active) return load();
    const entry = this.entries.get(hash);
    if (entry !== undefined) {
      if (this.now() - entry.storedAt < this.ttlMs) return entry.tenant;
      this.entries.delete(hash);
    }
    const generation = this.generation;
    const tenant = await load();
    if (
      tenant !== null &&
      this.active &&
      this.generation === generation &&
      !this.isPending(tenant.id)
    ) {
      if (this.entries.size >= MAX_ENTRIES) {
        this.entries.delete(this.entries.keys().next().value as string);
      }
      this.entries.set(hash, {
        tenant: { id: tenant.id, name: tenant.name },
        storedAt: this.now(),
      });
    }
    return tenant;
  }

  /**
   * Called by the code that changes a tenant's key, before the change commits: the tenant is
   * dropped here at once and not cached again until the change's own notification arrives (or,
   * if the change rolled back and none comes, for TENANT_CACHE_SECONDS).
   */
  keyChanging(tenantId: string): void {
    this.pending.set(tenantId, this.now());
    this.invalidate(tenantId);
  }

  /** Entries in the cache (for tests and the benchmark's notes). */
  get size(): number {
    return this.entries.size;
  }

  private isPending(tenantId: string): boolean {
    const since = this.pending.get(tenantId);
    if (since === undefined) return false;
    if (this.now() - since < Math.max(this.ttlMs, 1000)) return true;
    this.pending.delete(tenantId);
    return false;
  }

  private invalidate(tenantId: string): void {
    this.generation++;
    for (const [hash, entry] of this.entries) {
      if (entry.tenant.id === tenantId) this.entries.delete(hash);
    }
  }

  private async ping(): Promise<void> {
    if (!this.listening || this.closed) return;
    await this.dataSource
      .query(`SELECT pg_notify($1, $2)`, [TENANT_KEY_CHANNEL, `ping:${this.instance}`])
      .catch(() => undefined);
  }

  private onNotification(payload: string): void {
    if (payload.startsWith('ping:')) {
      if (payload !== `ping:${this.instance}`) return;
      const wasActive = this.active;
      if (!wasActive) {
        // Deaf until now: whatever was cached may have missed a change.
        this.generation++;
        this.entries.clear();
      }
      this.lastPing = this.now();
      this.events.emit('ping');
      if (!wasActive) this.events.emit('listening');
      return;
    }
    const tenantId = payload;
    this.invalidate(tenantId);
    this.pending.delete(tenantId);
    this.events.emit('invalidated', tenantId);
  }

  private down(reason: string): void {
    const was = this.listening;
    this.listening = false;
    this.generation++;
    this.entries.clear();
    if (was) this.logger.warn(`tenant key listener lost (${reason}): lookups go to the database`);
    this.events.emit('down');
  }

  private async connect(): Promise<void> {
    const client = new Client({
      // A session of its own, straight to the primary: never through a transaction-mode pooler.
      connectionString: this.config.migrationsDatabaseUrl,
      application_name: TENANT_KEY_LISTENER_NAME,
      keepAlive: true,
    });
    this.client = client;
    client.on('notification', (message) => {
      if (message.channel === TENANT_KEY_CHANNEL && message.payload !== undefined) {
        this.onNotification(message.payload);
      }
    });
    const lost = (reason: string) => {
      if (this.client !== client) return;
      this.client = undefined;
      this.down(reason);
      client.end().catch(() => undefined);
      this.scheduleReconnect();
    };
    client.on('error', (error) => lost(error.message));
    client.on('end', () => lost('connection ended'));
    try {
      await client.connect();
      await client.query(`LISTEN ${TENANT_KEY_CHANNEL}`);
      if (this.client !== client || this.closed) return;
      this.entries.clear();
      this.generation++;
      this.lastPing = 0;
      this.listening = true;
      this.reconnectDelay = RECONNECT_MIN_MS;
      // Cached answers are used from the moment the first ping comes back.
      void this.ping();
    } catch (error) {
      lost((error as Error).message);
    }
  }

  private scheduleReconnect(): void {
    if (this.closed) return;
    clearTimeout(this.reconnectTimer);
    this.reconnectTimer = setTimeout(() => {
      if (!this.closed) void this.connect();
    }, this.reconnectDelay);
    this.reconnectDelay = Math.min(this.reconnectDelay * 2, RECONNECT_MAX_MS);
  }
}
