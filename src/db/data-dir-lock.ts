// PGlite has no guard against a second process opening the same folder (it silently loses writes),
// so the embedded database is held with a lock file naming the owning process: its machine, boot,
// pid and start time, so that another process that got the same pid after a crash does not keep
// the folder locked (issue 9 item 14).
import fs from 'node:fs';
import path from 'node:path';
import { currentProcess, mayBeAlive, type ProcessIdentity } from './process-identity';

export class DataDirLockedError extends Error {
  code = 'DATA_DIR_LOCKED';
}

/** The lock file's owner; a bare number is the format before issue 9 (pid only, this machine). */
function readOwner(text: string, self: ProcessIdentity): ProcessIdentity | null {
  if (/^\d+$/.test(text.trim())) return { host: self.host, boot: '', pid: Number(text), start: '' };
  try {
    const o = JSON.parse(text) as Partial<ProcessIdentity>;
    if (typeof o.pid !== 'number') return null;
    return { host: String(o.host ?? ''), boot: String(o.boot ?? ''), pid: o.pid, start: String(o.start ?? '') };
  } catch {
    return null; // torn by a crash while being written: nobody holds it
  }
}

/** Takes the lock or throws DataDirLockedError; returns the release function. */
export function lockDataDir(dir: string): () => void {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'zhiping.lock');
  const self = currentProcess();
  const mine = JSON.stringify(self);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = fs.openSync(file, 'wx');
      fs.writeSync(fd, mine);
      fs.fsyncSync(fd);
      fs.closeSync(fd);
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        try {
          if (fs.readFileSync(file, 'utf8') === mine) fs.unlinkSync(file);
        } catch {
          /* already gone */
        }
      };
      process.once('exit', release);
      return release;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const owner = readOwner(fs.readFileSync(file, 'utf8'), self);
      if (owner && owner.host === self.host && owner.pid === self.pid && (!owner.start || owner.start === self.start)) {
        throw new DataDirLockedError(`数据目录 ${dir} 已被本进程打开`);
      }
      if (owner && mayBeAlive(owner, self)) {
        const where = owner.host === self.host ? '' : `主机 ${owner.host} 上的`;
        throw new DataDirLockedError(
          `数据目录 ${dir} 正被${where}进程 ${owner.pid} 使用。内置数据库只允许一个进程打开；请先停止该进程，或用 ZHIPING_DATA_DIR 指定另一个目录，或用 DATABASE_URL 连接 PostgreSQL。`,
        );
      }
      fs.unlinkSync(file); // stale: its process died (or its pid now belongs to another process)
    }
  }
  throw new DataDirLockedError(`无法锁定数据目录 ${dir}`);
}
