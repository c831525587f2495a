/**
 * Summarises a V8 CPU profile written by `npm run bench -- --cpu-prof` (bench/results/profiles/):
 * the top functions by self time, and self time grouped by package (node_modules/<name>), by our
 * own folders (src/<folder>) and by Node internals, as shares of all samples. Run compiled:
 *   node dist-bench/bench/profile-top.js bench/results/profiles/CPU.<...>.cpuprofile [N]
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

function group(url: string, name: string): string {
  if (name === '(garbage collector)') return '(gc)';
  if (name === '(idle)' || name === '(program)' || name === '(root)') return name;
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg !== null) return pkg[1];
  const ours = /\/dist\/src\/([^/]+)/.exec(url);
  if (ours !== null) return `src/${ours[1].replace(/\.js$/, '')}`;
  if (url.startsWith('node:') || url === '') return `node ${url === '' ? '(native)' : url}`;
  return url;
}

function main(): void {
  const [file, topArg] = process.argv.slice(2);
  if (file === undefined) throw new Error('usage: profile-top <file.cpuprofile> [N]');
  const top = Number(topArg ?? 25);
  const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const dt = profile.timeDeltas[i] ?? 0;
    self.set(id, (self.get(id) ?? 0) + dt);
    total += dt;
  });
  const idle = [...self]
    .filter(([id]) => byId.get(id)?.callFrame.functionName === '(idle)')
    .reduce((sum, [, t]) => sum + t, 0);
  const busy = total - idle;
  const fns = new Map<string, number>();
  const groups = new Map<string, number>();
  for (const [id, t] of self) {
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    if (functionName === '(idle)') continue;
    const short = url.replace(/^.*node_modules\//, '').replace(/^.*\/dist\//, '');
    const key = `${functionName || '(anonymous)'} ${short}:${lineNumber + 1}`;
    fns.set(key, (fns.get(key) ?? 0) + t);
    const g = group(url, functionName);
    groups.set(g, (groups.get(g) ?? 0) + t);
  }
  const pct = (t: number) => `${((100 * t) / busy).toFixed(1).padStart(5)} %`;
  process.stdout.write(
    `${file}: ${(total / 1e6).toFixed(1)} s sampled, ${(busy / 1e6).toFixed(1)} s busy (shares below are of busy time)\n\nby package or folder (self time):\n`,
  );
  for (const [g, t] of [...groups].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    process.stdout.write(`${pct(t)}  ${g}\n`);
  }
  // The share of the per-request log line and of the metrics: every sample whose nearest frame
  // (from the leaf up) that belongs to a category is of that category, unless a framework frame
  // (router, Express, Nest, rxjs) comes first. Middleware calls next() from inside itself, so a
  // plain "is it on the stack" count would bill the whole request to the first middleware.
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const categories: Record<string, RegExp> = {
    'logging (pino-http, pino, nestjs-pino, redaction, the log destination)':
      /node_modules\/(pino|pino-http|nestjs-pino|sonic-boom|@pinojs\/redact|fast-redact|pino-std-serializers)\/|\/dist\/src\/logging\//,
    'metrics (the onResponse hook, prom-client)':
      /node_modules\/prom-client\/|\/dist\/src\/metrics\//,
    'tenant guard and key cache (src/tenancy)': /\/dist\/src\/tenancy\//,
    'idempotency layer (src/idempotency, its own code)': /\/dist\/src\/idempotency\//,
  };
  const boundary =
    /node_modules\/(fastify|find-my-way|avvio|@fastify\/[^/]+|@nestjs\/core|@nestjs\/common|@nestjs\/platform-fastify|rxjs)\//;
  const billed = new Map<string, number>();
  for (const [id, dt] of self) {
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const url = byId.get(cur)!.callFrame.url;
      const hit = Object.entries(categories).find(([, pattern]) => pattern.test(url));
      if (hit !== undefined) {
        billed.set(hit[0], (billed.get(hit[0]) ?? 0) + dt);
        break;
      }
      if (boundary.test(url)) break;
    }
  }
  process.stdout.write(`\nshares of the log line, the metrics and our layers (nearest frame):\n`);
  for (const name of Object.keys(categories)) {
    process.stdout.write(`${pct(billed.get(name) ?? 0)}  ${name}\n`);
  }
  process.stdout.write(`\ntop functions (self time):\n`);
  for (const [f, t] of [...fns].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    process.stdout.write(`${pct(t)}  ${f}\n`);
  }
}

main();
