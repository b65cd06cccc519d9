// `npm run bench:lists` (issue 11 "Work in bulk", issue 13 item 5): fills 100 and then 10,000 files
// at one recommending unit and times each list's first page, a filtered page, searches and a deep
// page through the whole HTTP stack (app.inject, session, schema, serialiser), beside two baselines
// measured in the same run: a bare `select 1` round trip and GET /api/health. Ends with the search
// line (all search cases, 10,000 ÷ 100) over the baseline's, and /api/health while the 10,000-row
// applicants.xlsx export runs (issue 13 item 9).
//   embedded PGlite by default; DATABASE_URL=postgres://… runs on a fresh database of that server
//   --runs N   timed requests per case (default 40, after 5 warm-up requests)
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { migrateToLatest, openDatabase } from '../src/db/connection';
import { seedDemoData } from '../src/db/seed';
import { buildApp } from '../src/http/app';
import { FileBlobStore } from '../src/storage/blob-store';
import { insertBulkFiles } from '../test/support/bulk-files';

const { values: argv } = parseArgs({ options: { runs: { type: 'string', default: '40' } } });
const RUNS = Number(argv.runs);
const WARMUP = 5;

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'zhiping-bench-lists-'));
const serverUrl = process.env.DATABASE_URL;
const SIZES = [100, 10_000] as const;

/** One system (database, app, sessions) holding `size` files at the demo unit. */
async function system(size: number) {
  let dbUrl: string | undefined;
  let dropDb: (() => Promise<void>) | undefined;
  if (serverUrl) {
    const pg = (await import('pg')).default;
    const name = `zp_bench_lists_${crypto.randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const u = new URL(serverUrl);
    u.pathname = `/${name}`;
    dbUrl = u.toString();
    dropDb = async () => {
      const a = new pg.Client({ connectionString: serverUrl });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.end();
    };
  }
  const handle = await openDatabase(dbUrl ? { databaseUrl: dbUrl } : { dataDir: path.join(tmp, `db-${size}`) });
  await migrateToLatest(handle.db);
  await seedDemoData(handle.db, { years: [2026], openYears: [2026] });
  const app = await buildApp({ ctx: { db: handle.db, blobs: new FileBlobStore(path.join(tmp, `blobs-${size}`)), now: () => new Date('2026-03-10T02:00:00Z') }, dbKind: handle.kind });
  await app.ready();
  // statuses in turn: the unit sees all, the competent unit from unit_recommended on, the committee from accepted on
  await insertBulkFiles(handle.db, size, { statuses: ['submitted', 'in_publicity', 'unit_recommended', 'competent_recommended', 'accepted'], specialties: ['临床医学', '护理'] });
  // names the search must find inside: a 2-character name and the middle of a long Uyghur name
  await handle.db.updateTable('appUser').set({ displayName: '李娜' }).where('username', '=', 'bulk-77').execute();
  await handle.db.updateTable('appUser').set({ displayName: '叶尔兰·努尔哈力·吐尔逊' }).where('username', '=', 'bulk-78').execute();
  await sql`analyze`.execute(handle.db);
  async function login(username: string) {
    const r = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: 'Zhiping@2026' } });
    const set = r.headers['set-cookie'];
    const c = (Array.isArray(set) ? set : [set]).find((x) => typeof x === 'string' && x.startsWith('zp_session='));
    if (!c) throw new Error(`login ${username}: ${r.statusCode}`);
    return (c as string).split(';')[0];
  }
  const cookies = { unit: await login('unit'), competent: await login('competent'), committee: await login('committee'), bureau: await login('bureau') };
  const unitId = (await handle.db.selectFrom('organisation').select('id').where('code', '=', 'hosp').executeTakeFirstOrThrow()).id;
  return {
    size,
    handle,
    app,
    unitId,
    cookies,
    get(who: keyof typeof cookies, url: string, check?: (total: number) => boolean) {
      return async () => {
        const r = await app.inject({ method: 'GET', url, headers: { cookie: cookies[who] } });
        if (r.statusCode !== 200) throw new Error(`${url}: ${r.statusCode} ${r.body.slice(0, 200)}`);
        if (check && !check(r.json().total)) throw new Error(`${url}: total ${r.json().total}`);
      };
    },
    async close() {
      await app.close();
      await handle.close();
      await dropDb?.();
    },
  };
}
type System = Awaited<ReturnType<typeof system>>;

const systems = [await system(SIZES[0]), await system(SIZES[1])];

/** Times `fns[k]` (one per system) interleaved, so a load spike on this shared machine hits every size alike. */
async function time(fns: Array<() => Promise<void>>) {
  for (let i = 0; i < WARMUP; i++) for (const fn of fns) await fn();
  const ms: number[][] = fns.map(() => []);
  for (let i = 0; i < RUNS; i++) {
    for (const [k, fn] of fns.entries()) {
      const t = process.hrtime.bigint();
      await fn();
      ms[k].push(Number(process.hrtime.bigint() - t) / 1e6);
    }
  }
  return ms.map((xs) => {
    xs.sort((a, b) => a - b);
    return { p50: xs[Math.floor(xs.length / 2)], p95: xs[Math.min(xs.length - 1, Math.floor(xs.length * 0.95))] };
  });
}

const CASES: Array<[string, (s: System) => () => Promise<void>]> = [
  ['baseline: select 1', (s) => async () => void (await sql`select 1`.execute(s.handle.db))],
  ['baseline: GET /api/health', (s) => async () => void (await s.app.inject({ method: 'GET', url: '/api/health' }))],
  ['unit: first page (20)', (s) => s.get('unit', '/api/unit/applications', (n) => n === s.size)],
  ['unit: first page (100)', (s) => s.get('unit', '/api/unit/applications?pageSize=100')],
  ['unit: status filter', (s) => s.get('unit', '/api/unit/applications?status=in_publicity', (n) => n === s.size / 5)],
  ['unit: sort by name', (s) => s.get('unit', '/api/unit/applications?sort=applicantName')],
  ['unit: search name', (s) => s.get('unit', `/api/unit/applications?q=${encodeURIComponent('批量42')}`, (n) => n >= 1)],
  ['unit: search 2-char name', (s) => s.get('unit', `/api/unit/applications?q=${encodeURIComponent('李娜')}`, (n) => n === 1)],
  ['unit: search mid long name', (s) => s.get('unit', `/api/unit/applications?q=${encodeURIComponent('努尔哈力')}`, (n) => n === 1)],
  ['unit: search ID start', (s) => s.get('unit', '/api/unit/applications?q=65400219800000004', (n) => n >= 1)],
  ['unit: search file code', (s) => s.get('unit', '/api/unit/applications?q=2026-WS-0042', (n) => n === 1)],
  ['unit: last page', (s) => s.get('unit', `/api/unit/applications?page=${Math.ceil(s.size / 20)}`)],
  ['competent: first page', (s) => s.get('competent', '/api/competent/applications')],
  ['committee: first page', (s) => s.get('committee', '/api/committee/applications')],
  ['committee: unit + search', (s) => s.get('committee', `/api/committee/applications?unitId=${s.unitId}&q=${encodeURIComponent('王')}`)],
];

const results = new Map<string, Array<{ p50: number; p95: number }>>();
for (const [name, make] of CASES) results.set(name, await time(systems.map(make)));

const pad = (s: string, n: number) => s + ' '.repeat(Math.max(0, n - [...s].reduce((w, ch) => w + (ch.charCodeAt(0) > 0x2e80 ? 2 : 1), 0)));
console.log(`\nlists on ${systems[0].handle.kind}, ${RUNS} requests per case after ${WARMUP} warm-up, sizes interleaved; p50 / p95 in ms\n`);
console.log(`${pad('case', 30)}${pad('100 files', 18)}${pad('10,000 files', 18)}p50 10,000 ÷ 100`);
for (const [name, [a, b]] of results) {
  console.log(`${pad(name, 30)}${pad(`${a.p50.toFixed(2)} / ${a.p95.toFixed(2)}`, 18)}${pad(`${b.p50.toFixed(2)} / ${b.p95.toFixed(2)}`, 18)}${(b.p50 / a.p50).toFixed(2)}×`);
}

// The search line of issue 13 item 5: every search case together, beside the baseline round trip.
const sum = (names: string[], k: number) => names.reduce((t, n) => t + results.get(n)![k].p50, 0);
const searches = [...results.keys()].filter((n) => n.includes('search'));
const base = ['baseline: select 1'];
console.log(`\nsearch (${searches.length} cases, sum of p50): 10,000 ÷ 100 = ${(sum(searches, 1) / sum(searches, 0)).toFixed(2)}×`);
console.log(`baseline (select 1, p50):              10,000 ÷ 100 = ${(sum(base, 1) / sum(base, 0)).toFixed(2)}×`);

// Issue 13 item 9: /api/health while the 10,000-row applicants.xlsx export runs. Both go through the
// same event loop (app.inject), so a health answer is late exactly when the export holds the loop.
{
  const s = systems[1];
  const health = async () => {
    const t = process.hrtime.bigint();
    await s.app.inject({ method: 'GET', url: '/api/health' });
    return Number(process.hrtime.bigint() - t) / 1e6;
  };
  const idle: number[] = [];
  for (let i = 0; i < 200; i++) idle.push(await health());
  const during: number[] = [];
  let exporting = true;
  const t0 = process.hrtime.bigint();
  const exported = s.app
    .inject({ method: 'GET', url: '/api/bureau/dashboard/applicants.xlsx', headers: { cookie: s.cookies.bureau } })
    .then((r) => {
      exporting = false;
      if (r.statusCode !== 200) throw new Error(`applicants.xlsx: ${r.statusCode} ${r.body.slice(0, 200)}`);
      return { bytes: r.rawPayload.length, ms: Number(process.hrtime.bigint() - t0) / 1e6 };
    });
  while (exporting) {
    during.push(await health());
    await new Promise((r) => setTimeout(r, 5));
  }
  const ex = await exported;
  const q = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil((p / 100) * xs.length) - 1)]!;
  console.log(`\napplicants.xlsx at ${s.size.toLocaleString('en')} files: ${ex.ms.toFixed(0)} ms, ${(ex.bytes / 1024).toFixed(0)} KB`);
  console.log(`/api/health during it (${during.length} samples): p50 ${q(during, 50).toFixed(2)} ms, p99 ${q(during, 99).toFixed(2)} ms, max ${Math.max(...during).toFixed(2)} ms (target p99 < 50 ms)`);
  console.log(`/api/health idle, same system (200 samples): p50 ${q(idle, 50).toFixed(2)} ms, p99 ${q(idle, 99).toFixed(2)} ms`);
}

for (const s of systems) await s.close();
fs.rmSync(tmp, { recursive: true, force: true });
