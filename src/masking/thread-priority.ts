// Issue 13 item 7: masking yields the CPU to requests. On Linux a nice value belongs to a thread, and
// the threads ONNX Runtime starts later inherit it: lower the calling worker thread's priority first.
import fs from 'node:fs';
import os from 'node:os';

export function lowerThisThreadPriority(by = Number(process.env.ZHIPING_MASKING_NICE ?? '19')): void {
  if (process.platform !== 'linux' || !(by > 0)) return;
  try {
    const tid = Number(fs.readlinkSync('/proc/thread-self').split('/').pop());
    os.setPriority(tid, Math.min(19, os.getPriority(tid) + by));
  } catch {
    // no /proc or not permitted: run at normal priority
  }
}
