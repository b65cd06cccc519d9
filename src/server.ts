// `npm start`: the whole system on the embedded database (or DATABASE_URL), honouring PORT, HOST
// and ZHIPING_DATA_DIR.
import { DataDirLockedError } from './db/data-dir-lock';
import { startSystem } from './system';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from './db/seed';

const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? '127.0.0.1';

try {
  const t0 = Date.now();
  const sys = await startSystem({ logger: { level: process.env.LOG_LEVEL ?? 'warn' } });
  await sys.app.listen({ port, host });
  const shown = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  console.log(`职评已启动：http://${shown}:${port}  （数据库：${sys.dbKind}${sys.dbKind === 'pglite' ? `，数据目录 ${sys.dataDir}` : ''}，用时 ${Date.now() - t0} ms）`);
  console.log(`演示账号（密码均为 ${DEMO_PASSWORD}）：`);
  for (const a of DEMO_ACCOUNTS) console.log(`  ${a.label.padEnd(20, '　')} ${a.username}`);
  let closing = false;
  const shutdown = async () => {
    if (closing) return;
    closing = true;
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
