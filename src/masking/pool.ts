import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import type { Region } from './image-types';
import type { DetectResult, Targets } from './pipeline';
import type { VerifyResult } from './verify';
import type { MaskingTask, WorkerFailure } from './worker';

export interface MaskingPoolOptions {
  /** Worker threads; each holds its own ONNX sessions (~350 MB). Default 1. */
  threads?: number;
  /** Milliseconds a worker may sit idle before it exits and frees its models. */
  idleTimeout?: number;
}

export class MaskingTaskError extends Error {
  readonly code: string | undefined;
  constructor(f: WorkerFailure['error']) {
    super(f.message);
    this.name = f.name;
    this.code = f.code;
  }
}

export interface MaskingPool {
  detect(bytes: Uint8Array, targets: Targets): Promise<DetectResult>;
  burn(bytes: Uint8Array, regions: Region[]): Promise<Buffer>;
  verify(bytes: Uint8Array, targets: Targets): Promise<VerifyResult>;
  close(): Promise<void>;
}

/** Heavy masking work off the request thread (issue 3): detection, burning and verification. */
export function createMaskingPool(opts: MaskingPoolOptions = {}): MaskingPool {
  const threads = Math.max(1, opts.threads ?? 1);
  // From sources, worker-entry.mjs registers tsx in the thread, then loads worker.ts; compiled
  // (dist/, bin/server-build.mjs), the worker is its own bundle beside this one.
  const compiled = import.meta.url.endsWith('.js');
  const filename = fileURLToPath(new URL(compiled ? './masking-worker.js' : './worker-entry.mjs', import.meta.url));
  const cores = os.availableParallelism();
  const pool = new Piscina({
    filename,
    minThreads: 0,
    maxThreads: threads,
    idleTimeout: opts.idleTimeout ?? 60_000,
    // Split the cores between workers so two workers do not each spin up a full ONNX pool.
    env: { ...process.env, ZHIPING_ONNX_THREADS: String(Math.max(1, Math.floor(cores / threads))) },
  });

  async function run<T>(task: MaskingTask): Promise<T> {
    const out = (await pool.run(task)) as T | WorkerFailure;
    if (out && typeof out === 'object' && 'error' in out && !Array.isArray(out)) {
      throw new MaskingTaskError((out as WorkerFailure).error);
    }
    return out as T;
  }

  return {
    detect: (bytes, targets) => run<DetectResult>({ op: 'detect', bytes, targets }),
    verify: (bytes, targets) => run<VerifyResult>({ op: 'verify', bytes, targets }),
    burn: async (bytes, regions) => {
      const out = await run<Uint8Array>({ op: 'mask', bytes, regions });
      return Buffer.from(out.buffer, out.byteOffset, out.byteLength);
    },
    close: () => pool.destroy(),
  };
}
