// A real system per test file: a clone of the migrated template database, a temp blob folder,
// a movable clock, and the Fastify app for inject().
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { inject } from 'vitest';
import { openDatabase } from '../../src/db/connection';
import { buildApp } from '../../src/http/app';
import { FileBlobStore } from '../../src/storage/blob-store';
import type { ServiceContext } from '../../src/services/service-context';
import { JobRunner } from '../../src/jobs/runner';
import { buildHandlers, type SystemServices } from '../../src/jobs/handlers';
import { watchDroppedFields } from './dropped-fields';

export interface TestClock {
  now(): Date;
  set(d: Date | string): void;
  advance(ms: number): void;
}

export function makeClock(start = '2026-03-02T02:00:00Z'): TestClock {
  let t = new Date(start).getTime();
  return {
    now: () => new Date(t),
    set: (d) => void (t = new Date(d).getTime()),
    advance: (ms) => void (t += ms),
  };
}

export async function createTestSystem(opts: { clock?: TestClock } = {}) {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'zhiping-test-'));
  const templateUrl = inject('templateDatabaseUrl');
  let dbUrl: string | undefined;
  let dropDb: (() => Promise<void>) | undefined;
  if (templateUrl) {
    const pg = (await import('pg')).default;
    const name = `zp_test_${crypto.randomBytes(5).toString('hex')}`;
    const adminUrl = process.env.DATABASE_URL!;
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${new URL(templateUrl).pathname.slice(1)}`);
    await admin.end();
    const u = new URL(adminUrl);
    u.pathname = `/${name}`;
    dbUrl = u.toString();
    dropDb = async () => {
      const a = new pg.Client({ connectionString: adminUrl });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.end();
    };
  } else {
    fs.cpSync(inject('templateDir'), path.join(tmp, 'db'), { recursive: true });
    fs.rmSync(path.join(tmp, 'db', 'zhiping.lock'), { force: true });
  }
  const handle = await openDatabase(dbUrl ? { databaseUrl: dbUrl } : { dataDir: path.join(tmp, 'db') });
  const clock = opts.clock ?? makeClock();
  const ctx: ServiceContext = { db: handle.db, blobs: new FileBlobStore(path.join(tmp, 'blobs')), now: clock.now };
  const services: SystemServices = { ctx, maskingThreads: 1 };
  const runner = new JobRunner({ db: handle.db, handlers: buildHandlers(services), now: clock.now });
  const app = await buildApp({ ctx, dbKind: handle.kind });
  const droppedFields = watchDroppedFields(app);
  await app.ready();
  return {
    app,
    ctx,
    db: handle.db,
    /** The PGlite data folder (null on PostgreSQL), for tests that read it as an attacker would. */
    dataDir: dbUrl ? null : path.join(tmp, 'db'),
    clock,
    runner,
    services,
    async close() {
      await app.close();
      await services.close?.();
      await handle.close();
      await dropDb?.();
      fs.rmSync(tmp, { recursive: true, force: true });
      // a response schema that lacks a field its handler sent (see dropped-fields.ts)
      if (droppedFields.length) throw new Error(`response schemas dropped fields:\n${[...new Set(droppedFields)].join('\n')}`);
    },
  };
}
export type TestSystem = Awaited<ReturnType<typeof createTestSystem>>;
