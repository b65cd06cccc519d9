// Issue 13 items 2 and 4: the deployment for the deadline — PostgreSQL, an S3-compatible object
// store, two web processes that run no jobs and two `zhiping jobs` workers, each process with its
// own data folder (no shared disk). Pages uploaded through the web process are detected by both
// workers, and every proposal arrives. Needs DATABASE_URL (a PostgreSQL server); `.ci/run` runs it.
import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiSession, APPLICANT_PASSWORD, registerAndLogin } from '../e2e/support/api-flow';
import { makeJpeg, uploadFields, validSections } from '../support/declaration-fixture';
import { validIdNumber } from '../support/id-numbers';
import { startTestS3, TEST_S3_CREDENTIALS, type TestS3 } from '../support/s3-server';

const root = path.resolve(import.meta.dirname, '..', '..');
const adminUrl = process.env.DATABASE_URL;
if (!adminUrl) throw new Error('the cluster test needs a PostgreSQL server: set DATABASE_URL (see README, 测试)');

interface Proc {
  name: string;
  child: ChildProcess;
  out: string[];
  dataDir: string;
}

const procs: Proc[] = [];
let s3: TestS3;
let dbName: string;
let dbUrl: string;
let baseURL: string;
/** the second web process behind the same (imagined) load balancer */
let baseURL2: string;

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

function start(name: string, args: string[], env: Record<string, string>): Proc {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `zhiping-${name}-`));
  const child = spawn(process.execPath, [path.join(root, 'bin', 'zhiping.mjs'), ...args], {
    cwd: root,
    env: {
      ...process.env,
      DATABASE_URL: dbUrl,
      ZHIPING_DATA_DIR: dataDir,
      ZHIPING_DEMO: '0',
      ZHIPING_S3_BUCKET: s3.bucket,
      ZHIPING_S3_ENDPOINT: s3.endpoint,
      ZHIPING_S3_ACCESS_KEY: TEST_S3_CREDENTIALS.accessKeyId,
      ZHIPING_S3_SECRET_KEY: TEST_S3_CREDENTIALS.secretAccessKey,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const p: Proc = { name, child, out: [], dataDir };
  child.stdout!.on('data', (d) => p.out.push(String(d)));
  child.stderr!.on('data', (d) => p.out.push(String(d)));
  procs.push(p);
  return p;
}

async function waitFor<T>(what: string, probe: () => Promise<T | undefined | false>, timeoutMs: number): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe().catch(() => undefined);
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}\n${procs.map((p) => `--- ${p.name}\n${p.out.join('').slice(-2000)}`).join('\n')}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

const started = (p: Proc, text: string) => waitFor(`${p.name} to start`, async () => p.out.join('').includes(text), 120_000);

async function sql<R extends pg.QueryResultRow = any>(q: string, params: unknown[] = []): Promise<R[]> {
  const c = new pg.Client({ connectionString: dbUrl });
  await c.connect();
  try {
    return (await c.query<R>(q, params)).rows;
  } finally {
    await c.end();
  }
}

beforeAll(async () => {
  s3 = await startTestS3(`cluster-${crypto.randomBytes(4).toString('hex')}`);
  dbName = `zp_cluster_${crypto.randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${dbName}`);
  await admin.end();
  const u = new URL(adminUrl!);
  u.pathname = `/${dbName}`;
  dbUrl = u.toString();

  const port = await freePort();
  baseURL = `http://127.0.0.1:${port}`;
  const web = start('web', ['serve'], { PORT: String(port), HOST: '127.0.0.1', ZHIPING_RUN_JOBS: '0' });
  await started(web, '职评已启动');
  const port2 = await freePort();
  baseURL2 = `http://127.0.0.1:${port2}`;
  const web2 = start('web-2', ['serve'], { PORT: String(port2), HOST: '127.0.0.1', ZHIPING_RUN_JOBS: '0' });
  await started(web2, '职评已启动');
  // the units a real installation imports (issue 10); here as the administrator's import would leave them
  const [competent] = await sql<{ id: number }>(`insert into organisation (code, name, kind) values ('c-health', '伊犁哈萨克自治州卫生健康委员会', 'competent') returning id`);
  await sql(`insert into organisation (code, name, kind, parent_id, aliases) values ('u-hosp', '伊犁哈萨克自治州人民医院', 'recommending', $1, '{州人民医院}')`, [competent.id]);
  for (const n of ['worker-1', 'worker-2']) {
    start(n, ['jobs'], { ZHIPING_MASKING_THREADS: '1', ZHIPING_JOB_CONCURRENCY: '1' });
  }
  await Promise.all(procs.filter((p) => p.name.startsWith('worker')).map((p) => started(p, '作业进程已启动')));
}, 240_000);

afterAll(async () => {
  await Promise.all(
    procs.map(
      (p) =>
        new Promise<void>((resolve) => {
          if (p.child.exitCode !== null) return resolve();
          p.child.once('exit', () => resolve());
          p.child.kill('SIGTERM');
          setTimeout(() => p.child.kill('SIGKILL'), 20_000).unref();
        }),
    ),
  );
  for (const p of procs) fs.rmSync(p.dataDir, { recursive: true, force: true });
  if (dbName) {
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    await admin.end();
  }
  await s3?.close();
}, 60_000);

describe('web process + two job workers on PostgreSQL and an object store, no shared disk', () => {
  it('spreads the detection of uploaded pages over both workers and every proposal arrives', async () => {
    const idNumber = validIdNumber('654002', '19880412', 21);
    const c = new ApiSession(baseURL);
    await registerAndLogin(c, { idNumber, name: '古丽米拉·艾买提', mobile: '13800138000', password: APPLICANT_PASSWORD });
    const cat = await c.get('/api/catalog');
    const hosp = cat.recommendingUnits.find((u: { name: string }) => u.name === '伊犁哈萨克自治州人民医院');
    const spec = cat.specialties.find((s: { name: string }) => s.name === '临床医学');
    const year = cat.years.find((y: { isOpen: boolean }) => y.isOpen).year;
    const { id } = await c.post('/api/applicant/applications', { year, specialtyId: spec.id, level: 'middle', recommendingOrgId: hosp.id });
    let version: number = (await c.get(`/api/applicant/applications/${id}`)).application.version;
    const sections = validSections({ name: '古丽米拉·艾买提', idNumber, birthDate: '1988-04-12', sex: '男' });
    version = (await c.put(`/api/applicant/applications/${id}/sections/A11`, { version, data: sections.A11 })).version;
    expect(version).toBeGreaterThan(0);

    // the same session on the other web process: sessions live in the database
    const c2 = new ApiSession(baseURL2);
    c2.cookie = c.cookie;
    const pages = 8;
    for (let i = 0; i < pages; i++) {
      const rowId = `A11-${i % 3}`;
      // uploads alternate between the two web processes, as a load balancer would send them
      await (i % 2 ? c2 : c).upload(`/api/applicant/applications/${id}/attachments`, uploadFields({ sectionCode: 'A11', rowId, slot: 'form' }), {
        name: `考核表-${i}.jpg`,
        bytes: await makeJpeg(900 + i * 10, 1200),
      });
    }
    // every page leaves detection (proposed, or 无需遮盖 when nothing was found) through the web process's API
    const items = await waitFor(
      'every proposal',
      async () => {
        const list = (await c.get(`/api/applicant/applications/${id}/masking`)).items as Array<{ id: number; maskStatus: string }>;
        const mine = list.filter((a) => a.maskStatus !== undefined);
        return mine.length >= pages && mine.every((a) => a.maskStatus === 'proposed' || a.maskStatus === 'not_needed') ? mine : false;
      },
      300_000,
    );
    expect(items.filter((a) => a.maskStatus === 'proposed').length).toBeGreaterThanOrEqual(1);

    // who ran them: the job rows name the worker process (host|boot|pid|start|random)
    const jobs = await sql<{ locked_by: string; status: string }>(`select locked_by, status from job where name = 'mask_detect'`);
    expect(jobs.length).toBe(pages);
    expect(jobs.every((j) => j.status === 'done')).toBe(true);
    const pids = new Set(jobs.map((j) => Number(j.locked_by.split('|')[2])));
    const workerPids = procs.filter((p) => p.name.startsWith('worker')).map((p) => p.child.pid);
    for (const web of procs.filter((p) => p.name.startsWith('web'))) expect(pids.has(web.child.pid!)).toBe(false);
    for (const w of workerPids) expect(pids.has(w!), `worker ${w} took no job; pids seen: ${[...pids].join(',')}`).toBe(true);

    // no process kept the bytes on its own disk: they are in the object store
    for (const p of procs) expect(fs.existsSync(path.join(p.dataDir, 'blobs')), p.name).toBe(false);
    const page = items[0]!;
    const img = await c.bytes(`/api/attachments/${page.id}/original`);
    expect(img.status).toBe(200);
    expect(img.body.subarray(0, 2).toString('hex')).toBe('ffd8');
    // a page uploaded through web-2 is served by web-1: the bytes are in the object store
    const viaOther = await c2.bytes(`/api/attachments/${items[1]!.id}/original`);
    expect(viaOther.status).toBe(200);
  }, 420_000);

  it('counts failed logins across both web processes: the limit holds whichever process answers', async () => {
    const idNumber = validIdNumber('654002', '19890101', 41);
    const c = new ApiSession(baseURL);
    await registerAndLogin(c, { idNumber, name: '马小兰', mobile: '13800138001', password: APPLICANT_PASSWORD });
    // five wrong passwords (the account limit), alternating between the processes
    for (let i = 0; i < 5; i++) {
      const s = new ApiSession(i % 2 ? baseURL2 : baseURL);
      await s.json('POST', '/api/auth/login', { username: idNumber, password: 'wrong-password-1' }, [401, 429]);
    }
    // now even the right password is refused on either process until the pause ends
    for (const base of [baseURL, baseURL2]) {
      const res = await fetch(`${base}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: base },
        body: JSON.stringify({ username: idNumber, password: APPLICANT_PASSWORD }),
      });
      expect(res.status, base).toBe(429);
      expect((await res.json()).code).toBe('LOGIN_LOCKED');
    }
  });
});
