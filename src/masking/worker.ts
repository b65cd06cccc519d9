import { move } from 'piscina';
import { burnRegions } from './burn';
import type { Region } from './image-types';
import type { DetectResult, Engines, Targets } from './pipeline';
import type { VerifyResult } from './verify';
import { lowerThisThreadPriority } from './thread-priority';

// Piscina worker: the only place the server creates ONNX sessions (STYLE §7). Sessions are made
// on the first task that needs them and kept for the worker's life. Never touches the database.

export type MaskingTask =
  | { op: 'detect'; bytes: Uint8Array; targets: Targets }
  | { op: 'mask'; bytes: Uint8Array; regions: Region[] }
  | { op: 'verify'; bytes: Uint8Array; targets: Targets };

export type MaskingTaskResult<T extends MaskingTask> = T extends { op: 'detect' }
  ? DetectResult
  : T extends { op: 'mask' }
    ? Uint8Array
    : VerifyResult;

/** Errors cross the thread boundary as plain objects; keep the code for the caller's message. */
export interface WorkerFailure {
  error: { name: string; code?: string; message: string };
}

lowerThisThreadPriority();

let engines: Promise<Engines> | null = null;

// The pipeline (and onnxruntime) loads on the first detect/verify, so a worker that only burns
// boxes never pays for the models.
function getEngines(): Promise<Engines> {
  // ONNX threads per session: the pool passes how many cores each worker may use.
  const threads = Number(process.env.ZHIPING_ONNX_THREADS ?? '') || 1;
  engines ??= import('./pipeline').then((m) => m.loadEngines({ intraOpNumThreads: threads }));
  return engines;
}

export default async function runTask(task: MaskingTask): Promise<unknown> {
  try {
    const bytes = task.bytes instanceof Uint8Array ? task.bytes : new Uint8Array(task.bytes);
    switch (task.op) {
      case 'detect': {
        const { detect } = await import('./pipeline');
        return await detect(bytes, task.targets, await getEngines());
      }
      case 'verify': {
        const { verifyMasked } = await import('./verify');
        return await verifyMasked(bytes, task.targets, await getEngines());
      }
      case 'mask': {
        const out = await burnRegions(bytes, task.regions);
        // Hand the JPEG's memory to the caller instead of copying it.
        const view = new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
        return move(view.byteOffset === 0 && view.byteLength === view.buffer.byteLength ? view : view.slice());
      }
      default:
        throw new Error(`unknown masking op ${(task as { op: string }).op}`);
    }
  } catch (err) {
    const e = err as Error & { code?: string };
    const failure: WorkerFailure = { error: { name: e.name, code: e.code, message: e.message } };
    return failure;
  }
}
