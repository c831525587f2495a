/**
 * The attackers of the `hostile` scenario (bench/lib/hostile.ts): the catalogue of the worst bodies
 * a client can send, and a worker thread that sends them round robin at a fixed rate. The worker
 * has its own event loop, so writing megabyte bodies never delays the timing of the normal
 * traffic, which autocannon measures on the bench's main thread.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { Agent, request } from 'node:http';
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { gzipSync } from 'node:zlib';

export interface Limits {
  maxDepth: number;
  maxKeysPerObject: number;
  maxTotalKeys: number;
  maxStringLength: number;
  /** The API routes' limit (API_BODY_LIMIT_BYTES): the bodies below are sized to it. */
  bodyLimitBytes: number;
  /** The webhook receiver's limit (BODY_LIMIT_BYTES): the forged events are sized to it. */
  webhookBodyLimitBytes: number;
}

/** One kind of hostile request. `auth` adds the attacker tenant's key and a fresh Idempotency-Key. */
export interface AttackKind {
  name: string;
  method: 'POST' | 'GET';
  path: string;
  auth: boolean;
  headers: Record<string, string>;
  body: Buffer;
}

export interface AttackerConfig {
  url: string;
  apiKey: string;
  limits: Limits;
  /** Requests per second, all kinds together, round robin. */
  rate: number;
  /** At most this many requests in flight (a tick with none free is skipped and counted). */
  connections: number;
  seconds: number;
  /** Instead: each kind once, one at a time (its answer and time with nothing else running). */
  once?: boolean;
}

export interface KindStats {
  sent: number;
  status: Record<string, number>;
  errors: Record<string, number>;
  bytes: number;
  /** Sum of response times, ms. */
  ms: number;
}

export interface AttackerResult {
  seconds: number;
  sent: number;
  answered: number;
  skipped: number;
  /** Response times of answered requests, sorted (ms). */
  times: number[];
  status: Record<string, number>;
  errors: number;
  kinds: Record<string, KindStats>;
}

const ascii = (n: number, c = 'x') => c.repeat(Math.max(0, n));

/**
 * `{"ticketTypeId":…,"quantity":1,<members>}` made exactly `size` bytes long by sizing the strings
 * of `fill` string members; `tail` (raw JSON members) goes last. Every filler string stays within
 * `maxString`.
 */
function objectOfSize(
  size: number,
  fill: number,
  maxString: number,
  tail = '',
  head = `"ticketTypeId":"${randomUUID()}","quantity":1`,
): string {
  const bare = (len: number) =>
    `{${head}${Array.from({ length: fill }, (_, i) => `,"f${i}":"${ascii(len)}"`).join('')}${tail}}`;
  const empty = bare(0).length;
  const per = Math.floor((size - empty) / fill);
  if (per > maxString) throw new Error(`objectOfSize: ${fill} strings cannot fill ${size} bytes`);
  let body = bare(per);
  // The remainder goes into the first string(s), one byte each, so the size is exact.
  let rest = size - body.length;
  let i = 0;
  while (rest > 0) {
    const take = Math.min(rest, maxString - per);
    body = body.replace(`"f${i}":"${ascii(per)}"`, `"f${i}":"${ascii(per + take)}"`);
    rest -= take;
    i++;
  }
  if (Buffer.byteLength(body) !== size) throw new Error(`objectOfSize: ${body.length} != ${size}`);
  return body;
}

/** Members that need `fill` strings of at most maxString bytes to reach `size`. */
const fillFor = (size: number, maxString: number) => Math.ceil(size / (maxString - 16)) + 1;

/**
 * The bodies, each as close to BODY_LIMIT_BYTES as its shape allows: first the largest the body
 * limits accept (refused afterwards by authentication or validation, never stored), then one just
 * over each limit, with the offending part at the end so the scan reads everything before it.
 */
export function hostileBodies(limits: Limits): { name: string; json: string; accepted: boolean }[] {
  const B = limits.bodyLimitBytes - 1;
  const S = limits.maxStringLength;
  const K = limits.maxKeysPerObject;
  const T = limits.maxTotalKeys;
  const D = limits.maxDepth;

  // Most members per object: the top level with K members (2 fields + K - 2 strings).
  const keysPerObject = (extra: number) => objectOfSize(B, K - 2 + extra, S);

  // Most members in all: 3 at the top (ticketTypeId, quantity, g) + the elements of g + their keys.
  const totalKeys = (extra: number) => {
    const objects: number[] = [];
    let left = T - 3 + extra;
    while (left > 0) {
      const keys = Math.min(K - 1, left - 1);
      objects.push(keys);
      left -= keys + 1;
    }
    const members = objects.reduce((a, b) => a + b, 0);
    const skeleton = (len: number) =>
      `{"ticketTypeId":"${randomUUID()}","quantity":1,"g":[${objects
        .map(
          (keys, o) =>
            `{${Array.from({ length: keys }, (_, k) => `"k${o}_${k}":"${ascii(len)}"`).join(',')}}`,
        )
        .join(',')}]}`;
    const per = Math.floor((B - skeleton(0).length) / members);
    let body = skeleton(per);
    body = body.slice(0, -2) + ascii(B - body.length, ' ') + body.slice(-2);
    return body;
  };

  // Deepest: D levels (the outer object is level 1), the strings in the innermost object.
  const depth = (extra: number) => {
    const levels = D + extra;
    const fill = fillFor(B, S);
    const open = '{"a":'.repeat(levels - 1);
    const close = '}'.repeat(levels - 1);
    const inner = objectOfSize(B - open.length - close.length, fill, S);
    if (extra === 0) return open + inner + close;
    // Over the limit: the nesting comes last, after the strings.
    const nest = '{"a":'.repeat(levels - 1) + '1' + '}'.repeat(levels - 1);
    return objectOfSize(B, fill, S, `,"z":${nest}`);
  };

  // Longest strings: as many of exactly S bytes as fit; over the limit, the last one has S + 1.
  const strings = (extra: number) => {
    const fill = Math.floor(B / (S + 8));
    const head = `"ticketTypeId":"${randomUUID()}","quantity":1`;
    const members = Array.from({ length: fill }, (_, i) => `"s${i}":"${ascii(S)}"`);
    if (extra > 0) members[members.length - 1] = `"s${fill - 1}":"${ascii(S + extra)}"`;
    const body = `{${head},${members.join(',')}}`;
    return body.slice(0, -1) + ascii(B - body.length, ' ') + '}';
  };

  // Escapes: strings written as \u00e9 (6 bytes, one character), at most S bytes each.
  const escapes = () => {
    const per = Math.floor(S / 6);
    const fill = Math.floor(B / (per * 6 + 10));
    const body = `{"ticketTypeId":"${randomUUID()}","quantity":1,${Array.from(
      { length: fill },
      (_, i) => `"e${i}":"${'\\u00e9'.repeat(per)}"`,
    ).join(',')}}`;
    return body.slice(0, -1) + ascii(B - body.length, ' ') + '}';
  };

  // Long numbers: T - 3 elements of 400-digit decimals (finite), as many bytes as fit.
  const numbers = () => {
    const count = Math.min(T - 3, Math.floor(B / 402));
    const digits = Math.min(400, Math.floor(B / count) - 2);
    const n = `0.${'7'.repeat(digits - 2)}`;
    const body = `{"ticketTypeId":"${randomUUID()}","quantity":1,"n":[${Array.from({ length: count }, () => n).join(',')}]}`;
    return body.slice(0, -1) + ascii(B - body.length, ' ') + '}';
  };

  const bytesOver = () => {
    const body = strings(0);
    return body.slice(0, -1) + '  }';
  };

  return [
    { name: `${K} members in one object`, json: keysPerObject(0), accepted: true },
    { name: `${T} members in all`, json: totalKeys(0), accepted: true },
    { name: `${D} levels deep`, json: depth(0), accepted: true },
    { name: `strings of ${S} bytes`, json: strings(0), accepted: true },
    { name: `strings of \\u00e9 escapes`, json: escapes(), accepted: true },
    { name: `${T - 3} numbers of 400 digits`, json: numbers(), accepted: true },
    { name: `${K + 1} members in one object`, json: keysPerObject(1), accepted: false },
    { name: `${T + 1} members in all`, json: totalKeys(1), accepted: false },
    { name: `${D + 1} levels deep`, json: depth(1), accepted: false },
    { name: `a string of ${S + 1} bytes`, json: strings(1), accepted: false },
    { name: `${limits.bodyLimitBytes + 1} bytes`, json: bytesOver(), accepted: false },
    {
      name: '1e309 at the end',
      json: objectOfSize(B, fillFor(B, S), S, ',"q":1e309'),
      accepted: false,
    },
    {
      name: 'malformed at the end',
      json: objectOfSize(B - 1, fillFor(B, S), S) + ',',
      accepted: false,
    },
  ];
}

/** Every kind of hostile request: each body authenticated and not, encodings, webhook, GET. */
export function attackKinds(limits: Limits): AttackKind[] {
  const json = { 'content-type': 'application/json' };
  const kinds: AttackKind[] = [];
  for (const { name, json: text } of hostileBodies(limits)) {
    const body = Buffer.from(text, 'utf8');
    if (body.length > limits.bodyLimitBytes + 1) throw new Error(`${name}: ${body.length} bytes`);
    kinds.push({
      name: `${name}, POST /v1/reservations, authenticated`,
      method: 'POST',
      path: '/v1/reservations',
      auth: true,
      headers: json,
      body,
    });
    kinds.push({
      name: `${name}, POST /v1/purchases, no credentials`,
      method: 'POST',
      path: '/v1/purchases',
      auth: false,
      headers: json,
      body,
    });
  }
  const mib = hostileBodies({ ...limits, bodyLimitBytes: limits.webhookBodyLimitBytes })[3].json;
  // Garbage announced as gzip: a gzip header, then random bytes (zlib fails past the header).
  const garbage = Buffer.concat([
    Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0, 0, 0, 0, 0x00, 0x03]),
    randomBytes(limits.bodyLimitBytes - 10),
  ]);
  // [name, path, credentials, Content-Encoding, body]
  const encoded: [string, string, boolean, string, Buffer][] = [
    ['gzip: header + 1 MiB of random bytes, no credentials', '/v1/events', false, 'gzip', garbage],
    ['gzip: random bytes, authenticated', '/v1/reservations', true, 'gzip', randomBytes(65536)],
    ['deflate: random bytes, no credentials', '/v1/events', false, 'deflate', randomBytes(65536)],
    ['br: random bytes, authenticated', '/v1/events', true, 'br', randomBytes(65536)],
  ];
  for (const [name, path, auth, encoding, body] of encoded) {
    kinds.push({
      name,
      method: 'POST',
      path,
      auth,
      headers: { ...json, 'content-encoding': encoding },
      body,
    });
  }
  // A gzip bomb: 16 MiB of spaces in ~16 KB; over the limit once inflated.
  kinds.push({
    name: 'gzip bomb (16 MiB inflated), authenticated',
    method: 'POST',
    path: '/v1/reservations',
    auth: true,
    headers: { ...json, 'content-encoding': 'gzip' },
    body: gzipSync(Buffer.alloc(16 * 1024 * 1024, 0x20)),
  });
  kinds.push({
    name: 'webhook: 1 MiB, no signature',
    method: 'POST',
    path: '/v1/webhooks/payments',
    auth: false,
    headers: json,
    body: Buffer.from(mib),
  });
  kinds.push({
    name: 'webhook: 1 MiB, forged signature',
    method: 'POST',
    path: '/v1/webhooks/payments',
    auth: false,
    headers: {
      ...json,
      'stripe-signature': `t=${Math.floor(Date.now() / 1000)},v1=${'0'.repeat(64)}`,
    },
    body: Buffer.from(mib),
  });
  kinds.push({
    name: 'GET with a 1 MiB body, authenticated',
    method: 'GET',
    path: `/v1/reservations/${randomUUID()}`,
    auth: true,
    headers: json,
    body: Buffer.from(mib),
  });
  return kinds;
}

function send(
  agent: Agent,
  config: AttackerConfig,
  kind: AttackKind,
): Promise<{ status?: number; error?: string; ms: number }> {
  const started = process.hrtime.bigint();
  const elapsed = () => Number(process.hrtime.bigint() - started) / 1e6;
  return new Promise((resolve) => {
    let settled = false;
    const done = (outcome: { status?: number; error?: string }) => {
      if (settled) return;
      settled = true;
      resolve({ ...outcome, ms: elapsed() });
    };
    const req = request(
      `${config.url}${kind.path}`,
      {
        method: kind.method,
        agent,
        headers: {
          ...kind.headers,
          'content-length': String(kind.body.length),
          ...(kind.auth
            ? { authorization: `Bearer ${config.apiKey}`, 'idempotency-key': randomUUID() }
            : {}),
        },
        timeout: 30_000,
      },
      (res) => {
        res.resume();
        res.on('end', () => done({ status: res.statusCode }));
        res.on('error', () => done({ status: res.statusCode }));
      },
    );
    // A server may answer (413) and close before it has read the whole body: the answer counts.
    req.on('error', (error: NodeJS.ErrnoException) => done({ error: error.code ?? error.message }));
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.end(kind.body);
  });
}

/** Sends the catalogue round robin at config.rate for config.seconds. */
export async function attack(config: AttackerConfig): Promise<AttackerResult> {
  const kinds = attackKinds(config.limits);
  const agent = new Agent({ keepAlive: true, maxSockets: config.connections });
  const stats: Record<string, KindStats> = Object.fromEntries(
    kinds.map((k) => [k.name, { sent: 0, status: {}, errors: {}, bytes: k.body.length, ms: 0 }]),
  );
  const times: number[] = [];
  const status: Record<string, number> = {};
  let sent = 0;
  let skipped = 0;
  let errors = 0;
  let inFlight = 0;
  const pending: Promise<void>[] = [];
  const started = Date.now();
  const interval = 1000 / config.rate;
  const one = (kind: AttackKind) => {
    inFlight++;
    sent++;
    stats[kind.name].sent++;
    return send(agent, config, kind).then((outcome) => {
      inFlight--;
      const s = stats[kind.name];
      s.ms += outcome.ms;
      if (outcome.status !== undefined) {
        const code = String(outcome.status);
        s.status[code] = (s.status[code] ?? 0) + 1;
        status[code] = (status[code] ?? 0) + 1;
        times.push(outcome.ms);
      } else {
        const code = outcome.error ?? 'error';
        s.errors[code] = (s.errors[code] ?? 0) + 1;
        errors++;
      }
    });
  };
  if (config.once === true) {
    for (const kind of kinds) await one(kind);
  } else {
    for (let tick = 0; ; tick++) {
      const due = started + tick * interval;
      if (due >= started + config.seconds * 1000) break;
      const wait = due - Date.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      if (inFlight >= config.connections) {
        skipped++;
        continue;
      }
      pending.push(one(kinds[tick % kinds.length]));
    }
  }
  await Promise.all(pending);
  agent.destroy();
  times.sort((a, b) => a - b);
  return {
    seconds: (Date.now() - started) / 1000,
    sent,
    answered: times.length,
    skipped,
    times,
    status,
    errors,
    kinds: stats,
  };
}

if (
  !isMainThread &&
  parentPort !== null &&
  (workerData as { attacker?: AttackerConfig })?.attacker
) {
  const port = parentPort;
  attack((workerData as { attacker: AttackerConfig }).attacker).then(
    (result) => port.postMessage({ result }),
    (error: unknown) => port.postMessage({ error: String(error) }),
  );
}
