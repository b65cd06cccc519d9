// Who a process is, beyond its pid: a pid is reused after a crash, so the lock file and job leases
// record the machine, its boot and the process's start time as well (issue 9 item 14).
import fs from 'node:fs';
import os from 'node:os';

export interface ProcessIdentity {
  host: string;
  /** /proc/sys/kernel/random/boot_id: changes at every boot; '' where there is no /proc. */
  boot: string;
  pid: number;
  /** Field 22 of /proc/<pid>/stat, clock ticks after boot; '' where there is no /proc. */
  start: string;
}

function readOr(file: string, fallback: string): string {
  try {
    return fs.readFileSync(file, 'utf8').trim();
  } catch {
    return fallback;
  }
}

/** Start time of a process, or null if it does not exist; '' where /proc cannot tell. */
export function processStart(pid: number): string | null {
  const stat = readOr(`/proc/${pid}/stat`, '');
  if (stat) {
    // "pid (comm) state ppid …": comm may hold spaces and parentheses, so split after the last ')'
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return fields[19] ?? '';
  }
  if (fs.existsSync('/proc/self/stat')) return null;
  try {
    process.kill(pid, 0);
    return '';
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM' ? '' : null;
  }
}

export function currentProcess(): ProcessIdentity {
  return { host: os.hostname(), boot: readOr('/proc/sys/kernel/random/boot_id', ''), pid: process.pid, start: processStart(process.pid) ?? '' };
}

/**
 * Whether the process a record names may still be running. A record from another machine cannot
 * be checked and counts as alive; on this machine a new boot, a gone pid or a pid that now belongs
 * to a process started at another time (pid reuse) means it is dead.
 */
export function mayBeAlive(p: ProcessIdentity, self = currentProcess()): boolean {
  if (p.host !== self.host) return true;
  if (p.boot && self.boot && p.boot !== self.boot) return false;
  const start = processStart(p.pid);
  if (start === null) return false;
  return !(p.start && start && p.start !== start);
}
