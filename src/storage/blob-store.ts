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

/** Files under <root>/ab/cd/<sha256>; written to a temp name and renamed so a crash leaves no half file. */
export class FileBlobStore implements BlobStore {
  constructor(private readonly root: string) {}

  private pathOf(sha: string): string {
    if (!/^[0-9a-f]{64}$/.test(sha)) throw new Error(`bad blob id ${sha}`);
    return path.join(this.root, sha.slice(0, 2), sha.slice(2, 4), sha);
  }

  async put(bytes: Buffer): Promise<string> {
    const sha = sha256Hex(bytes);
    const file = this.pathOf(sha);
    if (await this.has(sha)) return sha;
    await fs.mkdir(path.dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`;
    await fs.writeFile(tmp, bytes);
    await fs.rename(tmp, file);
    return sha;
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
