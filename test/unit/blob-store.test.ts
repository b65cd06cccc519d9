// Issue 9 item 15: blob writes are durable before put() returns and a crash leftover is never a blob.
// What a test cannot show is that the data reached the disk platter: a power cut is not simulated.
// It shows the file and its folders are fsynced, in that order, before put() resolves.
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FileBlobStore, sha256Hex, sha256HexOffThread } from '../../src/storage/blob-store';

let root: string;
let store: FileBlobStore;
beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'zhiping-blob-'));
  store = new FileBlobStore(root);
});
afterEach(() => {
  vi.restoreAllMocks();
  fs.rmSync(root, { recursive: true, force: true });
});

const bytes = Buffer.from('附件内容'.repeat(10_000));
const sha = sha256Hex(bytes);
const blobPath = () => path.join(root, sha.slice(0, 2), sha.slice(2, 4), sha);

describe('FileBlobStore', () => {
  it('has the whole file at its final name, and no temp file, when put() resolves', async () => {
    expect(await store.put(bytes)).toBe(sha);
    expect(fs.readFileSync(blobPath()).equals(bytes)).toBe(true);
    expect(fs.readdirSync(path.dirname(blobPath()))).toEqual([sha]);
  });

  it('fsyncs the file before the rename and its folders after, all before put() resolves', async () => {
    const events: string[] = [];
    const probe = await fsp.open(root, 'r');
    const FileHandle = Object.getPrototypeOf(probe) as { sync(): Promise<void> };
    await probe.close();
    const realSync = FileHandle.sync;
    vi.spyOn(FileHandle, 'sync').mockImplementation(async function (this: { fd: number }) {
      events.push(`sync ${fs.readlinkSync(`/proc/self/fd/${this.fd}`)}`);
      return realSync.call(this);
    });
    const realRename = fsp.rename;
    vi.spyOn(fsp, 'rename').mockImplementation(async (from, to) => {
      events.push('rename');
      return realRename(from, to);
    });
    await store.put(bytes);
    events.push('resolved');
    const dir = path.dirname(blobPath());
    expect(events[0]).toMatch(/^sync .*\.tmp$/);
    expect(events.slice(1)).toEqual(['rename', `sync ${dir}`, `sync ${path.dirname(dir)}`, `sync ${root}`, 'resolved']);
  });

  it('never reads a crash leftover .tmp as a blob, and put() still stores the blob', async () => {
    fs.mkdirSync(path.dirname(blobPath()), { recursive: true });
    fs.writeFileSync(`${blobPath()}.4242.deadbeef.tmp`, bytes.subarray(0, 100));
    expect(await store.has(sha)).toBe(false);
    await expect(store.get(sha)).rejects.toThrow();
    await store.put(bytes);
    expect((await store.get(sha)).equals(bytes)).toBe(true);
  });

  it('replaces a torn blob left by a crash before writes were fsynced', async () => {
    fs.mkdirSync(path.dirname(blobPath()), { recursive: true });
    fs.writeFileSync(blobPath(), bytes.subarray(0, 10));
    await store.put(bytes);
    expect((await store.get(sha)).equals(bytes)).toBe(true);
  });
});

describe('sha256HexOffThread', () => {
  it('gives the digest the request thread would, for empty, small, large and offset buffers', async () => {
    const large = Buffer.alloc(3 * 1024 * 1024 + 7, 0xa5);
    const inside = Buffer.concat([Buffer.from('前缀'), bytes, Buffer.from('后缀')]).subarray(6, 6 + bytes.length);
    for (const b of [Buffer.alloc(0), Buffer.from('a'), bytes, large, inside]) expect(await sha256HexOffThread(b)).toBe(sha256Hex(b));
    expect(await sha256HexOffThread(inside)).toBe(sha);
    expect(await sha256HexOffThread(Buffer.alloc(0))).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });
});
