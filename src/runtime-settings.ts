// How one process takes part in the system, from its environment (issue 13 item 2): whether it runs
// jobs, how many at once, how many masking threads, and where attachment bytes live. Checked at
// start, so a typo stops the process with a message instead of running with a surprise.
import os from 'node:os';
import { blobStoreConfigFromEnv, type BlobStoreConfig } from './storage/blob-store-config';

export interface RuntimeSettings {
  /** ZHIPING_RUN_JOBS=0: a web process that leaves every job to `zhiping jobs` workers */
  runJobs: boolean;
  /** ZHIPING_JOB_CONCURRENCY: jobs this process runs at once */
  jobConcurrency: number;
  /** ZHIPING_MASKING_THREADS: masking worker threads (each holds its own ONNX sessions, ~350 MB) */
  maskingThreads: number;
  blobStore: BlobStoreConfig;
}

/**
 * Defaults from the cores: masking takes all but one, so requests always have a core; one job slot
 * more than masking threads, so a deadline job never waits behind a page being read.
 */
export function runtimeSettingsFromEnv(env: NodeJS.ProcessEnv, dataDir: string, cores = os.availableParallelism()): RuntimeSettings {
  const maskingThreads = count(env, 'ZHIPING_MASKING_THREADS', Math.max(1, cores - 1), 32);
  return {
    runJobs: flag(env, 'ZHIPING_RUN_JOBS', true),
    maskingThreads,
    jobConcurrency: count(env, 'ZHIPING_JOB_CONCURRENCY', maskingThreads + 1, 64),
    blobStore: blobStoreConfigFromEnv(env, dataDir),
  };
}

function flag(env: NodeJS.ProcessEnv, name: string, dflt: boolean): boolean {
  const v = env[name]?.trim();
  if (v === undefined || v === '') return dflt;
  if (v === '1' || v === 'true') return true;
  if (v === '0' || v === 'false') return false;
  throw new Error(`${name}=${v} 无效：应为 1 或 0`);
}

function count(env: NodeJS.ProcessEnv, name: string, dflt: number, max: number): number {
  const v = env[name]?.trim();
  if (v === undefined || v === '') return dflt;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > max) throw new Error(`${name}=${v} 无效：应为 1 到 ${max} 之间的整数`);
  return n;
}
