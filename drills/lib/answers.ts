/**
 * Every answer a drill receives, with the moment it was sent and the moment it came back, and the
 * rules that say which answers are correct given what the service could know while it answered.
 *
 * A status code alone is not a verdict: a 409 IDEMPOTENCY_REQUEST_IN_PROGRESS is right for a
 * retried key whose earlier attempt an outage cut after its claim committed (the claim holds the
 * key until its lease ends), and wrong for a fresh key. So each rule looks at the request's
 * lifetime [sentAt, answeredAt] against the failure's timeline and at the key's earlier attempts.
 * The rules are pure functions (unit-tested in answers.spec.ts); the drills record, then judge.
 */
import { randomUUID } from 'node:crypto';
import { postText } from '../../bench/lib/api';

export interface Answer {
  key: string;
  sentAt: number;
  answeredAt: number;
  /** 0: no HTTP answer (connection refused or reset, or no answer within the client's timeout). */
  status: number;
  /** The problem JSON `code` of an error answer. */
  code?: string;
  /** `Retry-After` in seconds, when present. */
  retryAfter?: number;
  replayed: boolean;
  /** The `id` of a 2xx body (the reservation or order). */
  id?: string;
  error?: string;
}

/** POSTs once and records the answer; never throws. */
export async function send(
  baseUrl: string,
  path: string,
  token: string,
  body: unknown,
  key: string = randomUUID(),
  timeoutMs = 10000,
): Promise<Answer> {
  const sentAt = Date.now();
  try {
    const res = await postText(baseUrl, path, token, body, key, timeoutMs);
    const text = res.text;
    // A balancer's own error page (HAProxy's 502, 503, 504) is HTML: an answer without a code.
    let parsed: { id?: unknown; code?: unknown } = {};
    try {
      parsed = text === '' ? {} : (JSON.parse(text) as typeof parsed);
    } catch {
      parsed = {};
    }
    const retryAfter = res.headers.get('retry-after');
    return {
      key,
      sentAt,
      answeredAt: Date.now(),
      status: res.status,
      code: typeof parsed.code === 'string' ? parsed.code : undefined,
      retryAfter: retryAfter === null ? undefined : Number(retryAfter),
      replayed: res.headers.get('x-idempotent-replayed') === 'true',
      id: res.status < 300 && typeof parsed.id === 'string' ? parsed.id : undefined,
    };
  } catch (error) {
    return {
      key,
      sentAt,
      answeredAt: Date.now(),
      status: 0,
      replayed: false,
      error: error instanceof Error ? error.message : String(error),
    };
  }
}

export interface Verdict {
  ok: boolean;
  /** Why the answer is wrong; empty when it is right. */
  why: string;
}

const right: Verdict = { ok: true, why: '' };
const wrong = (why: string): Verdict => ({ ok: false, why });

export const IN_PROGRESS = 'IDEMPOTENCY_REQUEST_IN_PROGRESS';

function inProgressHeaderOk(a: Answer, lockSeconds: number): boolean {
  return a.retryAfter !== undefined && a.retryAfter >= 1 && a.retryAfter <= lockSeconds;
}

/**
 * Duplicates of one key sent concurrently, no failure. A 201 is right (the count checks decide
 * whether there was one effect); a 409 IN_PROGRESS is right only while the key's one
 * non-replayed 201 (the winner) had not answered yet when this attempt was sent: after the winner
 * answered, its completion had committed and every later attempt must replay.
 */
export function judgeDuplicate(
  a: Answer,
  winner: Answer | undefined,
  lockSeconds: number,
): Verdict {
  if (a.status === 201) return right;
  if (a.status === 409 && a.code === IN_PROGRESS) {
    if (winner === undefined) return wrong('409 IN_PROGRESS for a key that never completed');
    if (a.sentAt > winner.answeredAt)
      return wrong('409 IN_PROGRESS sent after the key had completed');
    if (!inProgressHeaderOk(a, lockSeconds)) return wrong(`Retry-After ${a.retryAfter}`);
    return right;
  }
  return wrong(`status ${a.status}${a.code === undefined ? '' : ` ${a.code}`}`);
}

/** The moments of a database outage as the drill saw them. */
export interface OutageTimeline {
  /** The stop (or kill) was issued. */
  stopCalled: number;
  /** The database was certainly down: the stop returned. */
  downFrom: number;
  /** The start was issued: from here on the database may accept connections again. */
  downTo: number;
  /** The service was seen to reach the database again (its /health answered 200). */
  recovered: number;
}

export type OutagePhase = 'before' | 'stopping' | 'down' | 'starting' | 'after';

/**
 * Where an answer's lifetime lies: wholly before the stop, wholly while the database was
 * certainly down, wholly after the service reached it again, or across an edge (the database
 * went away or came back while the request ran, so either outcome is possible).
 */
export function outagePhase(a: Answer, t: OutageTimeline): OutagePhase {
  if (a.answeredAt < t.stopCalled) return 'before';
  if (a.sentAt > t.recovered) return 'after';
  if (a.sentAt >= t.downFrom && a.answeredAt <= t.downTo) return 'down';
  return a.sentAt < t.downFrom ? 'stopping' : 'starting';
}

/**
 * The answers of an attempt that may have been cut after its claim committed: 503 (the database
 * went away mid-request), no answer, or a balancer's 502 (the instance died mid-request).
 */
const CUT = new Set([503, 0, 502]);

/**
 * A 409 IN_PROGRESS during or after an outage is right when an earlier attempt of the same key
 * failed across an edge of the outage (its claim may have committed, then its release could not
 * run), and this attempt was sent before that claim's lease could have run out: the claim was
 * made before the earlier attempt answered, so its lease ended by answeredAt + lock.
 */
function cutClaimHeld(a: Answer, earlier: Answer[], t: OutageTimeline, lockSeconds: number) {
  return earlier.some(
    (e) =>
      e.key === a.key &&
      e.sentAt < a.sentAt &&
      CUT.has(e.status) &&
      outagePhase(e, t) !== 'down' &&
      a.sentAt < e.answeredAt + lockSeconds * 1000,
  );
}

/**
 * A request during a database outage. While the database is certainly down the only right answer
 * is 503 with Retry-After (never a 500, never silence); across an edge a 201 or a 503 are both
 * right; before and after it the service could reach the database, so a 503 is wrong. A 409
 * IN_PROGRESS is right outside the down phase only for a key a cut attempt still holds.
 */
export function judgeOutage(
  a: Answer,
  earlier: Answer[],
  t: OutageTimeline,
  lockSeconds: number,
): Verdict {
  const phase = outagePhase(a, t);
  if (a.status === 0) return wrong(`no answer (${a.error ?? 'dropped'})`);
  if (a.status === 503) {
    if (phase === 'before' || phase === 'after') return wrong(`503 while the database was up`);
    if (a.retryAfter === undefined || !(a.retryAfter >= 1)) return wrong('503 without Retry-After');
    return right;
  }
  if (phase === 'down') return wrong(`${a.status} while the database was down`);
  if (a.status === 201) return right;
  if (a.status === 409 && a.code === IN_PROGRESS) {
    if (!cutClaimHeld(a, earlier, t, lockSeconds))
      return wrong('409 IN_PROGRESS for a key no cut attempt held');
    if (!inProgressHeaderOk(a, lockSeconds)) return wrong(`Retry-After ${a.retryAfter}`);
    return right;
  }
  return wrong(`status ${a.status}${a.code === undefined ? '' : ` ${a.code}`}`);
}

/**
 * A request in flight when the service process is killed. Answered before the kill, the service
 * was up: only 201 is right. After the kill nothing can answer, but a response written to the
 * socket just before it may still be read afterwards: 201 or no answer are right, and a request
 * that got no answer must have been cut by the kill, not before it.
 */
export function judgeKilled(a: Answer, killedAt: number): Verdict {
  if (a.status === 201) return right;
  if (a.status === 0)
    return a.answeredAt >= killedAt ? right : wrong(`no answer before the kill (${a.error})`);
  return wrong(`status ${a.status}${a.code === undefined ? '' : ` ${a.code}`}`);
}

/** Counts of answers by status (and code, for errors), for the drill notes. */
export function tally(answers: Answer[]): string {
  const counts: Record<string, number> = {};
  for (const a of answers) {
    const label = a.code === undefined ? String(a.status) : `${a.status} ${a.code}`;
    counts[label] = (counts[label] ?? 0) + 1;
  }
  return JSON.stringify(counts);
}
