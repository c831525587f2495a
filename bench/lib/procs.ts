/**
 * Real processes for the benchmark and the failure drills: a throwaway PostgreSQL cluster, a Redis
 * of our own, and service instances. Everything started here is registered for clean-up, which runs
 * on a normal end, on an error, on Ctrl-C and on SIGTERM, so a failed run leaves no process or
 * folder behind. Nothing here ever touches the shared PostgreSQL (5432) or Redis (6379).
 */
import { ChildProcess, execFile, execFileSync, spawn } from 'node:child_process';
import {
  appendFileSync,
  chownSync,
  existsSync,
  mkdtempSync,
  openSync,
  readdirSync,
  rmSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

export const sleep = (ms: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, ms));

type Cleanup = () => void;
const cleanups: Cleanup[] = [];
let handlersInstalled = false;

/** Runs every registered clean-up once, newest first. Synchronous, so it also works in 'exit'. */
export function cleanupAll(): void {
  while (cleanups.length > 0) {
    const step = cleanups.pop()!;
    try {
      step();
    } catch {
      // Best effort: one failed step must not keep the others from running.
    }
  }
}

function onCleanup(step: Cleanup): void {
  if (!handlersInstalled) {
    handlersInstalled = true;
    process.on('exit', cleanupAll);
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      process.on(signal, () => {
        process.stderr.write(`\n${signal}: cleaning up\n`);
        cleanupAll();
        process.exit(130);
      });
    }
  }
  cleanups.push(step);
}

/** A scratch folder removed at clean-up (unless KEEP_TMP=1, for post-mortems). */
export function scratchDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), `${prefix}-`));
  onCleanup(() => {
    if (process.env.KEEP_TMP !== '1') rmSync(dir, { recursive: true, force: true });
  });
  return dir;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Polls `probe` until it returns true; throws naming `what` after `timeoutMs`. */
export async function waitFor(
  what: string,
  probe: () => Promise<boolean>,
  timeoutMs: number,
  everyMs = 100,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await probe().catch(() => false)) return;
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(everyMs);
  }
}

function postgresBinDir(): string {
  if (process.env.PG_BIN !== undefined) return process.env.PG_BIN;
  const root = '/usr/lib/postgresql';
  if (existsSync(root)) {
    const versions = readdirSync(root)
      .filter((v) => existsSync(join(root, v, 'bin', 'initdb')))
      .sort((a, b) => Number(b) - Number(a));
    if (versions.length > 0) return join(root, versions[0], 'bin');
  }
  try {
    return execFileSync('pg_config', ['--bindir'], { encoding: 'utf8' }).trim();
  } catch {
    throw new Error('PostgreSQL server binaries not found: set PG_BIN to the folder of initdb');
  }
}

const isRoot = (): boolean => typeof process.getuid === 'function' && process.getuid() === 0;

/**
 * A PostgreSQL cluster of our own, in a scratch folder, on a spare port, trust auth on loopback.
 * initdb and postgres refuse to run as root, so as root they run as the `postgres` user.
 */
export class PgCluster {
  private running = false;

  private constructor(
    readonly dir: string,
    readonly port: number,
    private readonly bin: string,
  ) {}

  static async create(
    name: string,
    settings: Record<string, string | number> = {},
  ): Promise<PgCluster> {
    const dir = scratchDir(name);
    if (isRoot()) {
      const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
      const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
      chownSync(dir, uid, gid);
    }
    const cluster = new PgCluster(dir, await freePort(), postgresBinDir());
    cluster.run('initdb', [
      '-D',
      cluster.dataDir,
      '-U',
      'postgres',
      '--auth=trust',
      '-E',
      'UTF8',
      '--no-sync',
    ]);
    const conf: Record<string, string | number> = {
      port: cluster.port,
      listen_addresses: "'127.0.0.1'",
      unix_socket_directories: `'${dir}'`,
      max_connections: 300,
      logging_collector: 'off',
      ...settings,
    };
    appendFileSync(
      join(cluster.dataDir, 'postgresql.conf'),
      '\n' +
        Object.entries(conf)
          .map(([k, v]) => `${k} = ${v}`)
          .join('\n') +
        '\n',
    );
    onCleanup(() => cluster.stopSync('immediate'));
    await cluster.start();
    return cluster;
  }

  get dataDir(): string {
    return join(this.dir, 'data');
  }

  url(database = 'postgres'): string {
    return `postgres://postgres@127.0.0.1:${this.port}/${database}`;
  }

  private command(command: string, args: string[]): [string, string[]] {
    const exe = join(this.bin, command);
    return isRoot() ? ['runuser', ['-u', 'postgres', '--', exe, ...args]] : [exe, args];
  }

  private run(command: string, args: string[]): string {
    const [file, argv] = this.command(command, args);
    return execFileSync(file, argv, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  }

  /** Asynchronous, so that load and probes keep running while PostgreSQL starts or stops. */
  private async runAsync(command: string, args: string[]): Promise<void> {
    const [file, argv] = this.command(command, args);
    await execFileAsync(file, argv);
  }

  async start(): Promise<void> {
    const log = join(this.dir, 'server.log');
    await this.runAsync('pg_ctl', ['-D', this.dataDir, '-l', log, '-w', '-t', '60', 'start']);
    this.running = true;
  }

  /** `fast`: clean shutdown that disconnects clients; `immediate`: like a crash, recovery on start. */
  async stop(mode: 'fast' | 'immediate' = 'fast'): Promise<void> {
    if (!this.running) return;
    await this.runAsync('pg_ctl', ['-D', this.dataDir, '-m', mode, '-w', '-t', '60', 'stop']);
    this.running = false;
  }

  private stopSync(mode: 'fast' | 'immediate'): void {
    if (!this.running) return;
    this.running = false;
    try {
      this.run('pg_ctl', ['-D', this.dataDir, '-m', mode, '-w', '-t', '60', 'stop']);
    } catch {
      // Already down.
    }
  }
}

/** A Redis of our own without persistence: a restart comes back empty, as after a crash. */
export class RedisServer {
  private child?: ChildProcess;

  private constructor(
    readonly port: number,
    private readonly dir: string,
  ) {}

  static async create(name: string): Promise<RedisServer> {
    const server = new RedisServer(await freePort(), scratchDir(name));
    onCleanup(() => server.child?.kill('SIGKILL'));
    await server.start();
    return server;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  async start(): Promise<void> {
    const log = openSync(join(this.dir, 'redis.log'), 'a');
    this.child = spawn(
      'redis-server',
      [
        '--port',
        String(this.port),
        '--bind',
        '127.0.0.1',
        '--save',
        '',
        '--appendonly',
        'no',
        '--dir',
        this.dir,
      ],
      { stdio: ['ignore', log, log] },
    );
    await waitFor(`redis-server on ${this.port}`, async () => this.ping(), 10000);
  }

  ping(): boolean {
    try {
      return (
        execFileSync('redis-cli', ['-p', String(this.port), 'ping'], {
          encoding: 'utf8',
          stdio: ['ignore', 'pipe', 'ignore'],
        }).trim() === 'PONG'
      );
    } catch {
      return false;
    }
  }

  /** SIGKILL: Redis vanishes with everything it held, as in a crash. */
  async kill(): Promise<void> {
    const child = this.child;
    if (child === undefined || child.exitCode !== null || child.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGKILL');
    });
    this.child = undefined;
  }
}

export interface ServiceOptions {
  name: string;
  env: Record<string, string>;
  /** The script to run with node; `ts` runs it through ts-node (transpile only). */
  entry: string;
  ts?: boolean;
  /** Extra node flags, e.g. --cpu-prof. */
  nodeArgs?: string[];
  logDir: string;
}

/** One service instance as a child process, on its own port, logging to a file. */
export class ServiceProcess {
  private child?: ChildProcess;
  readonly port: number;

  private constructor(
    private readonly options: ServiceOptions,
    port: number,
  ) {
    this.port = port;
  }

  static async create(options: ServiceOptions): Promise<ServiceProcess> {
    const port = options.env.PORT !== undefined ? Number(options.env.PORT) : await freePort();
    const service = new ServiceProcess(options, port);
    onCleanup(() => service.child?.kill('SIGKILL'));
    return service;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get logFile(): string {
    return join(this.options.logDir, `${this.options.name}.log`);
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** Starts the process and waits for /health to answer 200. */
  async start(timeoutMs = 90000): Promise<void> {
    const log = openSync(this.logFile, 'a');
    const args = [
      ...(this.options.nodeArgs ?? []),
      ...(this.options.ts ? ['-r', 'ts-node/register/transpile-only'] : []),
      this.options.entry,
    ];
    const child = spawn(process.execPath, args, {
      env: {
        ...process.env,
        NODE_ENV: 'development',
        // Development logs are pretty-printed; the bench and drills measure the production format.
        LOG_FORMAT: 'json',
        SEED_DEMO_TENANT: 'false',
        TENANT_RATE_LIMIT: '0',
        TS_NODE_PROJECT: 'tsconfig.json',
        ...this.options.env,
        PORT: String(this.port),
      },
      stdio: ['ignore', log, log],
    });
    this.child = child;
    let exited = false;
    child.once('exit', () => {
      exited = true;
    });
    await waitFor(
      `${this.options.name} on ${this.url}/health (log: ${this.logFile})`,
      async () => {
        if (exited) throw new Error(`${this.options.name} exited; see ${this.logFile}`);
        const res = await fetch(`${this.url}/health`);
        return res.status === 200;
      },
      timeoutMs,
      200,
    ).catch((error: Error) => {
      if (exited) throw new Error(`${this.options.name} exited during start; see ${this.logFile}`);
      throw error;
    });
  }

  /** kill -9: no shutdown hook runs, open transactions are cut off, in-flight requests vanish. */
  async kill9(): Promise<void> {
    await this.signal('SIGKILL');
  }

  /** A graceful stop (SIGTERM), forced after 15 s. */
  async stop(): Promise<void> {
    const child = this.child;
    if (child === undefined || child.exitCode !== null || child.signalCode !== null) return;
    const timer = setTimeout(() => child.kill('SIGKILL'), 15000);
    await this.signal('SIGTERM');
    clearTimeout(timer);
  }

  private async signal(signal: NodeJS.Signals): Promise<void> {
    const child = this.child;
    if (child === undefined || child.exitCode !== null || child.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill(signal);
    });
    this.child = undefined;
  }
}
