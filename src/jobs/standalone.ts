// `zhiping jobs`: a worker process that only runs jobs. With DATABASE_URL several of these, on
// several machines, share one queue; on the embedded database the data-folder lock allows one process.
import { startSystem } from '../system';
import { defaultDataDir } from '../db/connection';
import { runtimeSettingsFromEnv } from '../runtime-settings';
import { describeBlobStore } from '../storage/blob-store-config';

export async function runJobsOnly(): Promise<number> {
  const settings = runtimeSettingsFromEnv(process.env, defaultDataDir());
  const sys = await startSystem({ ...settings, runJobs: true });
  console.log(
    `作业进程已启动（${sys.runner.id}；作业 ${settings.jobConcurrency} 路、遮盖线程 ${settings.maskingThreads}；附件存储：${describeBlobStore(settings.blobStore)}），按 Ctrl+C 停止`,
  );
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await sys.close();
  return 0;
}
