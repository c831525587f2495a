import { countTicks, dueOf, JobSeen, judgeTick, Tick } from './ticks';

const job = (id: string, starts: number[], stalled = 0, queue = 'q', name = 'sweep'): JobSeen => ({
  queue,
  name,
  id,
  processedOn: new Set(starts),
  stalled,
});

describe('dueOf', () => {
  it('reads the due time of a repeatable job id, and nothing else', () => {
    expect(dueOf('repeat:0cc175b9c0f1b6a831c399e269772661:1764383400000')).toBe(1764383400000);
    expect(dueOf('42')).toBeUndefined();
    expect(dueOf('repeat:abc')).toBeUndefined();
  });
});

describe('countTicks', () => {
  it('one run per job id and due time', () => {
    const ticks = countTicks([job('repeat:aa:2000', [2003]), job('repeat:aa:4000', [4001])]);
    expect(ticks.map((t) => [t.due, t.runs])).toEqual([
      [2000, 1],
      [4000, 1],
    ]);
  });

  it('two schedules of one job make two ids for one tick: two runs', () => {
    const [tick] = countTicks([job('repeat:aa:2000', [2003]), job('repeat:bb:2000', [2004])]);
    expect(tick).toMatchObject({ due: 2000, runs: 2, ids: ['repeat:aa:2000', 'repeat:bb:2000'] });
  });

  it('a job run again keeps its id: counted by stalledCounter or by the starts seen', () => {
    expect(countTicks([job('repeat:aa:2000', [2500], 1)])[0].runs).toBe(2);
    expect(countTicks([job('repeat:aa:2000', [2003, 2500])])[0].runs).toBe(2);
    expect(countTicks([job('repeat:aa:2000', [2003, 2500], 1)])[0].runs).toBe(2);
  });

  it('keeps queues and job names apart, and skips jobs never started or not repeatable', () => {
    const ticks = countTicks([
      job('repeat:aa:2000', [2001], 0, 'q1'),
      job('repeat:aa:2000', [2002], 0, 'q2'),
      job('repeat:cc:2000', [2003], 0, 'q2', 'redrive'),
      job('repeat:aa:4000', []),
      job('17', [2000]),
    ]);
    expect(ticks.map((t) => `${t.queue}/${t.name}/${t.runs}`)).toEqual([
      'q1/sweep/1',
      'q2/sweep/1',
      'q2/redrive/1',
    ]);
  });
});

describe('judgeTick', () => {
  const tick = (over: Partial<Tick>): Tick => ({
    queue: 'q',
    name: 'sweep',
    due: 2000,
    ids: ['repeat:aa:2000'],
    runs: 1,
    starts: [2001],
    ...over,
  });
  const killedAt = 3000;

  it('once is right, before or after the kill', () => {
    expect(judgeTick(tick({}), killedAt).ok).toBe(true);
    expect(judgeTick(tick({ due: 8000, starts: [8001] }), killedAt).ok).toBe(true);
  });

  it('twice is right only for a tick due before the kill, run again after it, by one id', () => {
    expect(judgeTick(tick({ runs: 2, starts: [2001, 9000] }), killedAt).ok).toBe(true);
    // Its first start overwritten on the promoted replica (stalledCounter 1): still that case.
    expect(judgeTick(tick({ runs: 2, starts: [9000] }), killedAt).ok).toBe(true);
  });

  it('any other second run is wrong', () => {
    // Both runs before the kill: a stalled job or two schedules, no failover to blame.
    expect(judgeTick(tick({ runs: 2, starts: [2001, 2500] }), killedAt).ok).toBe(false);
    // Due after the kill: the promoted replica ran it twice.
    expect(judgeTick(tick({ due: 8000, runs: 2, starts: [8001, 9000] }), killedAt).ok).toBe(false);
    // Two schedules (two ids), even across the kill.
    expect(
      judgeTick(
        tick({ runs: 2, ids: ['repeat:aa:2000', 'repeat:bb:2000'], starts: [2001, 9000] }),
        killedAt,
      ).ok,
    ).toBe(false);
    expect(judgeTick(tick({ runs: 3, starts: [2001, 9000, 9500] }), killedAt)).toEqual({
      ok: false,
      why: 'q sweep due at 2000: 3 runs (1 job ids)',
    });
  });
});
