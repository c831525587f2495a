import { getQueueToken } from '@nestjs/bull';
import type { Queue } from 'bull';
import { QUEUES } from '../../src/queues/queue-names';
import { ADMIN_TOKEN, createTestApp, TestApp } from '../support/app';
import { admin, createTenant } from '../support/factories';

describe('queue board (/admin/queues)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  const queueNames = Object.values(QUEUES);

  it('answers 401 problem JSON without the admin token, with a wrong one and with a tenant key', async () => {
    const tenant = await createTenant(t);
    for (const headers of [{}, { Authorization: 'Bearer wrong-token-wrong-token' }, tenant.auth]) {
      for (const path of ['/admin/queues', '/admin/queues/api/queues']) {
        const res = await t.http().get(path).set(headers).expect(401);
        expect(res.headers['content-type']).toContain('application/problem+json');
        expect(res.body.code).toBe('UNAUTHORIZED');
        expect(res.headers['www-authenticate']).toContain('Basic');
      }
    }
  });

  it('serves the board and lists every queue of the service with the admin token', async () => {
    const page = await t.http().get('/admin/queues').set(admin).expect(200);
    expect(page.text).toContain('<div id="root">');

    const res = await t.http().get('/admin/queues/api/queues').set(admin).expect(200);
    const listed = (res.body.queues as Array<{ name: string; readOnlyMode: boolean }>).map(
      (q) => q.name,
    );
    expect(listed.sort()).toEqual([...queueNames].sort());
  });

  it('accepts the admin token as the password of HTTP Basic auth, for browsers', async () => {
    const basic = Buffer.from(`admin:${ADMIN_TOKEN}`).toString('base64');
    await t
      .http()
      .get('/admin/queues/api/queues')
      .set('Authorization', `Basic ${basic}`)
      .expect(200);
    const wrong = Buffer.from('admin:not-the-token').toString('base64');
    await t
      .http()
      .get('/admin/queues/api/queues')
      .set('Authorization', `Basic ${wrong}`)
      .expect(401);
  });

  async function until<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
    for (let i = 0; i < 200; i++) {
      const value = await read();
      if (done(value)) return value;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    throw new Error('condition not reached in 5 s');
  }

  it('is read-only: only a failed job may be retried', async () => {
    const name = QUEUES.idempotencyCleanup;
    const queue = t.app.get<string, Queue>(getQueueToken(name), { strict: false });
    // Far in the future: this job stays delayed for the whole test.
    const delayed = await queue.add('board-test', {}, { delay: 3_600_000 });

    for (const [method, path] of [
      ['put', `/admin/queues/api/queues/${name}/pause`],
      ['put', `/admin/queues/api/queues/${name}/empty`],
      ['put', `/admin/queues/api/queues/${name}/clean/completed`],
      ['put', `/admin/queues/api/queues/${name}/${delayed.id}/promote`],
      ['put', `/admin/queues/api/queues/${name}/${delayed.id}/clean`],
      ['put', `/admin/queues/api/queues/${name}/${delayed.id}/retry`],
      ['post', `/admin/queues/api/queues/${name}/add`],
    ] as const) {
      await t.http()[method](path).set(admin).send({}).expect(405);
    }
    expect(await delayed.getState()).toBe('delayed');
    expect(await queue.isPaused()).toBe(false);
    await delayed.remove();

    // A job no processor handles fails at once ("Missing process handler"); the board retries it,
    // so it runs (and fails) a second time.
    const job = await queue.add('no-such-job', {});
    const failed = await until(
      async () => queue.getJob(job.id),
      (j) => j !== null && j.finishedOn !== undefined && j.finishedOn !== null,
    );
    expect(await failed!.getState()).toBe('failed');
    const listed = await t
      .http()
      .get(`/admin/queues/api/queues?activeQueue=${name}&status=failed&page=1`)
      .set(admin)
      .expect(200);
    const board = (listed.body.queues as Array<{ name: string; jobs: Array<{ id: string }> }>).find(
      (q) => q.name === name,
    );
    expect(board?.jobs.map((j) => String(j.id))).toContain(String(job.id));

    await t.http().put(`/admin/queues/api/queues/${name}/${job.id}/retry`).set(admin).expect(204);
    await until(
      async () => queue.getJob(job.id),
      (j) => j !== null && (j.processedOn ?? 0) > (failed!.processedOn ?? 0),
    );
    await (await queue.getJob(job.id))?.remove();
  });
});
