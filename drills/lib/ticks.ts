/**
 * Counting the runs of Bull's repeatable jobs per tick, from what Redis records of each job.
 *
 * Bull gives every tick of a schedule its own job id, `repeat:<hash of the schedule>:<due time>`,
 * so one schedule cannot make two jobs for one tick; two schedules of the same job (one per
 * instance, say) would make two ids with the same due time. A job run again after its worker lost
 * it (Bull's stalled-job check) keeps its id: its hash counts that in `stalledCounter`, and its
 * `processedOn` changes. So the runs of one job are at least 1 + stalledCounter and at least the
 * number of distinct `processedOn` the drill saw (it polls; a job completed on a Redis master that
 * died before replicating it is seen there, then again on the promoted replica).
 *
 * The pure part (grouping and judging) is unit-tested in ticks.spec.ts; drills/ha/ polls.
 */

/** What the drill saw of one repeatable job (one id), over all its polls. */
export interface JobSeen {
  queue: string;
  name: string;
  id: string;
  /** Every `processedOn` seen for this id (a run started at each). */
  processedOn: Set<number>;
  /** The largest `stalledCounter` seen. */
  stalled: number;
}

export interface Tick {
  queue: string;
  name: string;
  /** The tick's due time (ms), from the job id. */
  due: number;
  ids: string[];
  runs: number;
  /** When its runs started, ascending (as far as seen). */
  starts: number[];
}

/** The due time of a repeatable job's id (`repeat:<hash>:<millis>`), or undefined. */
export function dueOf(id: string): number | undefined {
  const match = /^repeat:[0-9a-f]+:(\d+)$/.exec(id);
  return match === null ? undefined : Number(match[1]);
}

export function runsOf(job: JobSeen): number {
  return Math.max(job.processedOn.size, 1 + job.stalled);
}

/** Groups the jobs seen by queue, job name and due time: one tick each. */
export function countTicks(jobs: Iterable<JobSeen>): Tick[] {
  const ticks = new Map<string, Tick>();
  for (const job of jobs) {
    const due = dueOf(job.id);
    if (due === undefined || job.processedOn.size === 0) continue;
    const key = `${job.queue}\n${job.name}\n${due}`;
    const tick = ticks.get(key) ?? {
      queue: job.queue,
      name: job.name,
      due,
      ids: [],
      runs: 0,
      starts: [],
    };
    tick.ids.push(job.id);
    tick.runs += runsOf(job);
    tick.starts.push(...job.processedOn);
    tick.starts.sort((a, b) => a - b);
    ticks.set(key, tick);
  }
  return [...ticks.values()].sort((a, b) => a.due - b.due);
}

/**
 * Whether a tick ran as it should across a Redis master's death at `killedAt`. Once is right.
 * Twice is right only for a tick due before the kill and run again after it, by one job id: the
 * old master had recorded the first run (or its start) and died before replicating that, so the
 * promoted replica still held the job as due, or as active without a worker, and ran it again.
 * Replication is asynchronous, so the service cannot know better; the jobs are safe to run twice.
 * Any other second run (two schedules, a stalled job without a failover) is wrong.
 */
export function judgeTick(tick: Tick, killedAt: number): { ok: boolean; why: string } {
  if (tick.runs === 1) return { ok: true, why: '' };
  const what = `${tick.queue} ${tick.name} due at ${tick.due}: ${tick.runs} runs (${tick.ids.length} job ids)`;
  if (
    tick.runs === 2 &&
    tick.ids.length === 1 &&
    tick.due < killedAt &&
    tick.starts[tick.starts.length - 1] >= killedAt
  ) {
    return { ok: true, why: '' };
  }
  return { ok: false, why: what };
}
