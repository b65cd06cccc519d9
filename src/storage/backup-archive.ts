// One file that holds a whole embedded installation (issue 13 item 6): a tar with a manifest, the
// PGlite data folder (its own gzipped tar) and every attachment blob. Written database first, blobs
// after: blobs are stored before the rows that name them commit and are deleted only long after
// they stopped being named, so every blob the database snapshot names is still there to copy.
import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import tar from 'tar-stream';
import { sha256Hex, type BlobStore } from './blob-store';

export const BACKUP_FORMAT = 'zhiping-backup/1';

export interface BackupManifest {
  format: typeof BACKUP_FORMAT;
  createdAt: string;
  blobs: number;
  databaseBytes: number;
}

/** Writes the archive to `out`; `database` is the PGlite dump (a gzipped tar of its data folder). */
export async function writeBackup(out: NodeJS.WritableStream, database: Buffer, blobs: BlobStore, now: Date): Promise<BackupManifest> {
  const pack = tar.pack();
  const done = pipeline(pack, out);
  const entry = (name: string, body: Buffer) =>
    new Promise<void>((resolve, reject) => pack.entry({ name, size: body.length, mtime: now }, body, (e) => (e ? reject(e) : resolve())));
  await entry('database.tar.gz', database);
  const { blobs: list } = await blobs.scan();
  for (const b of list) {
    let bytes: Buffer;
    try {
      bytes = await blobs.get(b.sha256);
    } catch {
      continue; // collected between scan and read: no row names it
    }
    await entry(`blobs/${b.sha256}`, bytes);
  }
  const manifest: BackupManifest = { format: BACKUP_FORMAT, createdAt: now.toISOString(), blobs: list.length, databaseBytes: database.length };
  // last, so an archive cut short has no manifest and is refused at restore
  await entry('manifest.json', Buffer.from(JSON.stringify(manifest, null, 2)));
  pack.finalize();
  await done;
  return manifest;
}

export class BackupArchiveError extends Error {}

/** Reads an archive: stores every blob (each checked against its name) and returns the database dump. */
export async function readBackup(file: string, blobs: BlobStore): Promise<{ manifest: BackupManifest; database: Buffer; blobs: number }> {
  const extract = tar.extract();
  let database: Buffer | null = null;
  let manifest: BackupManifest | null = null;
  let stored = 0;
  const reading = (async () => {
    for await (const e of extract) {
      const chunks: Buffer[] = [];
      for await (const c of e) chunks.push(c as Buffer);
      const body = Buffer.concat(chunks);
      const name = e.header.name;
      if (name === 'database.tar.gz') database = body;
      else if (name === 'manifest.json') manifest = JSON.parse(body.toString('utf8')) as BackupManifest;
      else if (name.startsWith('blobs/')) {
        const sha = path.basename(name);
        if (sha256Hex(body) !== sha) throw new BackupArchiveError(`备份文件已损坏：附件 ${sha.slice(0, 12)}… 的内容与其校验值不符`);
        await blobs.put(body);
        stored++;
      }
    }
  })();
  await Promise.all([pipeline(fs.createReadStream(file), extract), reading]).catch((e) => {
    if (e instanceof BackupArchiveError) throw e;
    throw new BackupArchiveError(`无法读取备份文件 ${file}：${e instanceof Error ? e.message : String(e)}`);
  });
  const m = manifest as BackupManifest | null;
  if (!m || m.format !== BACKUP_FORMAT) throw new BackupArchiveError('不是完整的职评备份文件（缺少清单，可能在写入时中断）');
  if (!database) throw new BackupArchiveError('备份文件中没有数据库');
  if (stored !== m.blobs) throw new BackupArchiveError(`备份文件不完整：清单记有 ${m.blobs} 个附件，实际读到 ${stored} 个`);
  return { manifest: m, database, blobs: stored };
}
