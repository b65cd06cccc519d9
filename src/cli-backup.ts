// `zhiping backup <file>` and `zhiping restore <file>` for the embedded mode (issue 13 item 6). A
// backup of a running server is taken by the server itself (consistent: the database is copied
// between two queries), asked over loopback with the token in the data folder; a stopped one is
// read directly. PostgreSQL + object store installations use their own tools (README).
import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { DataDirLockedError } from './db/data-dir-lock';
import { defaultDataDir, openDatabase, restoreEmbedded } from './db/connection';
import { readServerFile } from './server-file';
import { LOCAL_TOKEN_HEADER } from './http/local-admin';
import { BackupArchiveError, readBackup, writeBackup } from './storage/backup-archive';
import { FileBlobStore } from './storage/blob-store';

export const BACKUP_USAGE = `用法：
  zhiping backup <备份文件.tar>            备份内置数据库与全部附件（服务运行中也可，得到一致的副本）
  zhiping restore <备份文件.tar> [--data-dir <目录>]   恢复到空的数据目录（默认 ZHIPING_DATA_DIR 或 ./data）`;

interface Io {
  out(s: string): void;
  err(s: string): void;
}
const consoleIo: Io = { out: (s) => console.log(s), err: (s) => console.error(s) };

export async function runBackupCommand(cmd: 'backup' | 'restore', args: string[], io: Io = consoleIo, env = process.env): Promise<number> {
  const [file, ...rest] = args;
  if (!file || file === '--help' || file === '-h') {
    (file ? io.out : io.err)(BACKUP_USAGE);
    return file ? 0 : 2;
  }
  if (env.DATABASE_URL) {
    io.err('使用 PostgreSQL 时请用 pg_dump / pg_restore 备份数据库，并用对象存储自身的工具（如 mc mirror）备份附件，步骤见 README「备份与恢复」。');
    return 2;
  }
  try {
    if (cmd === 'backup') return await backup(path.resolve(file), defaultDataDir(), io);
    const i = rest.indexOf('--data-dir');
    const dir = i >= 0 && rest[i + 1] ? path.resolve(rest[i + 1]) : defaultDataDir();
    return await restore(path.resolve(file), dir, io);
  } catch (e) {
    if (e instanceof BackupArchiveError || e instanceof DataDirLockedError) {
      io.err(e.message);
      return 1;
    }
    throw e;
  }
}

async function backup(file: string, dataDir: string, io: Io): Promise<number> {
  const tmp = `${file}.${process.pid}.partial`;
  try {
    let how: string;
    let handle;
    try {
      handle = await openDatabase({ dataDir, databaseUrl: '' });
    } catch (e) {
      if (!(e instanceof DataDirLockedError)) throw e;
    }
    if (handle) {
      try {
        const m = await writeBackup(fs.createWriteStream(tmp), await handle.dumpEmbedded!(), new FileBlobStore(path.join(dataDir, 'blobs')), new Date());
        how = `服务未运行，直接读取数据目录；附件 ${m.blobs} 个`;
      } finally {
        await handle.close();
      }
    } else {
      const server = readServerFile(dataDir);
      if (!server) {
        io.err(`数据目录 ${dataDir} 正被另一进程使用，且找不到正在运行的服务（server.json）。请先停止该进程再备份。`);
        return 1;
      }
      const res = await fetch(`http://127.0.0.1:${server.port}/api/internal/backup`, {
        method: 'POST',
        // a script's request, as the server's cross-site check expects it (JSON, no Origin)
        headers: { [LOCAL_TOKEN_HEADER]: server.token, 'content-type': 'application/json' },
        body: '{}',
      });
      if (!res.ok || !res.body) {
        io.err(`运行中的服务拒绝了备份请求（HTTP ${res.status}）。`);
        return 1;
      }
      await pipeline(Readable.fromWeb(res.body as import('node:stream/web').ReadableStream), fs.createWriteStream(tmp));
      how = `由运行中的服务（进程 ${server.pid}）生成`;
    }
    const fh = await fs.promises.open(tmp, 'r');
    await fh.sync();
    await fh.close();
    fs.renameSync(tmp, file);
    io.out(`已备份到 ${file}（${(fs.statSync(file).size / 1048576).toFixed(1)} MB，${how}）`);
    return 0;
  } finally {
    fs.rmSync(tmp, { force: true });
  }
}

async function restore(file: string, dataDir: string, io: Io): Promise<number> {
  if (!fs.existsSync(file)) {
    io.err(`找不到备份文件 ${file}`);
    return 1;
  }
  const busy = ['pgdata', 'blobs'].filter((d) => {
    const p = path.join(dataDir, d);
    return fs.existsSync(p) && fs.readdirSync(p).length > 0;
  });
  if (busy.length) {
    io.err(`数据目录 ${dataDir} 不是空的（已有 ${busy.join('、')}）：只能恢复到空目录，以免覆盖现有数据。`);
    return 1;
  }
  const { manifest, database, blobs } = await readBackup(file, new FileBlobStore(path.join(dataDir, 'blobs')));
  await restoreEmbedded(dataDir, database);
  io.out(`已恢复到 ${dataDir}：数据库 ${(database.length / 1048576).toFixed(1)} MB，附件 ${blobs} 个（备份时间 ${manifest.createdAt}）`);
  return 0;
}
