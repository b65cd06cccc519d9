// One contract for every blob store (issue 13 item 1): the local file store and an S3-compatible
// object store behave the same for everything the services and the retention sweep rely on.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FileBlobStore, sha256Hex, type BlobStore } from '../../src/storage/blob-store';
import { blobStoreConfigFromEnv, openBlobStore } from '../../src/storage/blob-store-config';
import { S3BlobStore } from '../../src/storage/s3-blob-store';
import { startTestS3, TEST_S3_CREDENTIALS, type TestS3 } from '../support/s3-server';

interface Subject {
  store: BlobStore;
  close(): Promise<void>;
}

const subjects: Record<string, () => Promise<Subject>> = {
  'file store': async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'zhiping-blob-contract-'));
    return { store: new FileBlobStore(root), close: async () => fs.rmSync(root, { recursive: true, force: true }) };
  },
  'S3 object store': async () => {
    const s3: TestS3 = await startTestS3(`contract-${crypto.randomBytes(4).toString('hex')}`);
    const store = new S3BlobStore({ endpoint: s3.endpoint, bucket: s3.bucket, prefix: 'inst-a/', ...TEST_S3_CREDENTIALS });
    return {
      store,
      async close() {
        store.close();
        await s3.close();
      },
    };
  },
};

for (const [label, open] of Object.entries(subjects)) {
  describe(`blob store contract: ${label}`, () => {
    let subject: Subject;
    beforeAll(async () => {
      subject = await open();
    });
    afterAll(async () => subject?.close());

    const big = crypto.randomBytes(3 * 1024 * 1024 + 17);
    const small = Buffer.from('附件内容 — 公示结果\0尾部', 'utf8');

    it('stores bytes under their SHA-256 and gives back exactly the same bytes', async () => {
      const { store } = subject;
      expect(await store.put(big)).toBe(sha256Hex(big));
      expect((await store.get(sha256Hex(big))).equals(big)).toBe(true);
      expect(await store.put(small)).toBe(sha256Hex(small));
      expect((await store.get(sha256Hex(small))).equals(small)).toBe(true);
    });

    it('says what it has, and when it was last written', async () => {
      const { store } = subject;
      const bytes = crypto.randomBytes(1000);
      const sha = sha256Hex(bytes);
      expect(await store.has(sha)).toBe(false);
      expect(await store.modifiedAt(sha)).toBeNull();
      const before = Date.now();
      await store.put(bytes);
      expect(await store.has(sha)).toBe(true);
      const at = await store.modifiedAt(sha);
      expect(at).toBeInstanceOf(Date);
      // stores keep whole seconds at worst
      expect(at!.getTime()).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000 - 1000);
    });

    it('storing the same bytes twice keeps one blob', async () => {
      const { store } = subject;
      const bytes = crypto.randomBytes(2000);
      await store.put(bytes);
      await store.put(bytes);
      const found = (await store.scan()).blobs.filter((b) => b.sha256 === sha256Hex(bytes));
      expect(found).toHaveLength(1);
    });

    it('lists every blob in scan() and forgets a removed one; removing twice is not an error', async () => {
      const { store } = subject;
      const bytes = crypto.randomBytes(500);
      const sha = await store.put(bytes);
      expect((await store.scan()).blobs.map((b) => b.sha256)).toContain(sha);
      await store.remove(sha);
      await store.remove(sha);
      expect(await store.has(sha)).toBe(false);
      expect((await store.scan()).blobs.map((b) => b.sha256)).not.toContain(sha);
      await expect(store.get(sha)).rejects.toThrow();
    });

    it('refuses an id that is not a SHA-256, so no caller can reach another key or path', async () => {
      const { store } = subject;
      await expect(store.get('../../etc/passwd')).rejects.toThrow(/bad blob id/);
      await expect(store.has('ABC')).rejects.toThrow(/bad blob id/);
    });

    it('serves many blobs at once', async () => {
      const { store } = subject;
      const many = Array.from({ length: 24 }, () => crypto.randomBytes(20_000));
      const shas = await Promise.all(many.map((b) => store.put(b)));
      const back = await Promise.all(shas.map((s) => store.get(s)));
      expect(back.every((b, i) => b.equals(many[i]))).toBe(true);
    });
  });
}

describe('choosing the blob store from the configuration', () => {
  it('uses files under the data folder unless a bucket is configured', () => {
    expect(blobStoreConfigFromEnv({}, '/data')).toEqual({ kind: 'file', root: path.join('/data', 'blobs') });
    expect(openBlobStore(blobStoreConfigFromEnv({}, '/data'))).toBeInstanceOf(FileBlobStore);
    const c = blobStoreConfigFromEnv(
      { ZHIPING_S3_BUCKET: 'zhiping', ZHIPING_S3_ENDPOINT: 'http://minio:9000', ZHIPING_S3_ACCESS_KEY: 'k', ZHIPING_S3_SECRET_KEY: 's' },
      '/data',
    );
    expect(c).toMatchObject({ kind: 's3', bucket: 'zhiping', endpoint: 'http://minio:9000', accessKeyId: 'k', secretAccessKey: 's' });
    const store = openBlobStore(c);
    expect(store).toBeInstanceOf(S3BlobStore);
    (store as S3BlobStore).close();
  });
});
