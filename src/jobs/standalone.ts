// `zhiping jobs`: a worker process that only runs jobs. With DATABASE_URL several of these, on
// several machines, share one queue; on the embedded database the data-folder lock allows one process.
import { startSystem } from '../system';

export async function runJobsOnly(): Promise<number> {
  const sys = await startSystem({ runJobs: true });
  console.log(`作业进程已启动（${sys.runner.id}），按 Ctrl+C 停止`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await sys.close();
  return 0;
}
