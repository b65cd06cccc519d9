// Migrate and seed once (STYLE §8), then every test file clones it: a copy of the PGlite folder,
// or CREATE DATABASE … TEMPLATE on PostgreSQL when DATABASE_URL is set.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { migrateToLatest, openDatabase } from '../../src/db/connection';
import { seedDemoData } from '../../src/db/seed';
import { TEST_YEARS, TEMPLATE_DB } from './constants';

export default async function setup(project: TestProject) {
  const url = process.env.DATABASE_URL;
  if (url) {
    const pg = (await import('pg')).default;
    // One template per run: two runs on the same server (two engineers, or a run beside CI) never
    // drop or migrate each other's template.
    const name = `${TEMPLATE_DB}_${crypto.randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const u = new URL(url);
    u.pathname = `/${name}`;
    const h = await openDatabase({ databaseUrl: u.toString() });
    await migrateToLatest(h.db);
    await seedDemoData(h.db, { years: TEST_YEARS, openYears: TEST_YEARS });
    await h.close();
    project.provide('templateDatabaseUrl', u.toString());
    project.provide('templateDir', '');
    return async () => {
      const a = new pg.Client({ connectionString: url });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.end();
    };
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zhiping-template-'));
  const h = await openDatabase({ dataDir: dir });
  await migrateToLatest(h.db);
  await seedDemoData(h.db, { years: TEST_YEARS, openYears: TEST_YEARS });
  await h.close();
  project.provide('templateDir', dir);
  project.provide('templateDatabaseUrl', '');
  return () => fs.rmSync(dir, { recursive: true, force: true });
}

declare module 'vitest' {
  export interface ProvidedContext {
    templateDir: string;
    templateDatabaseUrl: string;
  }
}
