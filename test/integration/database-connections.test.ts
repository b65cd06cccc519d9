// The database handle against its server: on PostgreSQL an idle connection the server ends (a
// restart, an administrator) neither ends the process nor fails the next query, and close() returns
// only when every connection has closed (a database dropped right after finds none to end). On the
// embedded database the handle closes and the folder can be opened again.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/connection';

const adminUrl = process.env.DATABASE_URL;
const cleanups: Array<() => Promise<void> | void> = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

async function adminQuery<R>(query: string, params: unknown[] = []): Promise<R[]> {
  const pg = (await import('pg')).default;
  const c = new pg.Client({ connectionString: adminUrl });
  await c.connect();
  try {
    return (await c.query(query, params)).rows as R[];
  } finally {
    await c.end();
  }
}

/** A fresh database of its own (PostgreSQL) or folder (embedded). */
async function freshDatabase(): Promise<{ databaseUrl?: string; dataDir?: string; name?: string }> {
  if (!adminUrl) {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'zhiping-connections-'));
    cleanups.push(() => fs.rmSync(dataDir, { recursive: true, force: true }));
    return { dataDir };
  }
  const name = `zp_connections_${crypto.randomBytes(5).toString('hex')}`;
  await adminQuery(`CREATE DATABASE ${name}`);
  cleanups.push(async () => void (await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)));
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  return { databaseUrl: u.toString(), name };
}

const connectionsTo = async (name: string) =>
  Number((await adminQuery<{ n: string }>('select count(*) as n from pg_stat_activity where datname = $1', [name]))[0]!.n);

describe('the database handle', () => {
  it('answers the next query after the server ended its idle connections, and closes only once they are closed', async () => {
    const where = await freshDatabase();
    const h = await openDatabase(where);
    const one = async () => (await sql<{ n: number }>`select 1 as n`.execute(h.db)).rows[0]!.n;
    // a few connections in the pool at once
    expect(await Promise.all([one(), one(), one()])).toEqual([1, 1, 1]);
    if (where.name) {
      const ended = await adminQuery<{ ok: boolean }>('select pg_terminate_backend(pid) as ok from pg_stat_activity where datname = $1', [where.name]);
      expect(ended.length).toBeGreaterThan(0);
      // the pool hears of it (an 'error' on each idle connection), then the next query opens a new one
      await expect.poll(() => one().catch(() => 0), { timeout: 10_000 }).toBe(1);
      expect(await connectionsTo(where.name)).toBeGreaterThan(0);
    }
    await h.close();
    if (where.name) expect(await connectionsTo(where.name)).toBe(0);
    else {
      // the embedded folder is free again: a second open would be refused while the first held it
      const again = await openDatabase(where);
      expect(await (async () => (await sql<{ n: number }>`select 1 as n`.execute(again.db)).rows[0]!.n)()).toBe(1);
      await again.close();
    }
  });
});
