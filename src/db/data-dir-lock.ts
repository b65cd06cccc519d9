// PGlite has no guard against a second process opening the same folder (it silently loses writes),
// so the embedded database is held with a lock file naming the owning process.
import fs from 'node:fs';
import path from 'node:path';

export class DataDirLockedError extends Error {
  code = 'DATA_DIR_LOCKED';
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Takes the lock or throws DataDirLockedError; returns the release function. */
export function lockDataDir(dir: string): () => void {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'zhiping.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = fs.openSync(file, 'wx');
      fs.writeSync(fd, String(process.pid));
      fs.closeSync(fd);
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        try {
          if (fs.readFileSync(file, 'utf8') === String(process.pid)) fs.unlinkSync(file);
        } catch {
          /* already gone */
        }
      };
      process.once('exit', release);
      return release;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const owner = Number(fs.readFileSync(file, 'utf8'));
      if (owner && owner !== process.pid && isAlive(owner)) {
        throw new DataDirLockedError(
          `数据目录 ${dir} 正被进程 ${owner} 使用。内置数据库只允许一个进程打开；请先停止该进程，或用 ZHIPING_DATA_DIR 指定另一个目录，或用 DATABASE_URL 连接 PostgreSQL。`,
        );
      }
      if (owner === process.pid) {
        throw new DataDirLockedError(`数据目录 ${dir} 已被本进程打开`);
      }
      fs.unlinkSync(file); // stale lock from a process that died
    }
  }
  throw new DataDirLockedError(`无法锁定数据目录 ${dir}`);
}
