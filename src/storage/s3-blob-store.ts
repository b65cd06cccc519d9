// Attachment bytes in an S3-compatible object store (MinIO, 阿里云 OSS, 腾讯云 COS, Ceph): what lets
// web processes and `zhiping jobs` workers on other machines share the files (issue 13 item 1).
import crypto from 'node:crypto';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  NoSuchKey,
  NotFound,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { sha256Hex, sha256HexOffThread, type BlobStore } from './blob-store';

export interface S3BlobStoreOptions {
  bucket: string;
  /** e.g. http://minio.internal:9000; absent for AWS itself */
  endpoint?: string;
  region?: string;
  /** key prefix inside the bucket, so one bucket can serve several installations */
  prefix?: string;
  /** MinIO and most self-hosted stores want path-style addresses (http://host/bucket/key) */
  forcePathStyle?: boolean;
  accessKeyId?: string;
  secretAccessKey?: string;
}

const SHA = /^[0-9a-f]{64}$/;

/**
 * Keys `<prefix>blobs/ab/cd/<sha256>`, the same layout as the file store. A PUT is atomic and, once
 * the store answers 200, durable by the store's own guarantee: put() resolves only after that answer,
 * so the database row that names the blob commits after the bytes are safe. There are no temp
 * files: an interrupted PUT leaves nothing.
 */
export class S3BlobStore implements BlobStore {
  private readonly s3: S3Client;
  private readonly bucket: string;
  private readonly prefix: string;

  constructor(o: S3BlobStoreOptions) {
    this.bucket = o.bucket;
    this.prefix = `${o.prefix ?? ''}blobs/`;
    this.s3 = new S3Client({
      endpoint: o.endpoint,
      region: o.region ?? 'us-east-1',
      forcePathStyle: o.forcePathStyle ?? Boolean(o.endpoint),
      credentials: o.accessKeyId && o.secretAccessKey ? { accessKeyId: o.accessKeyId, secretAccessKey: o.secretAccessKey } : undefined,
      // Several S3-compatible stores reject the newer default CRC32 trailers; Content-MD5 is checked below.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
      maxAttempts: 4,
    });
  }

  private keyOf(sha: string): string {
    if (!SHA.test(sha)) throw new Error(`bad blob id ${sha}`);
    return `${this.prefix}${sha.slice(0, 2)}/${sha.slice(2, 4)}/${sha}`;
  }

  async put(bytes: Buffer): Promise<string> {
    const sha = await sha256HexOffThread(bytes);
    // Always written, also when present: the new write renews its time, so the daily collection
    // does not take a file just stored again (issue 9 item 12), and a torn object cannot survive.
    await this.s3.send(
      new PutObjectCommand({
        Bucket: this.bucket,
        Key: this.keyOf(sha),
        Body: bytes,
        ContentLength: bytes.length,
        ContentMD5: md5Base64(bytes),
        ContentType: 'application/octet-stream',
      }),
    );
    return sha;
  }

  async get(sha: string): Promise<Buffer> {
    try {
      const res = await this.s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: this.keyOf(sha) }));
      const bytes = Buffer.from(await res.Body!.transformToByteArray());
      if (sha256Hex(bytes) !== sha) throw new Error(`blob ${sha} is damaged in the object store`);
      return bytes;
    } catch (e) {
      if (isMissing(e)) throw Object.assign(new Error(`blob ${sha} not found`), { code: 'ENOENT' });
      throw e;
    }
  }

  async has(sha: string): Promise<boolean> {
    return (await this.modifiedAt(sha)) !== null;
  }

  async remove(sha: string): Promise<void> {
    await this.s3.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: this.keyOf(sha) }));
  }

  async modifiedAt(sha: string): Promise<Date | null> {
    try {
      const res = await this.s3.send(new HeadObjectCommand({ Bucket: this.bucket, Key: this.keyOf(sha) }));
      return res.LastModified ?? new Date(0);
    } catch (e) {
      if (isMissing(e)) return null;
      throw e;
    }
  }

  async scan() {
    const blobs: Array<{ sha256: string; modifiedAt: Date }> = [];
    let token: string | undefined;
    do {
      const page = await this.s3.send(
        new ListObjectsV2Command({ Bucket: this.bucket, Prefix: this.prefix, ContinuationToken: token }),
      );
      for (const o of page.Contents ?? []) {
        const name = o.Key?.slice(o.Key.lastIndexOf('/') + 1) ?? '';
        if (SHA.test(name) && o.Key === this.keyOf(name)) blobs.push({ sha256: name, modifiedAt: o.LastModified ?? new Date(0) });
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return { blobs, temps: [] as Array<{ name: string; modifiedAt: Date }> };
  }

  async removeTemp(name: string): Promise<void> {
    throw new Error(`the object store has no temp files (${name})`);
  }

  close(): void {
    this.s3.destroy();
  }
}

function md5Base64(bytes: Buffer): string {
  return crypto.createHash('md5').update(bytes).digest('base64');
}

function isMissing(e: unknown): boolean {
  if (e instanceof NoSuchKey || e instanceof NotFound) return true;
  return e instanceof S3ServiceException && (e.$metadata?.httpStatusCode === 404 || e.name === 'NoSuchKey' || e.name === 'NotFound');
}
