// Which blob store a process uses, from its configuration: local files under the data folder (the
// embedded default) or an S3-compatible object store shared by every process (issue 13 item 1).
import path from 'node:path';
import { FileBlobStore, type BlobStore } from './blob-store';
import { S3BlobStore, type S3BlobStoreOptions } from './s3-blob-store';

export type BlobStoreConfig = { kind: 'file'; root: string } | ({ kind: 's3' } & S3BlobStoreOptions);

/**
 * ZHIPING_S3_BUCKET selects the object store; ZHIPING_S3_ENDPOINT (MinIO, OSS, COS…), ZHIPING_S3_REGION,
 * ZHIPING_S3_PREFIX and ZHIPING_S3_ACCESS_KEY / ZHIPING_S3_SECRET_KEY (or the usual AWS_* variables)
 * complete it. Without a bucket, files under <dataDir>/blobs.
 */
export function blobStoreConfigFromEnv(env: NodeJS.ProcessEnv, dataDir: string): BlobStoreConfig {
  const bucket = env.ZHIPING_S3_BUCKET?.trim();
  if (!bucket) return { kind: 'file', root: path.join(dataDir, 'blobs') };
  return {
    kind: 's3',
    bucket,
    endpoint: env.ZHIPING_S3_ENDPOINT?.trim() || undefined,
    region: env.ZHIPING_S3_REGION?.trim() || undefined,
    prefix: env.ZHIPING_S3_PREFIX?.trim() || undefined,
    forcePathStyle: env.ZHIPING_S3_FORCE_PATH_STYLE === undefined ? undefined : env.ZHIPING_S3_FORCE_PATH_STYLE !== '0',
    accessKeyId: env.ZHIPING_S3_ACCESS_KEY ?? env.AWS_ACCESS_KEY_ID,
    secretAccessKey: env.ZHIPING_S3_SECRET_KEY ?? env.AWS_SECRET_ACCESS_KEY,
  };
}

export function openBlobStore(c: BlobStoreConfig): BlobStore {
  if (c.kind === 'file') return new FileBlobStore(c.root);
  return new S3BlobStore(c);
}

/** For logs and /api/health: where the bytes live, without credentials. */
export function describeBlobStore(c: BlobStoreConfig): string {
  return c.kind === 'file' ? `files (${c.root})` : `S3 ${c.endpoint ?? 'aws'}/${c.bucket}/${c.prefix ?? ''}`;
}
