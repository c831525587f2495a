import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { AppConfig } from '../config/app-config';
import { InjectAppConfig } from '../config/config.module';
import { TransactionContext } from '../database/transaction-context';
import { IdempotencyKeyStatus } from './idempotency-key.entity';

/**
 * The scope of admin requests. Keys are unique on (tenant_id, key) and a NULL tenant would never
 * collide with itself, so admin keys live under this reserved, never-issued tenant id.
 */
export const ADMIN_SCOPE = '00000000-0000-0000-0000-000000000000';

export interface ClaimRequest {
  scope: string;
  key: string;
  fingerprint: string;
  fingerprintVersion: number;
  method: string;
  path: string;
}

export interface StoredResponse {
  status: number;
  body: string | null;
  headers: Record<string, string>;
}

/** A key this request holds; for a multi-phase request, also where an earlier attempt got to. */
export interface HeldKey {
  id: string;
  token: string;
  /** The last phase an earlier attempt committed (a takeover resumes from it), or null. */
  recoveryPoint: string | null;
  resourceId: string | null;
}

export type ClaimResult =
  | ({ outcome: 'claimed' | 'takeover' | 'expired' } & HeldKey)
  | { outcome: 'in_progress'; retryAfterSeconds: number }
  | { outcome: 'mismatch' }
  | { outcome: 'replay'; response: StoredResponse };

export interface KeyStatusView {
  key: string;
  status: IdempotencyKeyStatus;
  method: string;
  path: string;
  responseStatus: number | null;
  createdAt: Date;
  expiresAt: Date;
}

/** One row of the claim statement: ours (`claimed`), or the one that stood in the way. */
interface ClaimRow {
  mine: boolean;
  id: string;
  inserted: boolean;
  renewed: boolean;
  status: IdempotencyKeyStatus;
  fingerprint: string;
  fingerprint_version: number;
  response_status: number | null;
  response_body: string | null;
  response_headers: Record<string, string> | null;
  retry_after: number | null;
  lease_over: boolean;
  expired: boolean;
  recovery_point: string | null;
  resource_id: string | null;
}

/** What `release` did: deleted the key, only unlocked it (a phase had committed), or neither. */
export type ReleaseOutcome = 'released' | 'unlocked' | 'lost';

// Retry-After of a 409 IN_PROGRESS: the least the contract allows (whole seconds, at least 1).
// Not what is left of the lease: a live request renews its lease while it runs, so that would
// say ~IDEMPOTENCY_LOCK_SECONDS to the second tap of a double-click that settles in milliseconds.
// A retry costs one read, with no write and no lock.
const RETRY_AFTER = `1`;
/** Whether a lease ran out, as an SQL expression. */
const LEASE_OVER = `(status = 'processing' AND locked_until <= now())`;

// A claim that loses a race twice in a row (row deleted or expired under it) is retried a few times.
const MAX_CLAIM_ATTEMPTS = 5;

@Injectable()
export class IdempotencyStore {
  constructor(
    private readonly tx: TransactionContext,
    @InjectAppConfig() private readonly config: AppConfig,
  ) {}

  /**
   * Claims a key. Every statement runs outside any transaction and commits at once, so a
   * concurrent request sees `processing` immediately instead of waiting on our lock. First one
   * statement reads the key and inserts it only when it is absent (a new key: claimed; a live
   * key: decided from the row read, with no write and no lock, so replays stay cheap). Only an
   * expired key or a lease that ran out goes on to the locking upsert, which takes it over when
   * it is still expired, or still out of lease with the same fingerprint. Taking a key is thus
   * always one atomic INSERT or guarded UPDATE, never a decision made on a read alone.
   */
  async claim(request: ClaimRequest): Promise<ClaimResult> {
    for (let attempt = 0; attempt < MAX_CLAIM_ATTEMPTS; attempt++) {
      const token = randomUUID();
      let rows = await this.readOrInsert(request, token);
      const found = rows[0];
      if (found !== undefined && !found.mine && (found.expired || this.takeable(found, request))) {
        rows = await this.upsert(request, token);
      }
      // None: a concurrent claim committed between our read and our insert, or the row went away
      // (released, cleaned up) under the upsert. Claim again.
      if (rows.length === 0 || rows[0].expired) continue;
      const row = rows[0];
      if (row.mine) {
        const outcome = row.inserted ? 'claimed' : row.renewed ? 'expired' : 'takeover';
        return {
          outcome,
          id: row.id,
          token,
          recoveryPoint: row.recovery_point,
          resourceId: row.resource_id,
        };
      }
      if (
        row.fingerprint_version === request.fingerprintVersion &&
        row.fingerprint !== request.fingerprint
      ) {
        return { outcome: 'mismatch' };
      }
      if (row.status === 'processing') {
        // A lease that ran out after the upsert looked is ours to take: claim again.
        if (row.lease_over) continue;
        return { outcome: 'in_progress', retryAfterSeconds: row.retry_after ?? 1 };
      }
      return {
        outcome: 'replay',
        response: {
          status: row.response_status ?? 200,
          body: row.response_body,
          headers: row.response_headers ?? {},
        },
      };
    }
    throw new Error(`idempotency claim did not settle after ${MAX_CLAIM_ATTEMPTS} attempts`);
  }

  /** A key in processing whose lease ran out, retried with the same request, may be taken over. */
  private takeable(row: ClaimRow, request: ClaimRequest): boolean {
    return (
      row.status === 'processing' &&
      row.lease_over &&
      (row.fingerprint === request.fingerprint ||
        row.fingerprint_version !== request.fingerprintVersion)
    );
  }

  private claimParams(request: ClaimRequest, token: string): unknown[] {
    return [
      request.scope,
      request.key,
      request.fingerprint,
      request.fingerprintVersion,
      request.method,
      request.path,
      token,
      this.config.idempotencyLockSeconds,
      this.config.idempotencyTtlSeconds,
    ];
  }

  /** The key's row as it stands, or a new row in processing when there is none. No lock taken. */
  private readOrInsert(request: ClaimRequest, token: string): Promise<ClaimRow[]> {
    return this.tx.dataSource.manager.query(
      `WITH previous AS (
         SELECT * FROM idempotency_keys WHERE tenant_id = $1 AND key = $2),
       inserted AS (
         INSERT INTO idempotency_keys
           (tenant_id, key, status, fingerprint, fingerprint_version, method, path,
            lock_token, locked_until, expires_at)
         SELECT $1, $2, 'processing', $3, $4, $5, $6, $7,
                now() + make_interval(secs => $8), now() + make_interval(secs => $9)
          WHERE NOT EXISTS (SELECT 1 FROM previous)
         ON CONFLICT (tenant_id, key) DO NOTHING
         RETURNING id)
       SELECT true AS mine, id, true AS inserted, false AS renewed, 'processing' AS status,
              $3 AS fingerprint, $4::smallint AS fingerprint_version, NULL::int AS response_status,
              NULL::text AS response_body, NULL::jsonb AS response_headers,
              NULL::int AS retry_after, false AS lease_over, false AS expired,
              NULL::text AS recovery_point, NULL::uuid AS resource_id
         FROM inserted
       UNION ALL
       SELECT false, id, false, false, status, fingerprint, fingerprint_version,
              response_status, response_body, response_headers, ${RETRY_AFTER}, ${LEASE_OVER},
              expires_at <= now(), recovery_point, resource_id
         FROM previous`,
      this.claimParams(request, token),
    );
  }

  /**
   * Takes over an expired key, or one whose lease ran out with the same fingerprint; else returns
   * the row in the way (as this statement's snapshot saw it).
   */
  private upsert(request: ClaimRequest, token: string): Promise<ClaimRow[]> {
    return this.tx.dataSource.manager.query(
      `WITH claimed AS (
         INSERT INTO idempotency_keys AS k
           (tenant_id, key, status, fingerprint, fingerprint_version, method, path,
            lock_token, locked_until, expires_at)
         VALUES ($1, $2, 'processing', $3, $4, $5, $6, $7,
                 now() + make_interval(secs => $8), now() + make_interval(secs => $9))
         ON CONFLICT (tenant_id, key) DO UPDATE SET
           status = 'processing',
           fingerprint = EXCLUDED.fingerprint,
           fingerprint_version = EXCLUDED.fingerprint_version,
           method = EXCLUDED.method,
           path = EXCLUDED.path,
           lock_token = EXCLUDED.lock_token,
           locked_until = EXCLUDED.locked_until,
           response_status = NULL,
           response_body = NULL,
           response_headers = NULL,
           completed_at = NULL,
           created_at = CASE WHEN k.expires_at <= now() THEN now() ELSE k.created_at END,
           -- A takeover resumes where the earlier attempt got to; an expired key starts afresh.
           recovery_point = CASE WHEN k.expires_at <= now() THEN NULL ELSE k.recovery_point END,
           resource_id = CASE WHEN k.expires_at <= now() THEN NULL ELSE k.resource_id END,
           expires_at = EXCLUDED.expires_at
         WHERE k.expires_at <= now()
            OR (k.status = 'processing' AND k.locked_until <= now()
                AND (k.fingerprint = EXCLUDED.fingerprint
                     OR k.fingerprint_version <> EXCLUDED.fingerprint_version))
         RETURNING k.*, (k.xmax = 0) AS inserted)
       SELECT true AS mine, id, inserted,
              -- A takeover keeps the key's created_at; an expired key starts a new life now.
              (NOT inserted AND created_at = now()) AS renewed,
              status, fingerprint, fingerprint_version, response_status, response_body,
              response_headers, NULL::int AS retry_after, false AS lease_over, false AS expired,
              recovery_point, resource_id
         FROM claimed
       UNION ALL
       SELECT false, id, false, false, status, fingerprint, fingerprint_version,
              response_status, response_body, response_headers, ${RETRY_AFTER}, ${LEASE_OVER},
              expires_at <= now(), recovery_point, resource_id
         FROM idempotency_keys
        WHERE tenant_id = $1 AND key = $2 AND NOT EXISTS (SELECT 1 FROM claimed)`,
      this.claimParams(request, token),
    );
  }

  /**
   * Records the response in the handler's own transaction. It succeeds only while this request
   * still holds the key; false means the lease was taken over and the caller must roll back.
   */
  async complete(
    manager: EntityManager,
    claim: { id: string; token: string },
    response: StoredResponse,
  ): Promise<boolean> {
    const [, affected]: [unknown, number] = await manager.query(
      `UPDATE idempotency_keys
          SET status = 'completed', lock_token = NULL, locked_until = NULL,
              response_status = $3, response_body = $4, response_headers = $5,
              completed_at = now(), expires_at = now() + make_interval(secs => $6)
        WHERE id = $1 AND lock_token = $2 AND status = 'processing'`,
      [
        claim.id,
        claim.token,
        response.status,
        response.body,
        JSON.stringify(response.headers),
        this.config.idempotencyTtlSeconds,
      ],
    );
    return affected === 1;
  }

  /**
   * After an error. A key with no committed phase is freed (docs/api.md §5: as if never used). A
   * key whose request committed a phase (a purchase's order) is not an error that can be
   * forgotten: it keeps its recovery point and only its lease ends, so a retry takes it over at
   * once and resumes. Neither when another request has taken the key over meanwhile. Both
   * statements are guarded by the token and decided by what is committed, not by what this
   * process believes it committed (a COMMIT whose answer was lost).
   */
  async release(claim: { id: string; token: string }): Promise<ReleaseOutcome> {
    const [, deleted]: [unknown, number] = await this.tx.dataSource.manager.query(
      `DELETE FROM idempotency_keys WHERE id = $1 AND lock_token = $2 AND recovery_point IS NULL`,
      [claim.id, claim.token],
    );
    if (deleted === 1) return 'released';
    const [, unlocked]: [unknown, number] = await this.tx.dataSource.manager.query(
      `UPDATE idempotency_keys SET locked_until = now()
        WHERE id = $1 AND lock_token = $2 AND status = 'processing'`,
      [claim.id, claim.token],
    );
    return unlocked === 1 ? 'unlocked' : 'lost';
  }

  /**
   * Records that this request committed a phase, in that phase's own transaction, and renews the
   * lease. False when the lease was lost: the caller must roll the phase back.
   */
  async advance(
    manager: EntityManager,
    claim: { id: string; token: string },
    recoveryPoint: string,
    resourceId: string | null,
  ): Promise<boolean> {
    const [, affected]: [unknown, number] = await manager.query(
      `UPDATE idempotency_keys
          SET recovery_point = $3, resource_id = COALESCE($4, resource_id),
              locked_until = now() + make_interval(secs => $5)
        WHERE id = $1 AND lock_token = $2 AND status = 'processing'`,
      [claim.id, claim.token, recoveryPoint, resourceId, this.config.idempotencyLockSeconds],
    );
    return affected === 1;
  }

  /** Heartbeat: pushes the lease of a request that is still running (e.g. waiting on the provider). */
  async renew(claim: { id: string; token: string }): Promise<boolean> {
    const [, affected]: [unknown, number] = await this.tx.dataSource.manager.query(
      `UPDATE idempotency_keys SET locked_until = now() + make_interval(secs => $3)
        WHERE id = $1 AND lock_token = $2 AND status = 'processing'`,
      [claim.id, claim.token, this.config.idempotencyLockSeconds],
    );
    return affected === 1;
  }

  /**
   * The recovery job acts as a retry of the request that made `resourceId`: it takes the key's
   * lease when the lease is over (a live request keeps it), under a new token. Returns null when
   * a live request holds the key; `none` when no key in processing names the resource (it
   * completed, expired or was cleaned up), so there is nobody to coordinate with.
   */
  async takeForRecovery(tenantId: string, resourceId: string): Promise<HeldKey | 'none' | null> {
    const token = randomUUID();
    const rows: Array<{ id: string; mine: boolean; recovery_point: string | null }> =
      await this.tx.dataSource.manager.query(
        `WITH taken AS (
           UPDATE idempotency_keys
              SET lock_token = $3, locked_until = now() + make_interval(secs => $4)
            WHERE tenant_id = $1 AND resource_id = $2 AND status = 'processing'
              AND locked_until <= now()
            RETURNING id, recovery_point)
         SELECT id, true AS mine, recovery_point FROM taken
         UNION ALL
         SELECT id, false, recovery_point FROM idempotency_keys
          WHERE tenant_id = $1 AND resource_id = $2 AND status = 'processing'
            AND NOT EXISTS (SELECT 1 FROM taken)`,
        [tenantId, resourceId, token, this.config.idempotencyLockSeconds],
      );
    if (rows.length === 0) return 'none';
    const taken = rows.find((row) => row.mine);
    if (taken === undefined) return null;
    return { id: taken.id, token, recoveryPoint: taken.recovery_point, resourceId };
  }

  async find(scope: string, key: string): Promise<KeyStatusView | null> {
    const rows: Array<{
      key: string;
      status: IdempotencyKeyStatus;
      method: string;
      path: string;
      response_status: number | null;
      created_at: Date;
      expires_at: Date;
    }> = await this.tx.manager.query(
      `SELECT key, status, method, path, response_status, created_at, expires_at
         FROM idempotency_keys
        WHERE tenant_id = $1 AND key = $2 AND expires_at > now()`,
      [scope, key],
    );
    if (rows.length === 0) return null;
    const row = rows[0];
    return {
      key: row.key,
      status: row.status,
      method: row.method,
      path: row.path,
      responseStatus: row.response_status,
      createdAt: row.created_at,
      expiresAt: row.expires_at,
    };
  }

  /**
   * Deletes expired keys in batches of `batchSize`, each its own short statement with SKIP LOCKED,
   * so a claim never waits long behind the cleanup. Keys still held by a live lease stay.
   */
  async deleteExpired(batchSize: number, maxBatches: number): Promise<number> {
    let deleted = 0;
    for (let batch = 0; batch < maxBatches; batch++) {
      const started = Date.now();
      const [, affected]: [unknown, number] = await this.tx.dataSource.manager.query(
        `DELETE FROM idempotency_keys
          WHERE id IN (
            SELECT id FROM idempotency_keys
             WHERE expires_at <= now()
               AND (status = 'completed' OR locked_until <= now())
             ORDER BY expires_at
             LIMIT $1
             FOR UPDATE SKIP LOCKED)`,
        [batchSize],
      );
      deleted += affected;
      if (affected < batchSize) break;
      // Paced: rest as long as the batch took, so a large backlog uses at most half of what the
      // database can give it and live traffic keeps its tail latency (measured in the benchmark:
      // unpaced, deleting a million keys doubled p99). The job has a whole interval to finish.
      await new Promise((resolve) => setTimeout(resolve, Date.now() - started));
    }
    return deleted;
  }
}
