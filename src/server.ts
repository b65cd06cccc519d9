// `npm start`: the whole system on the embedded database (or DATABASE_URL), honouring PORT, HOST
// and ZHIPING_DATA_DIR.
import { DataDirLockedError } from './db/data-dir-lock';
import { demoModeFromEnv, startSystem } from './system';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from './db/seed';
import { defaultDataDir } from './db/connection';
import { runtimeSettingsFromEnv } from './runtime-settings';
import { describeBlobStore } from './storage/blob-store-config';
import { writeServerFile } from './server-file';

const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? '127.0.0.1';

try {
  const t0 = Date.now();
  const mode = demoModeFromEnv(process.env);
  if (mode.ignored) console.warn('ZHIPING_DEMO=1 已忽略：使用 DATABASE_URL 时从不创建演示账号。');
  const settings = runtimeSettingsFromEnv(process.env, defaultDataDir());
  const sys = await startSystem({ logger: { level: process.env.LOG_LEVEL ?? 'warn' }, demo: mode.demo, ...settings });
  await sys.app.listen({ port, host });
  // tells `zhiping backup` on this machine where to ask (the data folder is held by this process)
  const serverFile = sys.localToken ? writeServerFile(sys.dataDir, { port, token: sys.localToken, pid: process.pid }) : null;
  const shown = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  console.log(`职评已启动：http://${shown}:${port}  （数据库：${sys.dbKind}${sys.dbKind === 'pglite' ? `，数据目录 ${sys.dataDir}` : ''}，附件存储：${describeBlobStore(settings.blobStore)}，${settings.runJobs ? `后台作业 ${settings.jobConcurrency} 路、遮盖线程 ${settings.maskingThreads}` : '不运行后台作业'}，用时 ${Date.now() - t0} ms）`);
  if (sys.demo) {
    const bar = '!'.repeat(64);
    console.warn(`${bar}\n演示模式：${sys.demoSeeded ? '已创建' : '使用'}演示账号（密码公开），切勿用于正式环境。正式使用请设 ZHIPING_DEMO=0。\n${bar}`);
    console.log(`演示账号（密码均为 ${DEMO_PASSWORD}）：`);
    for (const a of DEMO_ACCOUNTS) console.log(`  ${a.label.padEnd(20, '　')} ${a.username}`);
  } else if (sys.openDemoAccounts.length) {
    console.warn(`警告：数据库中仍有使用公开演示密码的账号：${sys.openDemoAccounts.join('、')}。请立即重置其密码（npx zhiping admin reset-password <用户名>）。`);
  }
  let closing = false;
  const shutdown = async () => {
    if (closing) return;
    closing = true;
    serverFile?.remove();
    await sys.close();
    process.exit(0);
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
} catch (e) {
  if (e instanceof DataDirLockedError) {
    console.error(e.message);
    process.exit(2);
  }
  throw e;
}
