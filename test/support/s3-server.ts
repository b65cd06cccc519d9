// A real S3-protocol server for the blob-store contract and the multi-process tests. `.ci/run`
// starts one (s3rver from the npm registry) and passes ZHIPING_TEST_S3_ENDPOINT; elsewhere the test
// starts its own on a free port, in a temp folder.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
// @ts-expect-error s3rver ships no types
import S3rver from 's3rver';

export const TEST_S3_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } as const;

export interface TestS3 {
  endpoint: string;
  /** a fresh bucket name per call, created on the server */
  bucket: string;
  close(): Promise<void>;
}

export async function startTestS3(bucket: string): Promise<TestS3> {
  const given = process.env.ZHIPING_TEST_S3_ENDPOINT;
  if (given) {
    await createBucket(given, bucket);
    return { endpoint: given, bucket, close: async () => {} };
  }
  if (process.env.CI === 'true') throw new Error('CI must start the S3 server (.ci/run) and set ZHIPING_TEST_S3_ENDPOINT');
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'zhiping-s3-'));
  const server = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory });
  const { port } = (await server.run()) as { port: number };
  const endpoint = `http://127.0.0.1:${port}`;
  await createBucket(endpoint, bucket);
  return {
    endpoint,
    bucket,
    async close() {
      await server.close();
      fs.rmSync(directory, { recursive: true, force: true });
    },
  };
}

async function createBucket(endpoint: string, bucket: string): Promise<void> {
  const { CreateBucketCommand, S3Client } = await import('@aws-sdk/client-s3');
  const s3 = new S3Client({ endpoint, region: 'us-east-1', forcePathStyle: true, credentials: TEST_S3_CREDENTIALS });
  try {
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  } finally {
    s3.destroy();
  }
}
