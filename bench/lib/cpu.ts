/**
 * CPU time of processes from /proc (Linux), to turn a load window into CPU milliseconds per
 * request for the service and for PostgreSQL: the figures that say which side saturates first.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const TICKS_PER_SECOND = 100;

interface Stat {
  pid: number;
  ppid: number;
  cpuMs: number;
  /** CPU of children that exited and were waited for (cutime + cstime). */
  childrenCpuMs: number;
}

function readStat(pid: number): Stat | null {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) is in parentheses and may hold spaces: split after it.
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    const ppid = Number(fields[1]);
    const utime = Number(fields[11]);
    const stime = Number(fields[12]);
    const cutime = Number(fields[13]);
    const cstime = Number(fields[14]);
    return {
      pid,
      ppid,
      cpuMs: ((utime + stime) * 1000) / TICKS_PER_SECOND,
      childrenCpuMs: ((cutime + cstime) * 1000) / TICKS_PER_SECOND,
    };
  } catch {
    return null;
  }
}

/** CPU ms used so far by one process. */
export function processCpuMs(pid: number): number {
  return readStat(pid)?.cpuMs ?? NaN;
}

/**
 * CPU ms used so far by a PostgreSQL cluster: the postmaster, its live children (backends,
 * walwriter, checkpointer, autovacuum) and, through the postmaster's cutime/cstime, the children
 * that have exited since (closed connections, finished autovacuum workers).
 */
export function clusterCpuMs(dataDir: string): number {
  let postmaster: number;
  try {
    postmaster = Number(readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
  } catch {
    return NaN;
  }
  let total = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readStat(Number(entry));
    if (stat === null) continue;
    if (stat.pid === postmaster) total += stat.cpuMs + stat.childrenCpuMs;
    else if (stat.ppid === postmaster) total += stat.cpuMs;
  }
  return total;
}
