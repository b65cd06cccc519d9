// Issue 13 item 2: a process's part in the system comes from its environment, checked at start.
import { describe, expect, it } from 'vitest';
import { runtimeSettingsFromEnv } from '../../src/runtime-settings';

describe('runtime settings', () => {
  it('sizes masking and jobs from the cores, leaving one core for requests', () => {
    expect(runtimeSettingsFromEnv({}, '/d', 2)).toMatchObject({ runJobs: true, maskingThreads: 1, jobConcurrency: 2 });
    expect(runtimeSettingsFromEnv({}, '/d', 8)).toMatchObject({ maskingThreads: 7, jobConcurrency: 8 });
    expect(runtimeSettingsFromEnv({}, '/d', 1)).toMatchObject({ maskingThreads: 1, jobConcurrency: 2 });
  });

  it('lets a web process run no jobs, and sets each number', () => {
    const s = runtimeSettingsFromEnv({ ZHIPING_RUN_JOBS: '0', ZHIPING_MASKING_THREADS: '3', ZHIPING_JOB_CONCURRENCY: '5' }, '/d', 2);
    expect(s).toMatchObject({ runJobs: false, maskingThreads: 3, jobConcurrency: 5 });
  });

  it('stops at start on a value it cannot use, naming the variable', () => {
    expect(() => runtimeSettingsFromEnv({ ZHIPING_RUN_JOBS: 'no' }, '/d')).toThrow(/ZHIPING_RUN_JOBS=no 无效/);
    expect(() => runtimeSettingsFromEnv({ ZHIPING_MASKING_THREADS: '0' }, '/d')).toThrow(/ZHIPING_MASKING_THREADS=0 无效/);
    expect(() => runtimeSettingsFromEnv({ ZHIPING_JOB_CONCURRENCY: '2.5' }, '/d')).toThrow(/ZHIPING_JOB_CONCURRENCY=2.5 无效/);
  });

  it('keeps attachments under the data folder unless an object store is configured', () => {
    expect(runtimeSettingsFromEnv({}, '/d').blobStore.kind).toBe('file');
    expect(runtimeSettingsFromEnv({ ZHIPING_S3_BUCKET: 'b' }, '/d').blobStore).toMatchObject({ kind: 's3', bucket: 'b' });
  });
});
