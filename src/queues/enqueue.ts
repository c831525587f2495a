import type { Job, JobOptions, Queue } from 'bull';
import { withDeadline } from '../common/with-deadline';

/**
 * Bull's `add` waits for Redis to come back when it is down, for ever. Callers that must answer now
 * (a webhook receiver, a scheduler at start-up) race it against a deadline; the database stays the
 * record, and a periodic re-drive enqueues what did not make it.
 */
export function addWithDeadline<T>(
  queue: Queue<T>,
  name: string,
  data: T,
  options: JobOptions,
  deadlineMs: number,
): Promise<Job<T>> {
  return withDeadline(queue.add(name, data, options), deadlineMs, `enqueue to ${queue.name}`);
}

/**
 * Registers a repeatable job once across all instances (Bull keys repeatables by name, jobId and
 * interval) and removes repeatables of the same name left with another interval by an older config.
 */
export async function scheduleRepeatable(
  queue: Queue,
  name: string,
  everyMs: number,
  deadlineMs: number,
): Promise<void> {
  const existing = await withDeadline(queue.getRepeatableJobs(), deadlineMs, queue.name);
  for (const job of existing) {
    if (job.name === name && Number(job.every) !== everyMs) {
      await queue.removeRepeatableByKey(job.key);
    }
  }
  await addWithDeadline(
    queue,
    name,
    {},
    { repeat: { every: everyMs }, jobId: name, removeOnComplete: 100, removeOnFail: 100 },
    deadlineMs,
  );
}
