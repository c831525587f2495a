import { Injectable } from '@nestjs/common';
import { TransactionContext } from '../../database/transaction-context';
import type { ProviderEvent } from '../payments/payment-events';
import type { WebhookEventDto } from './dto/webhook-event.dto';
import type { WebhookEventStatus } from './webhook-event.entity';

interface EventRow {
  id: string;
  provider: string;
  event_id: string;
  type: string;
  status: WebhookEventStatus;
  attempts: number;
  last_error: string | null;
  note: string | null;
  received_at: Date;
  processed_at: Date | null;
}

/** A row the worker has claimed: what to apply, and the attempt count that guards its completion. */
export interface ClaimedEvent {
  provider: string;
  payload: ProviderEvent;
  attempts: number;
}

export interface WebhookEventFilter {
  status?: WebhookEventStatus;
  type?: string;
  /** Only events older than this one (received_at, id), newest first. */
  afterId?: string;
}

const LIST_COLUMNS = `id, provider, event_id, type, status, attempts, last_error, note, received_at, processed_at`;

function toDto(row: EventRow): WebhookEventDto {
  return {
    id: row.id,
    provider: row.provider,
    eventId: row.event_id,
    type: row.type,
    status: row.status,
    attempts: row.attempts,
    lastError: row.last_error,
    note: row.note,
    receivedAt: row.received_at.toISOString(),
    processedAt: row.processed_at === null ? null : row.processed_at.toISOString(),
  };
}

/**
 * The SQL of the webhook inbox (webhook_events), and nothing else. Which connection each
 * statement uses is part of the guarantee and stays as the method says: the receipt, the claim
 * and the release commit on their own (outside any transaction); the completion runs in the
 * current transaction, with the application of the event; the replay's reset commits on the
 * detached pool. WebhooksService tells the story (verify, store, enqueue, process, re-drive).
 */
@Injectable()
export class WebhookEventsStore {
  constructor(private readonly tx: TransactionContext) {}

  /**
   * Stores an event once per (provider, event id), committed at once. The raw text goes in as
   * jsonb, so the stored payload is what was signed, not a re-encoding. Returns the new row's id,
   * or null for a duplicate.
   */
  async insert(event: ProviderEvent, provider: string, payload: string): Promise<string | null> {
    const rows = (await this.tx.dataSource.query(
      `INSERT INTO webhook_events (provider, event_id, type, payload)
       VALUES ($1, $2, $3, $4::jsonb)
       ON CONFLICT (provider, event_id) DO NOTHING
       RETURNING id`,
      [provider, event.id, event.type, payload],
    )) as Array<{ id: string }>;
    return rows.length === 0 ? null : rows[0].id;
  }

  /**
   * The worker's guarded claim, committed at once (so `attempts` counts even if the application
   * rolls back): a pending or failed row, or a processing one whose lease ran out, goes to
   * processing with one more attempt. Undefined when the row is not claimable.
   */
  async claim(eventRowId: string, leaseMs: number): Promise<ClaimedEvent | undefined> {
    const claimed = (await this.tx.dataSource.query(
      `UPDATE webhook_events
          SET status = 'processing', attempts = attempts + 1, updated_at = now()
        WHERE id = $1
          AND (status IN ('pending', 'failed')
               OR (status = 'processing' AND updated_at < now() - $2 * interval '1 millisecond'))
        RETURNING provider, payload, attempts`,
      [eventRowId, leaseMs],
    )) as [ClaimedEvent[], number];
    // TypeORM answers an UPDATE ... RETURNING with [rows, affected].
    return claimed[0][0];
  }

  async statusOf(eventRowId: string): Promise<WebhookEventStatus | undefined> {
    const current = (await this.tx.dataSource.query(
      `SELECT status FROM webhook_events WHERE id = $1`,
      [eventRowId],
    )) as Array<{ status: WebhookEventStatus }>;
    return current[0]?.status;
  }

  /**
   * In the current transaction: processing → processed with the note, only while the row is
   * still this attempt's claim. False when the claim was lost (replayed, or taken over).
   */
  async markProcessed(eventRowId: string, attempts: number, note: string | null): Promise<boolean> {
    const done = (await this.tx.manager.query(
      `UPDATE webhook_events
          SET status = 'processed', note = $3, processed_at = now(), updated_at = now()
        WHERE id = $1 AND status = 'processing' AND attempts = $2`,
      [eventRowId, attempts, note],
    )) as [unknown[], number];
    return done[1] === 1;
  }

  /** A failed attempt, committed at once: back to pending (or failed), the error kept. */
  async release(
    eventRowId: string,
    attempts: number,
    to: 'pending' | 'failed',
    lastError: string,
  ): Promise<void> {
    await this.tx.dataSource.query(
      `UPDATE webhook_events SET status = $3, last_error = $4, updated_at = now()
        WHERE id = $1 AND status = 'processing' AND attempts = $2`,
      [eventRowId, attempts, to, lastError],
    );
  }

  /**
   * Rows Bull may have lost: pending for longer than `pendingAgeMs`, or processing past their
   * lease, oldest first, at most `limit`.
   */
  async findStranded(pendingAgeMs: number, leaseMs: number, limit: number): Promise<string[]> {
    const rows = (await this.tx.dataSource.query(
      `SELECT id FROM webhook_events
        WHERE (status = 'pending' AND updated_at < now() - $1 * interval '1 millisecond')
           OR (status = 'processing' AND updated_at < now() - $2 * interval '1 millisecond')
        ORDER BY updated_at
        LIMIT $3`,
      [pendingAgeMs, leaseMs, limit],
    )) as Array<{ id: string }>;
    return rows.map((row) => row.id);
  }

  async exists(id: string): Promise<boolean> {
    const known = (await this.tx.manager.query(`SELECT 1 FROM webhook_events WHERE id = $1`, [
      id,
    ])) as unknown[];
    return known.length > 0;
  }

  /** Newest first (received_at, then id), filtered, at most `limit` rows. */
  async list(filter: WebhookEventFilter, limit: number): Promise<WebhookEventDto[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (filter.status !== undefined) {
      params.push(filter.status);
      where.push(`status = $${params.length}`);
    }
    if (filter.type !== undefined) {
      params.push(filter.type);
      where.push(`type = $${params.length}`);
    }
    if (filter.afterId !== undefined) {
      params.push(filter.afterId);
      where.push(
        `(received_at, id) < (SELECT received_at, id FROM webhook_events WHERE id = $${params.length})`,
      );
    }
    params.push(limit);
    const rows = (await this.tx.manager.query(
      `SELECT ${LIST_COLUMNS} FROM webhook_events
        ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY received_at DESC, id DESC
        LIMIT $${params.length}`,
      params,
    )) as EventRow[];
    return rows.map(toDto);
  }

  async find(id: string): Promise<WebhookEventDto | null> {
    const rows = (await this.tx.manager.query(
      `SELECT ${LIST_COLUMNS} FROM webhook_events WHERE id = $1`,
      [id],
    )) as EventRow[];
    return rows.length === 0 ? null : toDto(rows[0]);
  }

  /**
   * Back to pending whatever the status, committed on its own (the detached pool) before the
   * caller enqueues. Null when unknown.
   */
  async resetForReplay(id: string): Promise<WebhookEventDto | null> {
    const rows = (await this.tx.runDetached((manager) =>
      manager.query(
        `UPDATE webhook_events SET status = 'pending', processed_at = NULL, updated_at = now()
          WHERE id = $1
        RETURNING ${LIST_COLUMNS}`,
        [id],
      ),
    )) as [EventRow[], number];
    const row = rows[0][0];
    return row === undefined ? null : toDto(row);
  }
}
