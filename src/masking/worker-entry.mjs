// Piscina loads this plain-JS file in each worker thread. Node 20 does not pass tsx's loader
// hooks on to workers, so register them here, then hand over to the TypeScript task function.
import fs from 'node:fs';
import os from 'node:os';
import { register } from 'tsx/esm/api';

// Issue 13 item 7: masking yields the CPU to requests. On Linux a nice value is per thread and the
// threads ONNX Runtime starts later inherit it: lower this worker thread's priority first.
const nice = Number(process.env.ZHIPING_MASKING_NICE ?? '10');
if (process.platform === 'linux' && nice > 0) {
  try {
    const tid = Number(fs.readlinkSync('/proc/thread-self').split('/').pop());
    os.setPriority(tid, Math.min(19, os.getPriority(tid) + nice));
  } catch {
    // no /proc or not permitted: run at normal priority
  }
}

register();
const { default: runTask } = await import('./worker.ts');

export default runTask;
