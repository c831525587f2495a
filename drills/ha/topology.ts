/**
 * The high-availability topology of `npm run drill -- --topology ha`, on one machine, from
 * Debian's packages (installed when missing and run as root), on spare ports in scratch folders:
 *
 *   clients ──HTTP──> HAProxy :http ──> service a, b, c (round robin, liveness check)
 *   service ──> PgBouncer (transaction mode) ──> HAProxy :pg ──> the Patroni primary
 *                                                  (check: Patroni REST GET /primary)
 *   migrations ──> HAProxy :pg directly (MIGRATIONS_DATABASE_URL: a session of their own)
 *   Patroni pg1, pg2 (PostgreSQL 15, synchronous_mode) ──> etcd (one member)
 *   service ──> Redis master + replica, followed through 3 Sentinels (REDIS_SENTINELS)
 *
 * Everything is a child process of the drill, killed on exit. docker/docker-compose.ha.yml is
 * the same topology as containers.
 */
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, scratchDir, sleep, waitFor } from '../../bench/lib/procs';
import { log } from '../lib/harness';

const PG_BIN = '/usr/lib/postgresql/15/bin';
const PACKAGES: Array<[string, string]> = [
  ['patroni', '/usr/bin/patroni'],
  ['etcd-server', '/usr/bin/etcd'],
  ['haproxy', '/usr/sbin/haproxy'],
  ['pgbouncer', '/usr/sbin/pgbouncer'],
  ['redis-sentinel', '/usr/bin/redis-sentinel'],
];

const isRoot = (): boolean => typeof process.getuid === 'function' && process.getuid() === 0;

/** Installs the Debian packages the topology needs when they are missing (as root). */
export function ensurePackages(): void {
  const missing = PACKAGES.filter(([, binary]) => !existsSync(binary)).map(([name]) => name);
  if (missing.length === 0) return;
  if (!isRoot()) {
    throw new Error(`missing Debian packages: ${missing.join(' ')} (run as root to install them)`);
  }
  log(`installing ${missing.join(' ')}`);
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'ignore' });
  execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], {
    stdio: 'ignore',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
}

const children = new Set<ChildProcess>();
/** Postmasters outlive a killed Patroni: their pids (with the data folder, to check identity). */
const postmasters = new Map<string, number>();
let exitHook = false;

/** Kills every process the topology started, postmasters included; synchronous (runs on exit). */
export function killAll(): void {
  for (const [dataDir, pid] of postmasters) {
    try {
      if (readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(dataDir))
        process.kill(pid, 'SIGKILL');
    } catch {
      // Gone already.
    }
  }
  postmasters.clear();
  children.forEach((c) => c.kill('SIGKILL'));
}

function notePostmaster(dataDir: string): number | undefined {
  try {
    const pid = Number(readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    if (Number.isInteger(pid) && pid > 0) postmasters.set(dataDir, pid);
    return pid;
  } catch {
    return undefined;
  }
}

/** A long-running child process, logging to a file; killed (SIGKILL) when the drill exits. */
export class Proc {
  child?: ChildProcess;

  constructor(
    readonly name: string,
    private readonly command: string,
    private readonly args: string[],
    private readonly logFile: string,
    private readonly asPostgres = false,
    private readonly env: Record<string, string> = {},
  ) {}

  start(): void {
    if (!exitHook) {
      exitHook = true;
      process.on('exit', killAll);
    }
    const out = openSync(this.logFile, 'a');
    const ids = this.asPostgres && isRoot() ? postgresIds() : {};
    const child = spawn(this.command, this.args, {
      ...ids,
      // A process run as postgres must be able to enter its working directory: the checkout may
      // sit in a folder only root can (CI clones into `mktemp -d`), and Patroni's worker
      // processes chdir to it at start.
      cwd: this.asPostgres ? tmpdir() : undefined,
      env: { ...process.env, ...this.env },
      stdio: ['ignore', out, out],
    });
    children.add(child);
    child.once('exit', () => children.delete(child));
    this.child = child;
  }

  get running(): boolean {
    return (
      this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null
    );
  }

  async signal(signal: NodeJS.Signals): Promise<void> {
    const child = this.child;
    if (child === undefined || !this.running) return;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill(signal);
    });
  }
}

function postgresIds(): { uid: number; gid: number } {
  return {
    uid: Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim()),
    gid: Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim()),
  };
}

function ownedByPostgres(dir: string): string {
  mkdirSync(dir, { recursive: true });
  if (isRoot()) {
    const { uid, gid } = postgresIds();
    chownSync(dir, uid, gid);
  }
  return dir;
}

export interface PatroniNode {
  name: string;
  pgPort: number;
  restPort: number;
  dataDir: string;
  proc: Proc;
}

interface ClusterMember {
  name: string;
  role: string;
  state: string;
  lag?: number | string;
}

async function json<T>(url: string): Promise<T | undefined> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
    return (await res.json()) as T;
  } catch {
    return undefined;
  }
}

export class HaTopology {
  readonly dir = scratchDir('ts-drill-ha');
  readonly ports: Record<string, number> = {};
  etcd!: Proc;
  nodes: PatroniNode[] = [];
  haproxy!: Proc;
  pgbouncer!: Proc;
  redis: Array<{ port: number; proc: Proc }> = [];
  sentinels: Array<{ port: number; proc: Proc }> = [];

  private constructor(readonly logDir: string) {}

  static async start(logDir: string): Promise<HaTopology> {
    ensurePackages();
    const t = new HaTopology(logDir);
    ownedByPostgres(t.dir);
    for (const name of [
      'etcdClient',
      'etcdPeer',
      'pg1',
      'pg2',
      'rest1',
      'rest2',
      'haproxyPg',
      'haproxyHttp',
      'haproxyStats',
      'pgbouncer',
      'redis1',
      'redis2',
      'sentinel1',
      'sentinel2',
      'sentinel3',
    ]) {
      t.ports[name] = await freePort();
    }
    await t.startEtcd();
    await t.startPatroni();
    await t.startRedis();
    return t;
  }

  private logFile(name: string): string {
    return join(this.logDir, `ha-${name}.log`);
  }

  private async startEtcd(): Promise<void> {
    const { etcdClient, etcdPeer } = this.ports;
    const peer = `http://127.0.0.1:${etcdPeer}`;
    this.etcd = new Proc(
      'etcd',
      '/usr/bin/etcd',
      [
        '--name=e1',
        `--data-dir=${join(this.dir, 'etcd')}`,
        `--listen-client-urls=http://127.0.0.1:${etcdClient}`,
        `--advertise-client-urls=http://127.0.0.1:${etcdClient}`,
        `--listen-peer-urls=${peer}`,
        `--initial-advertise-peer-urls=${peer}`,
        `--initial-cluster=e1=${peer}`,
        '--initial-cluster-state=new',
        // Debian's Patroni talks to etcd through python3-etcd, i.e. etcd's v2 API.
        '--enable-v2=true',
      ],
      this.logFile('etcd'),
    );
    this.etcd.start();
    await waitFor(
      'etcd',
      async () => (await fetch(`http://127.0.0.1:${etcdClient}/health`)).ok,
      30000,
      200,
    );
  }

  private patroniConfig(node: PatroniNode): string {
    // YAML is JSON's superset: the configuration is written as JSON.
    return JSON.stringify(
      {
        scope: `ts-drill-${this.ports.etcdClient}`,
        name: node.name,
        log: { level: 'WARNING' },
        restapi: {
          listen: `127.0.0.1:${node.restPort}`,
          connect_address: `127.0.0.1:${node.restPort}`,
        },
        etcd: { host: `127.0.0.1:${this.ports.etcdClient}` },
        bootstrap: {
          dcs: {
            ttl: 10,
            loop_wait: 1,
            retry_timeout: 4,
            maximum_lag_on_failover: 0,
            synchronous_mode: true,
            postgresql: {
              use_pg_rewind: true,
              use_slots: true,
              parameters: {
                wal_level: 'replica',
                hot_standby: 'on',
                wal_log_hints: 'on',
                max_wal_senders: 10,
                max_replication_slots: 10,
                max_connections: 300,
                synchronous_commit: 'on',
              },
            },
          },
          initdb: [{ encoding: 'UTF8' }, { 'auth-local': 'trust' }, { 'auth-host': 'trust' }],
          pg_hba: [
            'local all all trust',
            'host replication all 127.0.0.1/32 trust',
            'host all all 127.0.0.1/32 trust',
          ],
        },
        postgresql: {
          listen: `127.0.0.1:${node.pgPort}`,
          connect_address: `127.0.0.1:${node.pgPort}`,
          data_dir: node.dataDir,
          bin_dir: PG_BIN,
          pgpass: join(this.dir, `pgpass-${node.name}`),
          authentication: {
            superuser: { username: 'postgres' },
            replication: { username: 'postgres' },
            rewind: { username: 'postgres' },
          },
          parameters: {
            unix_socket_directories: this.dir,
            logging_collector: 'off',
          },
          pg_hba: [
            'local all all trust',
            'host replication all 127.0.0.1/32 trust',
            'host all all 127.0.0.1/32 trust',
          ],
        },
        tags: { nofailover: false, noloadbalance: false },
      },
      null,
      2,
    );
  }

  private async startPatroni(): Promise<void> {
    const mk = (i: number): PatroniNode => {
      const name = `pg${i}`;
      const dataDir = join(this.dir, name);
      return {
        name,
        pgPort: this.ports[`pg${i}`],
        restPort: this.ports[`rest${i}`],
        dataDir,
        proc: new Proc(
          `patroni-${name}`,
          '/usr/bin/patroni',
          [join(this.dir, `${name}.yml`)],
          this.logFile(`patroni-${name}`),
          true,
          { HOME: this.dir },
        ),
      };
    };
    this.nodes = [mk(1), mk(2)];
    const [a, b] = this.nodes;
    for (const node of this.nodes) {
      const file = join(this.dir, `${node.name}.yml`);
      writeFileSync(file, this.patroniConfig(node));
      if (isRoot()) chownSync(file, postgresIds().uid, postgresIds().gid);
    }
    a.proc.start();
    await this.waitForCluster('pg1 to bootstrap as leader', (m) =>
      m.some((x) => x.name === 'pg1' && x.role === 'leader' && x.state === 'running'),
    );
    b.proc.start();
    await this.waitForCluster('pg2 to stream as the synchronous standby', (m) =>
      m.some(
        (x) => x.role === 'sync_standby' && (x.state === 'streaming' || x.state === 'running'),
      ),
    );
  }

  async cluster(): Promise<ClusterMember[]> {
    for (const node of this.nodes) notePostmaster(node.dataDir);
    for (const node of this.nodes) {
      const c = await json<{ members?: ClusterMember[] }>(
        `http://127.0.0.1:${node.restPort}/cluster`,
      );
      if (c?.members !== undefined) return c.members;
    }
    return [];
  }

  async waitForCluster(
    what: string,
    done: (members: ClusterMember[]) => boolean,
    timeoutMs = 120000,
  ): Promise<ClusterMember[]> {
    let members: ClusterMember[] = [];
    await waitFor(
      what,
      async () => {
        members = await this.cluster();
        return done(members);
      },
      timeoutMs,
      250,
    );
    return members;
  }

  async leader(): Promise<PatroniNode | undefined> {
    const members = await this.cluster();
    const name = members.find((m) => m.role === 'leader')?.name;
    return this.nodes.find((n) => n.name === name);
  }

  /** The node dies: Patroni and its postmaster, kill -9 (Patroni alive would just restart it). */
  async killNode(node: PatroniNode): Promise<void> {
    const pid = notePostmaster(node.dataDir);
    await node.proc.signal('SIGKILL');
    if (pid !== undefined) process.kill(pid, 'SIGKILL');
  }

  /** Patroni on the dead node again: it finds a new leader and rejoins as a standby (pg_rewind). */
  restartNode(node: PatroniNode): void {
    node.proc.start();
  }

  /** HAProxy for PostgreSQL (the primary only) and for HTTP (the service instances). */
  async startHaproxy(servicePorts: number[]): Promise<void> {
    const { haproxyPg, haproxyHttp, haproxyStats } = this.ports;
    const cfg = [
      'global',
      '  maxconn 2000',
      'defaults',
      '  timeout connect 2s',
      '  timeout client 10m',
      '  timeout server 10m',
      // Longer than /health's own bound (1 s per dependency, checked in parallel): a slow answer
      // while the database fails over must not mark every instance down, or HAProxy would
      // answer clients itself, without Retry-After.
      '  timeout check 3s',
      `listen stats`,
      `  mode http`,
      `  bind 127.0.0.1:${haproxyStats}`,
      '  stats enable',
      '  stats uri /',
      'listen postgres_primary',
      '  mode tcp',
      `  bind 127.0.0.1:${haproxyPg}`,
      '  option httpchk GET /primary',
      '  http-check expect status 200',
      '  default-server inter 1s fall 2 rise 1 on-marked-down shutdown-sessions',
      ...this.nodes.map((n) => `  server ${n.name} 127.0.0.1:${n.pgPort} check port ${n.restPort}`),
      'frontend http',
      '  mode http',
      `  bind 127.0.0.1:${haproxyHttp}`,
      '  default_backend services',
      'backend services',
      '  mode http',
      '  balance roundrobin',
      // Liveness, not readiness: an instance whose database is away still answers (503), and
      // that answer (with Retry-After) is what the client should see.
      '  option httpchk GET /health',
      '  http-check expect rstatus ^(200|503)$',
      // Connection failures only: a request that reached an instance is never sent twice here.
      '  retries 3',
      '  option redispatch',
      '  default-server inter 1s fall 2 rise 1',
      ...servicePorts.map((p, i) => `  server s${i + 1} 127.0.0.1:${p} check`),
      '',
    ].join('\n');
    const file = join(this.dir, 'haproxy.cfg');
    writeFileSync(file, cfg);
    if (this.haproxy === undefined) {
      this.haproxy = new Proc(
        'haproxy',
        '/usr/sbin/haproxy',
        ['-db', '-f', file],
        this.logFile('haproxy'),
      );
      this.haproxy.start();
    }
    await waitFor(
      'HAProxy to see the primary',
      async () => {
        const csv = await fetch(`http://127.0.0.1:${haproxyStats}/;csv`).then((r) => r.text());
        return csv
          .split('\n')
          .some((l) => l.startsWith('postgres_primary,pg') && l.includes(',UP,'));
      },
      30000,
      250,
    );
  }

  async startPgbouncer(): Promise<void> {
    const dir = ownedByPostgres(join(this.dir, 'pgbouncer'));
    const ini = join(dir, 'pgbouncer.ini');
    writeFileSync(join(dir, 'userlist.txt'), '"postgres" ""\n');
    writeFileSync(
      ini,
      [
        '[databases]',
        `* = host=127.0.0.1 port=${this.ports.haproxyPg}`,
        '[pgbouncer]',
        'listen_addr = 127.0.0.1',
        `listen_port = ${this.ports.pgbouncer}`,
        `unix_socket_dir = ${dir}`,
        'auth_type = trust',
        `auth_file = ${join(dir, 'userlist.txt')}`,
        'pool_mode = transaction',
        'max_client_conn = 2000',
        'default_pool_size = 60',
        'server_login_retry = 1',
        'server_connect_timeout = 3',
        'query_wait_timeout = 10',
        'ignore_startup_parameters = extra_float_digits',
        '',
      ].join('\n'),
    );
    for (const f of ['pgbouncer.ini', 'userlist.txt']) {
      if (isRoot()) chownSync(join(dir, f), postgresIds().uid, postgresIds().gid);
    }
    this.pgbouncer = new Proc(
      'pgbouncer',
      '/usr/sbin/pgbouncer',
      [ini],
      this.logFile('pgbouncer'),
      true,
    );
    this.pgbouncer.start();
    await waitFor(
      'PgBouncer',
      async () => {
        try {
          execFileSync(join(PG_BIN, 'pg_isready'), [
            '-h',
            '127.0.0.1',
            '-p',
            String(this.ports.pgbouncer),
            '-q',
          ]);
          return true;
        } catch {
          return false;
        }
      },
      20000,
      200,
    );
  }

  async restartPgbouncer(): Promise<void> {
    await this.pgbouncer.signal('SIGKILL');
    await sleep(1000);
    this.pgbouncer.start();
  }

  private async startRedis(): Promise<void> {
    const common = ['--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'];
    const [m, r] = [this.ports.redis1, this.ports.redis2];
    for (const [port, extra] of [
      [m, []],
      [r, ['--replicaof', '127.0.0.1', String(m)]],
    ] as const) {
      const dir = join(this.dir, `redis-${port}`);
      mkdirSync(dir, { recursive: true });
      const proc = new Proc(
        `redis-${port}`,
        'redis-server',
        ['--port', String(port), ...common, '--dir', dir, ...extra],
        this.logFile(`redis-${port}`),
      );
      proc.start();
      this.redis.push({ port, proc });
    }
    for (const name of ['sentinel1', 'sentinel2', 'sentinel3']) {
      const port = this.ports[name];
      const dir = join(this.dir, name);
      mkdirSync(dir, { recursive: true });
      const conf = join(dir, 'sentinel.conf');
      writeFileSync(
        conf,
        [
          `port ${port}`,
          'bind 127.0.0.1',
          `dir ${dir}`,
          `sentinel monitor mymaster 127.0.0.1 ${m} 2`,
          'sentinel down-after-milliseconds mymaster 2000',
          'sentinel failover-timeout mymaster 10000',
          'sentinel parallel-syncs mymaster 1',
          '',
        ].join('\n'),
      );
      const proc = new Proc(name, 'redis-server', [conf, '--sentinel'], this.logFile(name));
      proc.start();
      this.sentinels.push({ port, proc });
    }
    await waitFor(
      'the Sentinels to see the Redis replica',
      async () => {
        const out = execFileSync(
          'redis-cli',
          ['-p', String(this.ports.sentinel1), 'SENTINEL', 'REPLICAS', 'mymaster'],
          { encoding: 'utf8' },
        );
        return out.includes(String(r)) && !out.includes('s_down');
      },
      30000,
      250,
    );
  }

  redisMasterPort(): number | undefined {
    try {
      const out = execFileSync(
        'redis-cli',
        ['-p', String(this.ports.sentinel1), 'SENTINEL', 'GET-MASTER-ADDR-BY-NAME', 'mymaster'],
        { encoding: 'utf8' },
      );
      return Number(out.trim().split('\n')[1]);
    } catch {
      return undefined;
    }
  }

  get sentinelList(): string {
    return this.sentinels.map((s) => `127.0.0.1:${s.port}`).join(',');
  }

  get httpUrl(): string {
    return `http://127.0.0.1:${this.ports.haproxyHttp}`;
  }

  /** Through PgBouncer (the request pool). */
  pooledUrl(database: string): string {
    return `postgres://postgres@127.0.0.1:${this.ports.pgbouncer}/${database}`;
  }

  /** Straight to the primary through HAProxy (migrations, the drill's own counting). */
  directUrl(database: string): string {
    return `postgres://postgres@127.0.0.1:${this.ports.haproxyPg}/${database}`;
  }
}
