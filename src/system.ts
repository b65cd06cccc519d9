// Assembles the running system: database (migrated, reference data seeded on first start, the demo
// world only in demo mode), blob store, job
// runner with its handlers, and the HTTP app. Used by `npm start`, the CLI and the e2e tests.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultDataDir, migrateToLatest, openDatabase } from './db/connection';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, demoAccountsWithPublishedPassword, seedDemoData, seedReferenceData } from './db/seed';
import { buildApp } from './http/app';
import { Metrics } from './http/metrics';
import crypto from 'node:crypto';
import { writeBackup } from './storage/backup-archive';
import { openBlobStore, type BlobStoreConfig } from './storage/blob-store-config';
import { JobRunner } from './jobs/runner';
import { JOBS_CHANNEL } from './jobs/queue';
import { scheduleRetentionSweep } from './services/retention.service';
import { buildHandlers, type SystemServices } from './jobs/handlers';
import type { ServiceContext } from './services/service-context';
import { systemClock } from './clock';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export interface SystemOptions {
  dataDir?: string;
  databaseUrl?: string;
  now?: () => Date;
  logger?: boolean | object;
  /** Start the job runner in this process (default true). */
  runJobs?: boolean;
  /** Jobs run at once by this process (default 1). */
  jobConcurrency?: number;
  maskingThreads?: number;
  /** Where attachment bytes live (default: files under <dataDir>/blobs). */
  blobStore?: BlobStoreConfig;
  /**
   * Demo mode: seed the demo world into a database without accounts and let the login page list
   * the demo accounts. Never with a PostgreSQL server (src/domain/demo-mode.ts).
   */
  demo?: boolean;
}

export { demoModeFromEnv } from './domain/demo-mode';

export async function startSystem(opts: SystemOptions = {}) {
  const now = opts.now ?? systemClock();
  const dataDir = path.resolve(opts.dataDir ?? defaultDataDir());
  const handle = await openDatabase({ dataDir, databaseUrl: opts.databaseUrl });
  await migrateToLatest(handle.db);
  const thisYear = Number(new Intl.DateTimeFormat('en', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(now()));
  const years = { years: [2023, thisYear], openYears: [thisYear] };
  const demo = opts.demo === true && handle.kind === 'pglite';
  const demoSeeded = demo ? await seedDemoData(handle.db, years) : (await seedReferenceData(handle.db, years), false);
  // Outside demo mode, a database seeded by an older version may still hold demo accounts.
  const openDemoAccounts = demo ? [] : await demoAccountsWithPublishedPassword(handle.db);
  const blobs = openBlobStore(opts.blobStore ?? { kind: 'file', root: path.join(dataDir, 'blobs') });
  const ctx: ServiceContext = { db: handle.db, blobs, now };
  const services: SystemServices = { ctx, maskingThreads: opts.maskingThreads ?? 1 };
  const handlers = buildHandlers(services);
  const metrics = new Metrics(handle.db, now);
  // for `zhiping backup` on this machine while the server holds the embedded database (server.ts writes it)
  const localToken = crypto.randomBytes(24).toString('hex');
  const runner = new JobRunner({
    onSettled: (job, outcome, seconds, waited) => metrics.jobSettled(job.name, job.lane, waited, seconds, outcome),
    db: handle.db,
    handlers,
    now: ctx.now,
    concurrency: opts.jobConcurrency ?? 1,
    log: (m, e) => (e === undefined ? console.error(m) : console.error(m, e)),
    exclusive: handle.kind === 'pglite',
  });
  if (opts.runJobs !== false) {
    // Issue 9 item 12: the daily collection; today's run is kept if it exists, so a restart is safe.
    await scheduleRetentionSweep(handle.db, ctx.now());
    runner.start();
  }
  // Jobs queued by any process (another web process, a worker) wake this one's idle loops at once.
  const unlisten = opts.runJobs !== false && handle.listen ? await handle.listen(JOBS_CHANNEL, () => runner.poke()) : null;
  const app = await buildApp({
    ctx,
    webDist: path.join(root, 'web', 'dist'),
    logger: opts.logger ?? false,
    dbKind: handle.kind,
    metrics,
    localAdmin: handle.dumpEmbedded
      ? { token: localToken, backup: async (out) => writeBackup(out, await handle.dumpEmbedded!(), blobs, now()) }
      : undefined,
    demo: demo ? { password: DEMO_PASSWORD, accounts: DEMO_ACCOUNTS.map((a) => ({ username: a.username, label: a.label })) } : null,
  });
  app.addHook('onResponse', async (req) => {
    if (req.method !== 'GET') runner.poke();
  });
  return {
    app,
    ctx,
    runner,
    dataDir,
    dbKind: handle.kind,
    demo,
    demoSeeded,
    localToken: handle.dumpEmbedded ? localToken : null,
    openDemoAccounts,
    async close() {
      await app.close();
      await unlisten?.();
      await runner.stop();
      await services.close?.();
      await handle.close();
      blobs.close?.();
    },
  };
}
