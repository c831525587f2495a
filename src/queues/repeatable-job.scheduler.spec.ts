import { EventEmitter } from 'node:events';
import type { Queue } from 'bull';
import { RepeatableJobScheduler } from './repeatable-job.scheduler';

class Scheduler extends RepeatableJobScheduler {
  reconnects = 0;

  constructor(queue: Queue) {
    super(queue, 'tick', 2000);
  }

  protected override onReconnect(): void {
    this.reconnects++;
  }
}

function fakeQueue() {
  const client = new EventEmitter();
  const added: unknown[] = [];
  const queue = {
    name: 'q',
    client,
    getRepeatableJobs: jest.fn(async () => []),
    removeRepeatableByKey: jest.fn(async () => undefined),
    add: jest.fn(async (...args: unknown[]) => {
      added.push(args);
      return {};
    }),
  };
  return { queue: queue as unknown as Queue, client, added };
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('RepeatableJobScheduler', () => {
  it('registers the schedule at start-up and again on every reconnection (Redis may come back empty)', async () => {
    const { queue, client, added } = fakeQueue();
    const scheduler = new Scheduler(queue);
    scheduler.onApplicationBootstrap();
    await flush();
    expect(added).toEqual([
      ['tick', {}, expect.objectContaining({ repeat: { every: 2000 }, jobId: 'tick' })],
    ]);

    client.emit('ready');
    client.emit('ready');
    await flush();
    expect(added).toHaveLength(3);
    expect(scheduler.reconnects).toBe(2);

    scheduler.onApplicationShutdown();
    client.emit('ready');
    await flush();
    expect(added).toHaveLength(3);
    expect(scheduler.reconnects).toBe(2);
    expect(client.listenerCount('ready')).toBe(0);
  });
});
