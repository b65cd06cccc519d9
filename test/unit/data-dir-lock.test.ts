// Issue 9 item 14: the data-folder lock names its process by machine, boot, pid and start time, so a
// pid reused by another process after a crash does not block the restart, while a live owner does.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DataDirLockedError, lockDataDir } from '../../src/db/data-dir-lock';
import { currentProcess, processStart } from '../../src/db/process-identity';

const hasProc = fs.existsSync('/proc/self/stat');
let dir: string;
let child: ChildProcess | null = null;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zhiping-lock-'));
});
afterEach(() => {
  if (child?.pid) process.kill(child.pid);
  child = null;
  fs.rmSync(dir, { recursive: true, force: true });
});

const lockFile = () => path.join(dir, 'zhiping.lock');
const writeLock = (owner: object | string) => fs.writeFileSync(lockFile(), typeof owner === 'string' ? owner : JSON.stringify(owner));

function liveChild(): number {
  child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
  return child.pid!;
}

describe.runIf(hasProc)('data-folder lock', () => {
  it('records machine, boot, pid and start time', () => {
    const release = lockDataDir(dir);
    expect(JSON.parse(fs.readFileSync(lockFile(), 'utf8'))).toEqual(currentProcess());
    expect(currentProcess().start).toMatch(/^\d+$/);
    release();
    expect(fs.existsSync(lockFile())).toBe(false);
  });

  it('refuses while the recorded process is alive', () => {
    const pid = liveChild();
    writeLock({ ...currentProcess(), pid, start: processStart(pid) });
    expect(() => lockDataDir(dir)).toThrow(DataDirLockedError);
    expect(() => lockDataDir(dir)).toThrow(new RegExp(`进程 ${pid} 使用`));
  });

  it('takes over when the recorded pid now belongs to a process started at another time', () => {
    const pid = liveChild();
    writeLock({ ...currentProcess(), pid, start: '1' });
    lockDataDir(dir)();
  });

  it('takes over a lock from an earlier boot of this machine', () => {
    const pid = liveChild();
    writeLock({ ...currentProcess(), pid, start: processStart(pid), boot: 'an-earlier-boot' });
    lockDataDir(dir)();
  });

  it('takes over a lock whose process is gone, or that a crash left torn', () => {
    writeLock({ ...currentProcess(), pid: 2 ** 22 + 1 });
    lockDataDir(dir)();
    writeLock('{"host":"x","pi');
    lockDataDir(dir)();
  });

  it('does not take over a lock held on another machine (cannot check it)', () => {
    writeLock({ host: 'other-host', boot: 'b', pid: 1, start: '1' });
    expect(() => lockDataDir(dir)).toThrow(/主机 other-host 上的进程 1/);
  });
});
