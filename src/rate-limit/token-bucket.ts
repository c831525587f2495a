import type Redis from 'ioredis';

/**
 * A token bucket per principal in Redis, shared by every instance: `rate` tokens a second flow in,
 * at most `capacity` (twice the rate: the contract's "burst of twice that", docs/api.md §9) are kept, each state-changing
 * request takes one. One Lua script reads, refills, takes and writes atomically, with Redis' own
 * clock, so instances with skewed clocks agree.
 */
const SCRIPT = `
local capacity = tonumber(ARGV[1])
local rate = tonumber(ARGV[2])
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local state = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(state[1])
local at = tonumber(state[2])
if tokens == nil or at == nil then
  tokens = capacity
  at = now
end
tokens = math.min(capacity, tokens + math.max(0, now - at) * rate / 1000)
local allowed = 0
if tokens >= 1 then
  tokens = tokens - 1
  allowed = 1
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(now))
redis.call('PEXPIRE', KEYS[1], math.ceil(capacity / rate * 1000) + 1000)
local wait = 0
if allowed == 0 then
  wait = math.ceil((1 - tokens) * 1000 / rate)
end
local full = math.ceil((capacity - tokens) * 1000 / rate)
return { allowed, math.floor(tokens), wait, full }
`;

export interface TakeResult {
  allowed: boolean;
  /** Whole tokens left after this request. */
  remaining: number;
  /** When refused: milliseconds until one token is back. */
  retryAfterMs: number;
  /** Milliseconds until the bucket is full again. */
  resetMs: number;
}

type WithBucket = Redis & {
  takeToken(key: string, capacity: number, rate: number): Promise<[number, number, number, number]>;
};

export function defineTokenBucket(redis: Redis): void {
  redis.defineCommand('takeToken', { numberOfKeys: 1, lua: SCRIPT });
}

export async function takeToken(
  redis: Redis,
  key: string,
  capacity: number,
  rate: number,
): Promise<TakeResult> {
  const [allowed, remaining, wait, full] = await (redis as WithBucket).takeToken(
    key,
    capacity,
    rate,
  );
  return { allowed: allowed === 1, remaining, retryAfterMs: wait, resetMs: full };
}
