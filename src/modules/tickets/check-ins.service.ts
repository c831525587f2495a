import { Injectable } from '@nestjs/common';
import { TransactionContext } from '../../database/transaction-context';
import {
  NotFoundError,
  TicketAlreadyCheckedInError,
  TicketVoidError,
} from '../../errors/app-error';
import { MetricsService } from '../../metrics/metrics.service';
import { CheckIn, CheckInOutcome, CheckInRow, normalizeTicketCode, toCheckIn } from './check-in';

export interface Scan {
  gate?: string | null;
  /** When the scanner read the code, by its own clock; recorded, never trusted for ordering. */
  scannedAt?: Date;
}

export interface OfflineScan extends Scan {
  scanId: string;
  code: string;
  scannedAt: Date;
}

export interface ScanResult {
  scanId: string;
  outcome: CheckInOutcome;
  checkIn?: CheckIn;
}

const CHECK_IN_COLUMNS = 'c.ticket_id, t.code, c.gate, c.scanned_at, c.checked_in_at';

/**
 * Check-in at the door: a ticket is checked in once, whoever scans it and however often.
 *
 * The database decides who was first. A check-in is one guarded `UPDATE tickets SET status =
 * 'checked_in' … WHERE status = 'valid'` feeding the INSERT of its check_ins row in the same
 * statement: a second gate scanning the same ticket waits for the first one's row lock, then finds
 * the ticket no longer valid and reads the first check-in instead. check_ins is unique per ticket
 * behind that. The scanners' clocks play no part: `scannedAt` is recorded, `checkedInAt` is ours.
 *
 * Lock order, so that uploads, single scans and refunds cannot deadlock: ticket rows in ascending
 * id order first, then scan rows in ascending scan id order (refunds lock their order's tickets in
 * id order too and never touch scans).
 */
@Injectable()
export class CheckInsService {
  constructor(
    private readonly tx: TransactionContext,
    private readonly metrics: MetricsService,
  ) {}

  /** POST /v1/tickets/:code/check-in. Throws 404, TICKET_VOID or TICKET_ALREADY_CHECKED_IN. */
  async checkIn(tenantId: string, rawCode: string, scan: Scan): Promise<CheckIn> {
    const code = normalizeTicketCode(rawCode);
    const rows: CheckInRow[] = await this.tx.manager.query(
      `WITH t AS (
         UPDATE tickets SET status = 'checked_in'
          WHERE tenant_id = $1 AND code = $2 AND status = 'valid'
          RETURNING tenant_id, id, code
       ), c AS (
         INSERT INTO check_ins (tenant_id, ticket_id, gate, scanned_at)
         SELECT tenant_id, id, $3, COALESCE($4::timestamptz, now()) FROM t
         RETURNING ticket_id, gate, scanned_at, checked_in_at
       )
       SELECT ${CHECK_IN_COLUMNS} FROM c JOIN t ON t.id = c.ticket_id`,
      [tenantId, code, scan.gate ?? null, scan.scannedAt ?? null],
    );
    if (rows.length === 1) {
      this.metrics.checkIn('single', 'checked_in');
      return toCheckIn(rows[0]);
    }
    const found: Array<{ status: string; first: CheckInRow | null }> = await this.tx.manager.query(
      `SELECT t.status,
              (SELECT row_to_json(x) FROM (SELECT ${CHECK_IN_COLUMNS} FROM check_ins c
                WHERE c.tenant_id = t.tenant_id AND c.ticket_id = t.id) x) AS first
         FROM tickets t WHERE t.tenant_id = $1 AND t.code = $2`,
      [tenantId, code],
    );
    if (found.length === 0) {
      this.metrics.checkIn('single', 'unknown');
      throw new NotFoundError(`ticket with code ${code}`);
    }
    if (found[0].status === 'void') {
      this.metrics.checkIn('single', 'void');
      throw new TicketVoidError(code);
    }
    const first = found[0].first;
    if (first === null) {
      // Only a valid ticket has no check-in, and the UPDATE above would have taken it.
      throw new Error(`ticket ${code} is ${found[0].status} without a check-in`);
    }
    this.metrics.checkIn('single', 'already_checked_in');
    throw new TicketAlreadyCheckedInError(
      toCheckIn({
        ...first,
        scanned_at: new Date(first.scanned_at),
        checked_in_at: new Date(first.checked_in_at),
      }),
    );
  }

  /**
   * POST /v1/check-ins/batch: scans queued by an offline scanner, each with its own scan id. A scan
   * id is claimed once per tenant (check_in_scans' primary key), so an upload sent twice — one
   * after the other or both at once — applies each scan once; the later copy reports `duplicate`.
   * Within an upload, scans count in the order given.
   */
  async uploadBatch(tenantId: string, scans: OfflineScan[]): Promise<ScanResult[]> {
    const codes = scans.map((s) => normalizeTicketCode(s.code));

    // 1. The tickets the upload names, locked in id order: their state cannot change under us.
    const tickets: Array<{ id: string; code: string; status: string }> =
      await this.tx.manager.query(
        `SELECT id, code, status FROM tickets
          WHERE tenant_id = $1 AND code = ANY($2::text[])
          ORDER BY id FOR UPDATE`,
        [tenantId, [...new Set(codes)]],
      );
    const byCode = new Map(tickets.map((t) => [t.code, t]));
    const checkIns = await this.checkInsOf(
      tenantId,
      tickets.filter((t) => t.status !== 'valid').map((t) => t.id),
    );

    // 2. Claim the scan ids, in ascending order. A copy of this upload running at the same time
    //    waits here for our commit, then finds every id taken.
    const firstIndex = new Map<string, number>();
    scans.forEach((s, i) => {
      if (!firstIndex.has(s.scanId)) firstIndex.set(s.scanId, i);
    });
    const unique = [...firstIndex.values()].map((i) => ({ scan: scans[i], code: codes[i] }));
    const claimedRows: Array<{ scan_id: string }> = await this.tx.manager.query(
      `INSERT INTO check_in_scans (tenant_id, scan_id, code, gate, scanned_at)
       SELECT $1, s.scan_id, s.code, s.gate, s.scanned_at
         FROM unnest($2::uuid[], $3::text[], $4::text[], $5::timestamptz[])
              AS s(scan_id, code, gate, scanned_at)
        ORDER BY s.scan_id
       ON CONFLICT (tenant_id, scan_id) DO NOTHING
       RETURNING scan_id`,
      [
        tenantId,
        unique.map((u) => u.scan.scanId),
        unique.map((u) => u.code),
        unique.map((u) => u.scan.gate ?? null),
        unique.map((u) => u.scan.scannedAt),
      ],
    );
    const claimed = new Set(claimedRows.map((r) => r.scan_id));

    // 3. Decide every scan in the order given, against the locked tickets.
    const status = new Map(tickets.map((t) => [t.id, t.status]));
    const toCheckInNow: Array<{ ticketId: string; scan: OfflineScan }> = [];
    const decided = scans.map((scan, i) => {
      const ticket = byCode.get(codes[i]);
      let outcome: CheckInOutcome;
      if (firstIndex.get(scan.scanId) !== i || !claimed.has(scan.scanId)) outcome = 'duplicate';
      else if (ticket === undefined) outcome = 'unknown';
      else if (status.get(ticket.id) === 'void') outcome = 'void';
      else if (status.get(ticket.id) === 'checked_in') outcome = 'already_checked_in';
      else {
        outcome = 'checked_in';
        status.set(ticket.id, 'checked_in');
        toCheckInNow.push({ ticketId: ticket.id, scan });
      }
      return { scan, ticket, outcome };
    });

    // 4. Apply the check-ins and record each claimed scan's outcome.
    if (toCheckInNow.length > 0) {
      const made: CheckInRow[] = await this.tx.manager.query(
        `WITH s AS (
           SELECT * FROM unnest($2::uuid[], $3::uuid[], $4::text[], $5::timestamptz[])
                  AS s(ticket_id, scan_id, gate, scanned_at)
         ), t AS (
           UPDATE tickets SET status = 'checked_in'
            WHERE tenant_id = $1 AND id IN (SELECT ticket_id FROM s) AND status = 'valid'
            RETURNING id, code
         ), c AS (
           INSERT INTO check_ins (tenant_id, ticket_id, gate, scanned_at, scan_id)
           SELECT $1, s.ticket_id, s.gate, s.scanned_at, s.scan_id FROM s JOIN t ON t.id = s.ticket_id
           RETURNING ticket_id, gate, scanned_at, checked_in_at
         )
         SELECT c.ticket_id, t.code, c.gate, c.scanned_at, c.checked_in_at
           FROM c JOIN t ON t.id = c.ticket_id`,
        [
          tenantId,
          toCheckInNow.map((c) => c.ticketId),
          toCheckInNow.map((c) => c.scan.scanId),
          toCheckInNow.map((c) => c.scan.gate ?? null),
          toCheckInNow.map((c) => c.scan.scannedAt),
        ],
      );
      if (made.length !== toCheckInNow.length) {
        // The tickets are locked by this transaction: anything else is a bug; roll it all back.
        throw new Error(`checked in ${made.length} of ${toCheckInNow.length} locked tickets`);
      }
      for (const row of made) checkIns.set(row.ticket_id, toCheckIn(row));
    }
    const recorded = decided.filter(
      (d, i) => d.outcome !== 'duplicate' && firstIndex.get(d.scan.scanId) === i,
    );
    if (recorded.length > 0) {
      await this.tx.manager.query(
        `UPDATE check_in_scans cs SET outcome = r.outcome, ticket_id = r.ticket_id
           FROM unnest($2::uuid[], $3::text[], $4::uuid[]) AS r(scan_id, outcome, ticket_id)
          WHERE cs.tenant_id = $1 AND cs.scan_id = r.scan_id`,
        [
          tenantId,
          recorded.map((d) => d.scan.scanId),
          recorded.map((d) => d.outcome),
          recorded.map((d) => d.ticket?.id ?? null),
        ],
      );
    }

    return decided.map(({ scan, ticket, outcome }) => {
      this.metrics.checkIn('batch', outcome);
      const checkIn =
        ticket !== undefined && outcome !== 'void' && outcome !== 'unknown'
          ? checkIns.get(ticket.id)
          : undefined;
      return checkIn === undefined
        ? { scanId: scan.scanId, outcome }
        : { scanId: scan.scanId, outcome, checkIn };
    });
  }

  private async checkInsOf(tenantId: string, ticketIds: string[]): Promise<Map<string, CheckIn>> {
    if (ticketIds.length === 0) return new Map();
    const rows: CheckInRow[] = await this.tx.manager.query(
      `SELECT ${CHECK_IN_COLUMNS} FROM check_ins c
         JOIN tickets t ON t.tenant_id = c.tenant_id AND t.id = c.ticket_id
        WHERE c.tenant_id = $1 AND c.ticket_id = ANY($2::uuid[])`,
      [tenantId, ticketIds],
    );
    return new Map(rows.map((r) => [r.ticket_id, toCheckIn(r)]));
  }
}
