/**
 * Named places in the provider boundary where a test or a drill makes the service fail as the
 * real world does: a process killed between two phases, a connection lost after the provider
 * answered, a COMMIT whose answer never arrives. Armed by FAULT_INJECTION (refused in
 * production) or, in tests, by `arm()`; unarmed, `hit()` costs one map lookup.
 */
export const FAULT_POINTS = [
  /** The provider charged (or answered), nothing of it is committed here yet. */
  'purchase.after_provider_call',
  /** Phase 1 (order, payment, provider parameters) committed, but its answer was lost. */
  'purchase.commit_lost',
  /** The provider refunded, the local refund has not committed. */
  'refund.after_provider_refund',
] as const;
export type FaultPoint = (typeof FAULT_POINTS)[number];

/** `throw`: the request fails as if its connection dropped; `kill`: the process dies at once. */
export type FaultAction = 'throw' | 'kill';

export interface FaultRule {
  probability: number;
  action: FaultAction;
  /** How many more times it fires (unlimited when undefined). */
  times?: number;
}

export class InjectedFault extends Error {
  constructor(readonly point: FaultPoint) {
    super(`injected fault at ${point}`);
    this.name = 'InjectedFault';
  }
}

/**
 * FAULT_INJECTION: comma-separated `point=probability[:action]`, e.g.
 * `purchase.after_provider_call=0.2:kill,refund.after_provider_refund=0.5`.
 */
export function parseFaultSpec(spec: string): Map<FaultPoint, FaultRule> {
  const rules = new Map<FaultPoint, FaultRule>();
  for (const part of spec
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '')) {
    const match = /^([a-z_.]+)=(0|1|0?\.\d+|1\.0+)(?::(throw|kill))?$/.exec(part);
    if (match === null || !(FAULT_POINTS as readonly string[]).includes(match[1])) {
      throw new Error(
        `"${part}" is not point=probability[:throw|kill] with a point among ${FAULT_POINTS.join(', ')}`,
      );
    }
    rules.set(match[1] as FaultPoint, {
      probability: Number(match[2]),
      action: (match[3] as FaultAction | undefined) ?? 'throw',
    });
  }
  return rules;
}
