// Demo accounts never in production (issue 9, item 2): a start without demo mode creates reference
// data and no account, the login page is told there is nothing to list, and the first
// administrator comes from the command line. Each test starts the real system on an empty database.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSystem } from '../../../src/system';
import { DEMO_PASSWORD } from '../../../src/db/seed';
import { runAdminCommand } from '../../../src/cli-admin';
import { loginAs, type Res } from '../../support/http-client';

const onPostgres = !!process.env.DATABASE_URL;
const cleanups: Array<() => Promise<void>> = [];
afterAll(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

/** An empty database: a fresh folder, or a new database on the PostgreSQL server. */
async function emptyDatabase(): Promise<{ dataDir: string; databaseUrl?: string }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'zhiping-start-'));
  cleanups.push(async () => fs.rmSync(dataDir, { recursive: true, force: true }));
  if (!onPostgres) return { dataDir };
  const pg = (await import('pg')).default;
  const name = `zp_start_${crypto.randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  cleanups.push(async () => {
    const a = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await a.connect();
    await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await a.end();
  });
  const u = new URL(process.env.DATABASE_URL!);
  u.pathname = `/${name}`;
  return { dataDir, databaseUrl: u.toString() };
}

async function start(demo: boolean) {
  const sys = await startSystem({ ...(await emptyDatabase()), demo, runJobs: false, now: () => new Date('2026-03-02T02:00:00Z') });
  cleanups.push(() => sys.close());
  return sys;
}

const count = async (sys: Awaited<ReturnType<typeof start>>, table: 'appUser' | 'organisation' | 'specialty' | 'policyYear') =>
  Number((await sys.ctx.db.selectFrom(table).select(({ fn }) => fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);

describe('a start without demo mode', () => {
  let sys: Awaited<ReturnType<typeof start>>;
  beforeAll(async () => {
    sys = await start(false);
  });

  it('creates no account, only the reference data, and the login page lists nothing', async () => {
    expect(await count(sys, 'appUser')).toBe(0);
    expect(await count(sys, 'specialty')).toBe(5);
    expect(await count(sys, 'policyYear')).toBe(2);
    const orgs = await sys.ctx.db.selectFrom('organisation').select(['code', 'kind']).orderBy('id').execute();
    expect(orgs.map((o) => o.kind).sort()).toEqual(['bureau', 'committee', 'committee']);
    const demo = await sys.app.inject({ method: 'GET', url: '/api/auth/demo' });
    expect(demo.json()).toEqual({ demo: false, password: null, accounts: [] });
    const bureau = await sys.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'bureau', password: DEMO_PASSWORD } });
    expect(bureau.statusCode).toBe(401);
  });

  it('opens to the first administrator created with `zhiping admin create`, after the password change', async () => {
    const out: string[] = [];
    expect(await runAdminCommand(['create', 'hradmin', '--name', '阿不都·热依木'], sys.ctx.db, { out: (t) => out.push(t), err: (t) => out.push(t) })).toBe(0);
    const password = /一次性密码：(\S+)/.exec(out.join('\n'))![1];
    const admin = await loginAs(sys.app, 'hradmin', password);
    const me = (await admin.get('/api/me')).json().user;
    expect(me).toMatchObject({ displayName: '阿不都·热依木', mustChangePassword: true, roles: [{ role: 'bureau_admin', roleLabel: '州人社局管理员' }] });
    expect((await admin.get('/api/bureau/entrustments')).json().code).toBe('PASSWORD_CHANGE_REQUIRED');
    const changed = (await admin.post('/api/auth/password', { currentPassword: password, newPassword: 'Ili2027admin' })) as Res;
    expect(changed.statusCode).toBe(200);
    const again = await loginAs(sys.app, 'hradmin', 'Ili2027admin');
    expect((await again.get('/api/bureau/entrustments')).statusCode).toBe(200);
  });
});

describe('demo mode', () => {
  // The same test on both databases (CI runs this file on each): the embedded one gets the demo
  // accounts when asked; a PostgreSQL server never does, even when asked.
  it('seeds the demo accounts on the embedded database only, and the login page lists them only then', async () => {
    const sys = await start(true);
    const demo = (await sys.app.inject({ method: 'GET', url: '/api/auth/demo' })).json();
    if (onPostgres) {
      expect(sys.demo).toBe(false);
      expect(await count(sys, 'appUser')).toBe(0);
      expect(demo.demo).toBe(false);
      return;
    }
    expect(await count(sys, 'appUser')).toBe(11);
    expect(demo).toMatchObject({ demo: true, password: DEMO_PASSWORD });
    expect(demo.accounts.map((a: { username: string }) => a.username)).toContain('bureau');
    expect((await loginAs(sys.app, 'bureau')).cookie).toMatch(/^zp_session=/);
  });
});
