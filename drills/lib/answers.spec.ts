import {
  Answer,
  IN_PROGRESS,
  judgeDuplicate,
  judgeKilled,
  judgeOutage,
  OutageTimeline,
  outagePhase,
} from './answers';

const answer = (over: Partial<Answer>): Answer => ({
  key: 'k1',
  sentAt: 0,
  answeredAt: 10,
  status: 201,
  replayed: false,
  ...over,
});

// stop issued at 1000, returned at 1200; start issued at 4200; /health 200 seen at 5000.
const t: OutageTimeline = { stopCalled: 1000, downFrom: 1200, downTo: 4200, recovered: 5000 };
const LOCK = 5;

describe('outagePhase', () => {
  it.each([
    [0, 999, 'before'],
    [900, 1100, 'stopping'],
    [1200, 1300, 'down'],
    [1300, 4200, 'down'],
    [4100, 4300, 'starting'],
    [4300, 4400, 'starting'],
    [900, 6000, 'stopping'],
    [5001, 5100, 'after'],
  ])('sent %i, answered %i: %s', (sentAt, answeredAt, phase) => {
    expect(outagePhase(answer({ sentAt, answeredAt }), t)).toBe(phase);
  });
});

describe('judgeOutage', () => {
  const unavailable = (over: Partial<Answer>) =>
    answer({ status: 503, code: 'SERVICE_UNAVAILABLE', retryAfter: 5, ...over });
  const inProgress = (over: Partial<Answer>) =>
    answer({ status: 409, code: IN_PROGRESS, retryAfter: 3, ...over });

  it('accepts only 503 with Retry-After while the database is certainly down', () => {
    expect(judgeOutage(unavailable({ sentAt: 1300, answeredAt: 1310 }), [], t, LOCK).ok).toBe(true);
    expect(
      judgeOutage(
        unavailable({ sentAt: 1300, answeredAt: 1310, retryAfter: undefined }),
        [],
        t,
        LOCK,
      ).ok,
    ).toBe(false);
    expect(judgeOutage(answer({ sentAt: 1300, answeredAt: 1310 }), [], t, LOCK).ok).toBe(false);
    expect(
      judgeOutage(answer({ sentAt: 1300, answeredAt: 1310, status: 500 }), [], t, LOCK).ok,
    ).toBe(false);
  });

  it('accepts 201 and 503 across an edge, and refuses 503 while the database was up', () => {
    expect(judgeOutage(answer({ sentAt: 950, answeredAt: 1100 }), [], t, LOCK).ok).toBe(true);
    expect(judgeOutage(unavailable({ sentAt: 950, answeredAt: 1100 }), [], t, LOCK).ok).toBe(true);
    expect(judgeOutage(unavailable({ sentAt: 4300, answeredAt: 4310 }), [], t, LOCK).ok).toBe(true);
    expect(judgeOutage(unavailable({ sentAt: 500, answeredAt: 600 }), [], t, LOCK).ok).toBe(false);
    expect(judgeOutage(unavailable({ sentAt: 5100, answeredAt: 5110 }), [], t, LOCK).ok).toBe(
      false,
    );
  });

  it('never accepts a request without an answer', () => {
    expect(
      judgeOutage(answer({ sentAt: 1300, answeredAt: 11300, status: 0 }), [], t, LOCK).ok,
    ).toBe(false);
  });

  it('accepts 409 IN_PROGRESS for a key whose attempt was cut across the stop, within its lease', () => {
    const cut = unavailable({ sentAt: 950, answeredAt: 1100 });
    const retry = inProgress({ sentAt: 4300, answeredAt: 4310 });
    expect(judgeOutage(retry, [cut, retry], t, LOCK).ok).toBe(true);
    // Sent after the cut claim's lease ended (1100 + 5000 ms): the key was free again.
    const late = inProgress({ sentAt: 6200, answeredAt: 6210 });
    expect(judgeOutage(late, [cut, late], t, LOCK).ok).toBe(false);
  });

  it('refuses 409 IN_PROGRESS for a key no cut attempt held', () => {
    const fresh = inProgress({ sentAt: 4300, answeredAt: 4310 });
    expect(judgeOutage(fresh, [fresh], t, LOCK).ok).toBe(false);
    // An attempt that failed wholly while the database was down could not have claimed the key.
    const refused = unavailable({ sentAt: 1300, answeredAt: 1310 });
    expect(judgeOutage(fresh, [refused, fresh], t, LOCK).ok).toBe(false);
    // Another key's cut attempt does not count.
    const other = unavailable({ key: 'k2', sentAt: 950, answeredAt: 1100 });
    expect(judgeOutage(fresh, [other, fresh], t, LOCK).ok).toBe(false);
  });

  it('accepts a held 409 after a balancer 502 (the instance died mid-request)', () => {
    const cut = answer({ status: 502, sentAt: 950, answeredAt: 1100 });
    const retry = inProgress({ sentAt: 4300, answeredAt: 4310 });
    expect(judgeOutage(retry, [cut, retry], t, LOCK).ok).toBe(true);
  });

  it('refuses a 409 IN_PROGRESS whose Retry-After exceeds the lease', () => {
    const cut = unavailable({ sentAt: 950, answeredAt: 1100 });
    const retry = inProgress({ sentAt: 4300, answeredAt: 4310, retryAfter: 30 });
    expect(judgeOutage(retry, [cut, retry], t, LOCK).ok).toBe(false);
  });
});

describe('judgeDuplicate', () => {
  const winner = answer({ sentAt: 0, answeredAt: 100 });

  it('accepts 201 and a 409 IN_PROGRESS sent before the winner answered', () => {
    expect(judgeDuplicate(answer({ replayed: true }), winner, 30).ok).toBe(true);
    expect(
      judgeDuplicate(
        answer({ status: 409, code: IN_PROGRESS, retryAfter: 30, sentAt: 50 }),
        winner,
        30,
      ).ok,
    ).toBe(true);
  });

  it('refuses a 409 sent after the key completed, or for a key that never completed', () => {
    const late = answer({ status: 409, code: IN_PROGRESS, retryAfter: 1, sentAt: 150 });
    expect(judgeDuplicate(late, winner, 30).ok).toBe(false);
    expect(judgeDuplicate(late, undefined, 30).ok).toBe(false);
  });

  it('refuses any other answer', () => {
    expect(judgeDuplicate(answer({ status: 500 }), winner, 30).ok).toBe(false);
    expect(judgeDuplicate(answer({ status: 0 }), winner, 30).ok).toBe(false);
    expect(judgeDuplicate(answer({ status: 409, code: 'INVALID_STATE' }), winner, 30).ok).toBe(
      false,
    );
  });
});

describe('judgeKilled', () => {
  it('accepts 201, and no answer only once the process was killed', () => {
    expect(judgeKilled(answer({ answeredAt: 50 }), 100).ok).toBe(true);
    expect(judgeKilled(answer({ status: 0, answeredAt: 120 }), 100).ok).toBe(true);
    expect(judgeKilled(answer({ status: 0, answeredAt: 50 }), 100).ok).toBe(false);
    expect(judgeKilled(answer({ status: 503, answeredAt: 50 }), 100).ok).toBe(false);
  });
});
