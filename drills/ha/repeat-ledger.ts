/**
 * Watches the runs of every repeatable job (cleanup, expiry sweep, webhook re-drive, payment
 * recovery) through the Sentinels: every 300 ms it reads the completed, failed and active jobs of
 * each queue from whichever Redis is master, and remembers each repeatable job's id, name,
 * `processedOn` and `stalledCounter` (drills/lib/ticks.ts counts the runs per tick from those).
 * A poll that fails (the master is away) is skipped; what the old master showed before it died
 * stays in the ledger.
 */
import Redis from 'ioredis';
import { sleep } from '../../bench/lib/procs';
import { QUEUES } from '../../src/queues/queue-names';
import { countTicks, JobSeen, Tick } from '../lib/ticks';

export class RepeatLedger {
  readonly jobs = new Map<string, JobSeen>();
  polls = 0;
  failedPolls = 0;
  private stopped = false;
  private loop?: Promise<void>;
  private readonly redis: Redis;

  constructor(
    sentinels: Array<{ host: string; port: number }>,
    private readonly prefix: string,
  ) {
    this.redis = new Redis({
      sentinels,
      name: 'mymaster',
      maxRetriesPerRequest: 1,
      connectTimeout: 1000,
      lazyConnect: true,
    });
    this.redis.on('error', () => undefined);
  }

  start(): void {
    this.loop = (async () => {
      while (!this.stopped) {
        await this.poll().then(
          () => this.polls++,
          () => this.failedPolls++,
        );
        await sleep(300);
      }
    })();
  }

  /** Stops polling (after one last poll) and counts the ticks; safe to call twice. */
  async stop(): Promise<Tick[]> {
    if (!this.stopped) {
      this.stopped = true;
      await this.loop;
      await this.poll().catch(() => undefined);
      this.redis.disconnect();
    }
    return countTicks(this.jobs.values());
  }

  private async poll(): Promise<void> {
    const timeout = new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error('poll timed out')), 2000),
    );
    await Promise.race([this.read(), timeout]);
  }

  private async read(): Promise<void> {
    for (const queue of Object.values(QUEUES)) {
      const key = (what: string) => `${this.prefix}:${queue}:${what}`;
      const [completed, failed, active] = await Promise.all([
        this.redis.zrange(key('completed'), 0, -1),
        this.redis.zrange(key('failed'), 0, -1),
        this.redis.lrange(key('active'), 0, -1),
      ]);
      const ids = [...completed, ...failed, ...active].filter((id) => id.startsWith('repeat:'));
      const fields = await Promise.all(
        ids.map((id) => this.redis.hmget(key(id), 'name', 'processedOn', 'stalledCounter')),
      );
      ids.forEach((id, i) => {
        const [name, processedOn, stalled] = fields[i];
        if (name === null) return;
        const seen = this.jobs.get(`${queue}\n${id}`) ?? {
          queue,
          name,
          id,
          processedOn: new Set<number>(),
          stalled: 0,
        };
        if (processedOn !== null) seen.processedOn.add(Number(processedOn));
        seen.stalled = Math.max(seen.stalled, Number(stalled ?? 0));
        this.jobs.set(`${queue}\n${id}`, seen);
      });
    }
  }
}
