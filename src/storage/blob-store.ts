// Attachment bytes behind one interface, addressed by SHA-256 so the same file is stored once.
import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';

export interface BlobStore {
  put(bytes: Buffer): Promise<string>;
  get(sha256: string): Promise<Buffer>;
  has(sha256: string): Promise<boolean>;
  /** Deletes a blob's file; nothing happens when it is already gone. */
  remove(sha256: string): Promise<void>;
  /** When the blob was last written or stored again (put of the same bytes), or null when absent. */
  modifiedAt(sha256: string): Promise<Date | null>;
  /** Every stored blob and every temp file a crash left, with when each was last written. */
  scan(): Promise<{ blobs: Array<{ sha256: string; modifiedAt: Date }>; temps: Array<{ name: string; modifiedAt: Date }> }>;
  /** Deletes a temp file `scan()` named. */
  removeTemp(name: string): Promise<void>;
  /** Frees connections, if the store holds any. */
  close?(): void;
}

export function sha256Hex(bytes: Buffer): string {
  return crypto.createHash('sha256').update(bytes).digest('hex');
}

/**
 * The same digest computed on the libuv thread pool (Web Crypto runs digests as async jobs), so
 * hashing a 2 MB upload does not hold the request thread (issue 13 item 7).
 */
export async function sha256HexOffThread(bytes: Buffer): Promise<string> {
  return Buffer.from(await crypto.webcrypto.subtle.digest('SHA-256', bytes)).toString('hex');
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
    const sha = await sha256HexOffThread(bytes);
    const file = this.pathOf(sha);
    // The same content stored before: keep it, unless a crash before fsync was added left it torn.
    // Its time is renewed, so the daily collection does not take a file just stored again (item 12).
    if (await this.holds(file, bytes)) {
      const t = new Date();
      await fs.utimes(file, t, t);
      return sha;
    }
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
    const file = this.pathOf(sha);
    try {
      await fs.access(file);
      return true;
    } catch {
      return false;
    }
  }

  async remove(sha: string): Promise<void> {
    await fs.rm(this.pathOf(sha), { force: true });
  }

  async modifiedAt(sha: string): Promise<Date | null> {
    const file = this.pathOf(sha);
    try {
      return (await fs.stat(file)).mtime;
    } catch {
      return null;
    }
  }

  async scan() {
    const blobs: Array<{ sha256: string; modifiedAt: Date }> = [];
    const temps: Array<{ name: string; modifiedAt: Date }> = [];
    // <root>/ab/cd/<sha256> and <root>/ab/cd/<sha256>.<pid>.<random>.tmp; anything else is not ours
    for (const a of await entries(this.root)) {
      if (!/^[0-9a-f]{2}$/.test(a)) continue;
      for (const b of await entries(path.join(this.root, a))) {
        if (!/^[0-9a-f]{2}$/.test(b)) continue;
        const dir = path.join(this.root, a, b);
        for (const name of await entries(dir)) {
          const isBlob = /^[0-9a-f]{64}$/.test(name) && name.startsWith(a + b);
          const isTemp = /^[0-9a-f]{64}\.\d+\.[0-9a-f]+\.tmp$/.test(name);
          if (!isBlob && !isTemp) continue;
          let modifiedAt: Date;
          try {
            modifiedAt = (await fs.stat(path.join(dir, name))).mtime;
          } catch {
            continue; // removed meanwhile
          }
          if (isBlob) blobs.push({ sha256: name, modifiedAt });
          else temps.push({ name: path.join(a, b, name), modifiedAt });
        }
      }
    }
    return { blobs, temps };
  }

  async removeTemp(name: string): Promise<void> {
    if (!/^[0-9a-f]{2}[/\\][0-9a-f]{2}[/\\][0-9a-f]{64}\.\d+\.[0-9a-f]+\.tmp$/.test(name)) throw new Error(`bad temp name ${name}`);
    await fs.rm(path.join(this.root, name), { force: true });
  }
}

async function entries(dir: string): Promise<string[]> {
  try {
    return await fs.readdir(dir);
  } catch {
    return [];
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
