import type { FirstCheckIn } from '../../errors/app-error';

/** A ticket as the organiser sees it: its state at the door included. */
export interface TicketView {
  id: string;
  code: string;
  orderId: string;
  ticketTypeId: string;
  status: 'valid' | 'void' | 'checked_in';
  checkedInAt: Date | null;
  gate: string | null;
}

export type CheckIn = FirstCheckIn;

export type CheckInOutcome = 'checked_in' | 'duplicate' | 'already_checked_in' | 'void' | 'unknown';

/**
 * Codes are printed in upper case; a scanner or a person typing may send lower case or stray
 * spaces, which name the same ticket.
 */
export function normalizeTicketCode(raw: string): string {
  return raw.trim().toUpperCase();
}

/** The columns of a ticket with its check-in, for `FROM tickets t LEFT JOIN check_ins c`. */
export const TICKET_VIEW_COLUMNS = `t.id, t.code, t.order_id, t.ticket_type_id, t.status,
  c.checked_in_at, c.gate`;
export const TICKET_VIEW_FROM = `tickets t
  LEFT JOIN check_ins c ON c.tenant_id = t.tenant_id AND c.ticket_id = t.id`;

export interface TicketViewRow {
  id: string;
  code: string;
  order_id: string;
  ticket_type_id: string;
  status: TicketView['status'];
  checked_in_at: Date | null;
  gate: string | null;
}

export function toTicketView(row: TicketViewRow): TicketView {
  return {
    id: row.id,
    code: row.code,
    orderId: row.order_id,
    ticketTypeId: row.ticket_type_id,
    status: row.status,
    checkedInAt: row.checked_in_at,
    gate: row.gate,
  };
}

export interface CheckInRow {
  ticket_id: string;
  code: string;
  gate: string | null;
  scanned_at: Date;
  checked_in_at: Date;
}

export function toCheckIn(row: CheckInRow): CheckIn {
  return {
    ticketId: row.ticket_id,
    code: row.code,
    gate: row.gate,
    scannedAt: row.scanned_at.toISOString(),
    checkedInAt: row.checked_in_at.toISOString(),
  };
}
