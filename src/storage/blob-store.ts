// Attachment bytes behind one interface, addressed by SHA-256 so the same file is stored once.
import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';

export interface BlobStore {
  put(bytes: Buffer): Promise<string>;
  get(sha256: string): Promise<Buffer>;
  has(sha256: string): Promise<boolean>;
}

export function sha256Hex(bytes: Buffer): string {
  return crypto.createHash('sha256').update(bytes).digest('hex');
}

/**
 * Files under <root>/ab/cd/<sha256>. A blob is written to a temp name, fsynced, renamed, and its
 * directory fsynced before put() returns, so once the caller commits the database row that names
 * it, the file survives a power cut (issue 9 item 15). A crash before the rename leaves only a
 * `.tmp` file, which is never read as a blob.
 */
export class FileBlobStore implements BlobStore {
  constructor(private readonly root: string) {}

  private pathOf(sha: string): string {
    if (!/^[0-9a-f]{64}$/.test(sha)) throw new Error(`bad blob id ${sha}`);
    return path.join(this.root, sha.slice(0, 2), sha.slice(2, 4), sha);
  }

  async put(bytes: Buffer): Promise<string> {
    const sha = sha256Hex(bytes);
    const file = this.pathOf(sha);
    // The same content stored before: keep it, unless a crash before fsync was added left it torn.
    if (await this.holds(file, bytes)) return sha;
    const dir = path.dirname(file);
    const firstCreated = await fs.mkdir(dir, { recursive: true });
    const tmp = `${file}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`;
    const fh = await fs.open(tmp, 'wx');
    try {
      await fh.writeFile(bytes);
      await fh.sync();
    } finally {
      await fh.close();
    }
    await fs.rename(tmp, file);
    await syncDir(dir);
    // New folders are entries in their parents: sync each parent up to the one that already existed.
    if (firstCreated) {
      for (let d = dir; d !== path.dirname(firstCreated); d = path.dirname(d)) await syncDir(path.dirname(d));
    }
    return sha;
  }

  private async holds(file: string, bytes: Buffer): Promise<boolean> {
    try {
      return (await fs.readFile(file)).equals(bytes);
    } catch {
      return false;
    }
  }

  async get(sha: string): Promise<Buffer> {
    return fs.readFile(this.pathOf(sha));
  }

  async has(sha: string): Promise<boolean> {
    try {
      await fs.access(this.pathOf(sha));
      return true;
    } catch {
      return false;
    }
  }
}

/** fsync a directory so a rename or a new entry in it is durable. Windows cannot open a directory. */
async function syncDir(dir: string): Promise<void> {
  if (process.platform === 'win32') return;
  const fh = await fs.open(dir, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}
