// `npm run bench:surge` (issue 13 items 7 and 8): the deadline surge against a bare Fastify baseline
// measured in the same run. Applicants register, sign in, open an application, save its 13 sections
// and upload A4 scans (2 MB JPEGs) at a fixed number of connections; then uploads go on at full
// speed while masking works through the backlog; then the backlog drains. Printed beside the bare
// figures (bench/bare-server.mjs: JSON GET, and the same 2 MB multipart body streamed to disk):
//   upload req/s, p50, p99 and their ratio to bare; section save p50/p99; /api/health p99 during the
//   surge; masking pages/min (and CPU seconds per page, from /proc); the time from the last upload
//   to the last proposal. The machine's load average is printed with every figure.
//
//   npm run bench:surge                       one process, embedded PGlite, local files
//   DATABASE_URL=postgres://… npm run bench:surge -- --mode cluster
//                                             web (no jobs) + 2 `zhiping jobs` workers on a fresh
//                                             database of that server and an S3 server (s3rver)
//   --applicants N (30)  --connections C (10)  --pages P per applicant (5)  --seconds S (10, each
//   timed phase)  --drain-minutes M (20: stop waiting for the backlog then, and say how much was left)
//   --json (one JSON line at the end as well)
//
// Everything talks to 127.0.0.1. The load comes from this process (fetch, a pool of C connections),
// on the same cores as the servers: both sides of every ratio pay that alike.
import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import sharp from 'sharp';
import { validSections } from '../test/support/declaration-fixture';
import { validIdNumber } from '../test/support/id-numbers';
import { startTestS3, TEST_S3_CREDENTIALS, type TestS3 } from '../test/support/s3-server';

const { values: argv } = parseArgs({
  options: {
    mode: { type: 'string', default: 'one' },
    applicants: { type: 'string', default: '30' },
    connections: { type: 'string', default: '10' },
    pages: { type: 'string', default: '5' },
    seconds: { type: 'string', default: '10' },
    json: { type: 'boolean', default: false },
    'drain-minutes': { type: 'string', default: '20' },
  },
});
const MODE = argv.mode === 'cluster' ? 'cluster' : 'one';
const APPLICANTS = Number(argv.applicants);
const CONNECTIONS = Number(argv.connections);
const PAGES = Number(argv.pages);
const SECONDS = Number(argv.seconds);
const DRAIN_LIMIT_MS = Number(argv['drain-minutes']) * 60_000;
const PASSWORD = 'Secret#2026';
const root = path.resolve(import.meta.dirname, '..');

// ---------- measuring ----------

const load = () => os.loadavg().map((l) => l.toFixed(2)).join(' ');
const pct = (xs: number[], p: number) => {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
};
const ms = (x: number) => (Number.isFinite(x) ? `${Math.round(x)} ms` : '—');
const results: Record<string, unknown> = { mode: MODE, cores: os.availableParallelism(), applicants: APPLICANTS, connections: CONNECTIONS, pagesEach: PAGES };
function report(key: string, text: string, value: unknown) {
  results[key] = value;
  console.log(`${text.padEnd(78)} load ${load()}`);
}

interface Timed {
  count: number;
  errors: number;
  seconds: number;
  latencies: number[];
}

/** `fn` over and over from `connections` loops for `seconds`; each call's time is one latency. */
async function timed(connections: number, seconds: number, fn: (loop: number) => Promise<boolean>): Promise<Timed> {
  const latencies: number[] = [];
  let errors = 0;
  const t0 = performance.now();
  const end = t0 + seconds * 1000;
  await Promise.all(
    Array.from({ length: connections }, async (_, loop) => {
      while (performance.now() < end) {
        const t = performance.now();
        const ok = await fn(loop).catch(() => false);
        if (ok) latencies.push(performance.now() - t);
        else errors++;
      }
    }),
  );
  return { count: latencies.length, errors, seconds: (performance.now() - t0) / 1000, latencies };
}
const rps = (t: Timed) => t.count / t.seconds;

// ---------- the 2 MB pages ----------

/** An A4 page at 300 dpi (2480×3508): lines of text on paper with scanner noise, ~2 MB as JPEG. */
async function scans(n: number): Promise<Buffer[]> {
  const W = 2480;
  const H = 3508;
  let lines = '';
  for (let y = 200; y < H - 200; y += 60) {
    lines += `<text x="150" y="${y}" font-size="36" font-family="Noto Sans CJK SC">伊犁哈萨克自治州人民医院 年度考核登记表 第${y}行 姓名 张三 身份证号 654002198801010011 单位意见 合格</text>`;
  }
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}"><rect width="100%" height="100%" fill="#f3efe6"/>${lines}</svg>`;
  const base = await sharp(Buffer.from(svg)).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const noise = await sharp({ create: { width: W, height: H, channels: 3, background: '#000', noise: { type: 'gaussian', mean: 0, sigma: 8 } } }).raw().toBuffer();
  const px = base.data;
  for (let i = 0; i < px.length; i++) px[i] = Math.min(255, px[i]! + noise[i]!);
  const out: Buffer[] = [];
  for (let k = 0; k < n; k++) {
    // a different mark on each page, so the pages (and their hashes) differ
    const page = Buffer.from(px);
    for (let y = 100 + (k % 6) * 40; y < 130 + (k % 6) * 40; y++) page.fill(40 + (k % 8) * 25, (y * W + 150 + (k >> 3) * 60) * 3, (y * W + 190 + (k >> 3) * 60) * 3);
    out.push(await sharp(page, { raw: base.info }).jpeg({ quality: 85 }).toBuffer());
  }
  return out;
}

/**
 * Page `page` as its own file number `n`: two entries of its first quantisation table carry n, so
 * every upload is new content (real uploads are all different pages: each is hashed, written and
 * fsynced, not found already stored), still a valid JPEG that decodes to near the same picture.
 */
function variant(page: Buffer, n: number): Buffer {
  const out = Buffer.from(page);
  for (let i = 2; i + 4 < out.length; ) {
    if (out[i] !== 0xff) break;
    const marker = out[i + 1]!;
    const len = out.readUInt16BE(i + 2);
    // DQT with 8-bit entries: [FF DB len(2) Pq/Tq(1) 64 entries]; the last two are the highest frequencies
    if (marker === 0xdb && out[i + 4]! >> 4 === 0) {
      out[i + 5 + 62] = 1 + (Math.floor(n / 255) % 255);
      out[i + 5 + 63] = 1 + (n % 255);
      return out;
    }
    if (marker === 0xda) break;
    i += 2 + len;
  }
  throw new Error('no 8-bit quantisation table before the scan');
}

const BOUNDARY = '----zhipingsurge';
function multipart(fields: Record<string, string>, file: Buffer): Buffer {
  let head = '';
  for (const [k, v] of Object.entries(fields)) head += `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`;
  head += `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="scan.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`;
  return Buffer.concat([Buffer.from(head), file, Buffer.from(`\r\n--${BOUNDARY}--\r\n`)]);
}

/** The buffer's bytes as a fetch body, not copied. */
const bytes = (b: Buffer) => new Uint8Array(b.buffer as ArrayBuffer, b.byteOffset, b.byteLength);

// ---------- processes ----------

interface Proc {
  name: string;
  child: ChildProcess;
  out: string[];
  dataDir: string;
}
const procs: Proc[] = [];

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
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `zhiping-surge-${name}-`));
  const child = spawn(process.execPath, args, { cwd: root, env: { ...process.env, ZHIPING_DATA_DIR: dataDir, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const p: Proc = { name, child, out: [], dataDir };
  child.stdout!.on('data', (d) => p.out.push(String(d)));
  child.stderr!.on('data', (d) => p.out.push(String(d)));
  procs.push(p);
  return p;
}

async function started(p: Proc, text: string | RegExp): Promise<string> {
  const end = Date.now() + 180_000;
  for (;;) {
    const all = p.out.join('');
    const m = typeof text === 'string' ? (all.includes(text) ? all : null) : text.exec(all)?.[1];
    if (m) return m;
    if (p.child.exitCode !== null || Date.now() > end) throw new Error(`${p.name} did not start:\n${all.slice(-3000)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** CPU seconds a process has used (user + system, all its threads), from /proc. */
function cpuSeconds(pid: number): number {
  const f = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const rest = f.slice(f.lastIndexOf(')') + 2).split(' ');
  return (Number(rest[11]) + Number(rest[12])) / 100; // utime, stime in clock ticks (100 Hz on Linux)
}

async function stopAll() {
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
}

// ---------- an applicant over HTTP ----------

class Client {
  cookie = '';
  constructor(readonly base: string) {}
  async call(method: string, url: string, body?: unknown, raw?: Buffer): Promise<{ status: number; body: any }> {
    const headers: Record<string, string> = { accept: 'application/json', origin: this.base };
    if (this.cookie) headers.cookie = this.cookie;
    let payload: BodyInit | undefined;
    if (raw) {
      headers['content-type'] = `multipart/form-data; boundary=${BOUNDARY}`;
      payload = bytes(raw);
    } else if (body !== undefined) {
      headers['content-type'] = 'application/json';
      payload = JSON.stringify(body);
    }
    const res = await fetch(this.base + url, { method, headers, body: payload, signal: AbortSignal.timeout(120_000) });
    const set = res.headers.getSetCookie().find((c) => c.startsWith('zp_session='));
    if (set) this.cookie = set.split(';')[0]!;
    const text = await res.text();
    let parsed: any = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON: kept as text for the error message
    }
    return { status: res.status, body: parsed };
  }
  async ok(method: string, url: string, body?: unknown, raw?: Buffer): Promise<any> {
    const r = await this.call(method, url, body, raw);
    if (r.status >= 300) throw new Error(`${method} ${url} → ${r.status}: ${JSON.stringify(r.body).slice(0, 300)}`);
    return r.body;
  }
}

// ---------- the run ----------

let s3: TestS3 | undefined;
let dropDb: (() => Promise<void>) | undefined;

async function main() {
  console.log(`bench:surge — mode ${MODE}, ${os.availableParallelism()} cores, ${APPLICANTS} applicants × (13 section saves + ${PAGES} pages of 2 MB), ${CONNECTIONS} connections, ${SECONDS} s per timed phase`);
  const { buildServerIfStale } = await import('../bin/server-build.mjs' as string);
  await buildServerIfStale();
  // enough distinct pages that an applicant rarely sends the same bytes twice (a repeat of a page
  // already in the slot is not a new page and would leave masking with less to do)
  const pages = await scans(48);
  console.log(`pages: ${pages.length} distinct A4 scans, ${(pages.reduce((s, p) => s + p.length, 0) / pages.length / 1048576).toFixed(2)} MB each on average`);

  // the bare baseline, its own process
  const bare = start('bare', [path.join(root, 'bench', 'bare-server.mjs')], {});
  const barePort = Number(await started(bare, /bare listening (\d+)/));
  const bareBase = `http://127.0.0.1:${barePort}`;

  // ZhiPing
  // started as `npx zhiping` starts it: with the Node options on its first line
  const { SERVER_NODE_OPTIONS } = await import('../bin/node-options.mjs');
  const zhiping = [...SERVER_NODE_OPTIONS, path.join(root, 'bin', 'zhiping.mjs')];
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  let web: Proc;
  const workers: Proc[] = [];
  if (MODE === 'one') {
    web = start('web', [...zhiping, 'serve'], { PORT: String(port), HOST: '127.0.0.1', ZHIPING_DEMO: '1', DATABASE_URL: '' });
    await started(web, '职评已启动');
  } else {
    const serverUrl = process.env.DATABASE_URL;
    if (!serverUrl) throw new Error('--mode cluster needs DATABASE_URL (a PostgreSQL server; a fresh database is made on it)');
    const pg = (await import('pg')).default;
    const dbName = `zp_bench_surge_${crypto.randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${dbName}`);
    await admin.end();
    const u = new URL(serverUrl);
    u.pathname = `/${dbName}`;
    const dbUrl = u.toString();
    dropDb = async () => {
      const a = new pg.Client({ connectionString: serverUrl });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
      await a.end();
    };
    s3 = await startTestS3(`surge-${crypto.randomBytes(4).toString('hex')}`);
    const env = {
      DATABASE_URL: dbUrl,
      ZHIPING_DEMO: '0',
      ZHIPING_S3_BUCKET: s3.bucket,
      ZHIPING_S3_ENDPOINT: s3.endpoint,
      ZHIPING_S3_ACCESS_KEY: TEST_S3_CREDENTIALS.accessKeyId,
      ZHIPING_S3_SECRET_KEY: TEST_S3_CREDENTIALS.secretAccessKey,
    };
    web = start('web', [...zhiping, 'serve'], { ...env, PORT: String(port), HOST: '127.0.0.1', ZHIPING_RUN_JOBS: '0' });
    await started(web, '职评已启动');
    // the units a real installation imports (issue 10), as in test/cluster
    const c = new pg.Client({ connectionString: dbUrl });
    await c.connect();
    const competent = await c.query(`insert into organisation (code, name, kind) values ('c-health', '伊犁哈萨克自治州卫生健康委员会', 'competent') returning id`);
    await c.query(`insert into organisation (code, name, kind, parent_id) values ('u-hosp', '伊犁哈萨克自治州人民医院', 'recommending', $1)`, [competent.rows[0].id]);
    await c.end();
    for (const n of ['worker-1', 'worker-2']) workers.push(start(n, [...zhiping, 'jobs'], env));
    for (const w of workers) await started(w, '作业进程已启动');
  }
  const maskers = MODE === 'one' ? [web] : workers;
  console.log(procs.filter((p) => p.name !== 'bare').map((p) => p.out.join('').split('\n').find((l) => l.includes('已启动'))).join('\n'));

  // ---- 1. baselines, nothing else running ----
  const warm = new Client(base);
  await timed(CONNECTIONS, 1, async () => (await fetch(`${bareBase}/bare`)).text().then(() => true));
  const bareGet = await timed(CONNECTIONS, SECONDS, async () => (await fetch(`${bareBase}/bare`)).text().then(() => true));
  report('bareGet', `bare JSON GET: ${rps(bareGet).toFixed(0)} req/s, p99 ${ms(pct(bareGet.latencies, 99))}`, { rps: rps(bareGet), p99: pct(bareGet.latencies, 99) });
  await timed(CONNECTIONS, 1, async () => (await warm.call('GET', '/api/health')).status === 200);
  const idleHealth = await timed(CONNECTIONS, SECONDS, async () => (await warm.call('GET', '/api/health')).status === 200);
  report(
    'healthIdle',
    `/api/health, idle: ${rps(idleHealth).toFixed(0)} req/s (${(rps(idleHealth) / rps(bareGet)).toFixed(2)}× bare), p99 ${ms(pct(idleHealth.latencies, 99))}`,
    { rps: rps(idleHealth), ratio: rps(idleHealth) / rps(bareGet), p99: pct(idleHealth.latencies, 99) },
  );
  // the same bodies as ZhiPing gets, built the same way per request (the client's work is alike)
  let bareNumber = 0;
  const bareUpload = await timed(CONNECTIONS, SECONDS, async () => {
    const n = bareNumber++;
    const body = multipart({ sectionCode: 'A11', rowId: `A11-${n % 3}`, slot: 'form' }, variant(pages[n % pages.length]!, n));
    const r = await fetch(`${bareBase}/upload`, { method: 'POST', headers: { 'content-type': `multipart/form-data; boundary=${BOUNDARY}` }, body: bytes(body) });
    await r.text();
    return r.status === 200;
  });
  report(
    'bareUpload',
    `bare 2 MB upload (streamed to disk): ${rps(bareUpload).toFixed(1)} req/s, p50 ${ms(pct(bareUpload.latencies, 50))}, p99 ${ms(pct(bareUpload.latencies, 99))}`,
    { rps: rps(bareUpload), p50: pct(bareUpload.latencies, 50), p99: pct(bareUpload.latencies, 99) },
  );

  // ---- 2. the surge: CONNECTIONS applicants at a time, each registers, saves 13 sections, uploads ----
  const health: number[] = [];
  let sampling = true;
  const sampler = (async () => {
    const c = new Client(base);
    while (sampling) {
      const t = performance.now();
      const r = await c.call('GET', '/api/health').catch(() => ({ status: 0 }));
      if (r.status === 200) health.push(performance.now() - t);
      await new Promise((res) => setTimeout(res, 50));
    }
  })();
  const saves: number[] = [];
  const uploads: number[] = [];
  const signIn: number[] = [];
  let uploadErrors = 0;
  let pagesUploaded = 0;
  let uploadNumber = 0;
  let lastUploadAt = 0;
  let firstUploadAt = 0;
  const applicants: Array<{ c: Client; id: number }> = [];
  const failures: string[] = [];
  let next = 0;
  const tSurge = performance.now();
  const upload = async (a: { c: Client; id: number }, n: number, into: number[]) => {
    const body = multipart({ sectionCode: 'A11', rowId: `A11-${n % 3}`, slot: 'form' }, variant(pages[n % pages.length]!, uploadNumber++));
    const t = performance.now();
    if (!firstUploadAt) firstUploadAt = t;
    const r = await a.c.call('POST', `/api/applicant/applications/${a.id}/attachments`, undefined, body);
    const done = performance.now();
    if (r.status === 200 || r.status === 201) {
      into.push(done - t);
      pagesUploaded++;
      lastUploadAt = Math.max(lastUploadAt, done);
      return true;
    }
    uploadErrors++;
    if (failures.length < 5) failures.push(`upload → ${r.status} ${JSON.stringify(r.body).slice(0, 200)}`);
    return false;
  };
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      for (let i = next++; i < APPLICANTS; i = next++) {
        try {
          const idNumber = validIdNumber('654002', '19880412', 100 + i);
          const c = new Client(base);
          const t = performance.now();
          await c.ok('POST', '/api/auth/register', { idNumber, name: '古丽米拉·艾买提', mobile: '13800138000', password: PASSWORD });
          await c.ok('POST', '/api/auth/login', { username: idNumber, password: PASSWORD });
          signIn.push(performance.now() - t);
          const cat = await c.ok('GET', '/api/catalog');
          const hosp = cat.recommendingUnits.find((u: { name: string }) => u.name === '伊犁哈萨克自治州人民医院') ?? cat.recommendingUnits[0];
          const spec = cat.specialties.find((s: { name: string }) => s.name === '临床医学') ?? cat.specialties[0];
          const year = cat.years.find((y: { isOpen: boolean }) => y.isOpen).year;
          const { id } = await c.ok('POST', '/api/applicant/applications', { year, specialtyId: spec.id, level: 'middle', recommendingOrgId: hosp.id });
          let version: number = (await c.ok('GET', `/api/applicant/applications/${id}`)).application.version;
          for (const [code, data] of Object.entries(validSections({ name: '古丽米拉·艾买提', idNumber, birthDate: '1988-04-12', sex: '男' }))) {
            const t1 = performance.now();
            version = (await c.ok('PUT', `/api/applicant/applications/${id}/sections/${code}`, { version, data })).version;
            saves.push(performance.now() - t1);
          }
          const a = { c, id };
          applicants.push(a);
          for (let n = 0; n < PAGES; n++) await upload(a, n, uploads);
        } catch (e) {
          if (failures.length < 5) failures.push(String(e));
        }
      }
    }),
  );
  const surgeSeconds = (performance.now() - tSurge) / 1000;
  report('surge', `surge: ${applicants.length}/${APPLICANTS} applicants, ${uploads.length} pages in ${surgeSeconds.toFixed(1)} s, ${uploadErrors} upload errors`, {
    applicants: applicants.length,
    pages: uploads.length,
    seconds: surgeSeconds,
    uploadErrors,
    failures,
  });
  report('signIn', `register + sign in: p50 ${ms(pct(signIn, 50))}, p99 ${ms(pct(signIn, 99))}`, { p50: pct(signIn, 50), p99: pct(signIn, 99) });
  report('sectionSave', `section save (${saves.length}): p50 ${ms(pct(saves, 50))}, p99 ${ms(pct(saves, 99))}`, { count: saves.length, p50: pct(saves, 50), p99: pct(saves, 99) });
  report('surgeUpload', `upload during the surge: p50 ${ms(pct(uploads, 50))}, p99 ${ms(pct(uploads, 99))}`, { p50: pct(uploads, 50), p99: pct(uploads, 99) });

  // ---- 3. uploads at full speed while masking works on the backlog (item 7) ----
  const depth0 = await maskQueue(base);
  const busy: number[] = [];
  let k = 0;
  const busyRun = await timed(CONNECTIONS, SECONDS, async (loop) => upload(applicants[loop % applicants.length]!, PAGES + k++, busy));
  const depth1 = await maskQueue(base);
  const ratio = rps(busyRun) / rps(bareUpload);
  report(
    'uploadWhileMasking',
    `2 MB upload while masking is busy (queue ${depth0} → ${depth1}): ${rps(busyRun).toFixed(1)} req/s = ${(ratio * 100).toFixed(0)} % of bare (target ≥ 20 %), p50 ${ms(pct(busy, 50))}, p99 ${ms(pct(busy, 99))} (target < 1 s) ${busyRun.errors ? `, ${busyRun.errors} errors` : ''}`,
    { rps: rps(busyRun), ratioToBare: ratio, p50: pct(busy, 50), p99: pct(busy, 99), p50VsBare: pct(busy, 50) / pct(bareUpload.latencies, 50), p99VsBare: pct(busy, 99) / pct(bareUpload.latencies, 99), errors: busyRun.errors, queueBefore: depth0, queueAfter: depth1 },
  );
  sampling = false;
  await sampler;
  report('healthDuringSurge', `/api/health during the surge (${health.length} samples, one connection): p50 ${ms(pct(health, 50))}, p99 ${ms(pct(health, 99))}`, {
    p50: pct(health, 50),
    p99: pct(health, 99),
  });

  // ---- 4. the backlog drains ----
  const cpu0 = maskers.map((p) => cpuSeconds(p.child.pid!));
  const tDrain = performance.now();
  const backlog = await maskQueue(base);
  let left = backlog;
  while (left > 0 && performance.now() - tDrain < DRAIN_LIMIT_MS) {
    await new Promise((r) => setTimeout(r, 500));
    left = await maskQueue(base);
  }
  const lastProposalAt = performance.now();
  const cpu = maskers.map((p, i) => cpuSeconds(p.child.pid!) - cpu0[i]!);
  const drainMin = (lastProposalAt - tDrain) / 60_000;
  const drained = backlog - left;
  const perMin = drained / drainMin;
  const cpuPerPage = cpu.reduce((s, x) => s + x, 0) / Math.max(1, drained);
  const afterLast = (lastProposalAt - lastUploadAt) / 1000;
  report('drain', `backlog ${backlog} pages drained in ${(drainMin * 60).toFixed(1)} s${left ? ` (${left} left at the limit)` : ''}: ${perMin.toFixed(1)} pages/min`, {
    backlog,
    left,
    seconds: drainMin * 60,
    pagesPerMin: perMin,
  });
  report(
    'maskingCpu',
    `masking ${MODE === 'one' ? 'process' : 'workers'}: ${cpuPerPage.toFixed(2)} CPU s/page → ${(60 / cpuPerPage).toFixed(0)} pages/min per core; ${(perMin / maskers.length).toFixed(1)} pages/min per ${MODE === 'one' ? 'process' : 'worker'}`,
    { cpuSecondsPerPage: cpuPerPage, pagesPerMinPerCore: 60 / cpuPerPage, pagesPerMinPerProcess: perMin / maskers.length, cpuSecondsByProcess: cpu },
  );
  report(
    'lastUploadToLastProposal',
    left ? `time from the last upload to the last proposal: more than ${afterLast.toFixed(1)} s (${left} pages still queued)` : `time from the last upload to the last proposal: ${afterLast.toFixed(1)} s`,
    left ? null : afterLast,
  );

  // the pages' own state, read back through the applicants' API
  const states: Record<string, number> = {};
  for (const a of applicants) {
    for (const it of (await a.c.ok('GET', `/api/applicant/applications/${a.id}/masking`)).items as Array<{ maskStatus: string }>) states[it.maskStatus] = (states[it.maskStatus] ?? 0) + 1;
  }
  report('pageStates', `pages by masking state: ${JSON.stringify(states)}`, states);
  // pages (a repeat upload into the same slot is kept once) that left detection over the whole run
  const known = Object.values(states).reduce((x, y) => x + y, 0);
  const detected = known - (states.pending ?? 0);
  const overall = detected / ((lastProposalAt - firstUploadAt) / 60_000);
  report('overallMasking', `${detected} of ${known} pages detected, first upload to the end: ${overall.toFixed(1)} pages/min`, { uploads: pagesUploaded, pages: known, done: detected, pagesPerMin: overall });
  if (failures.length) {
    console.log(`first failures:\n  ${failures.join('\n  ')}`);
    // the servers' own account of them: log lines naming the request ids above, or errors
    const ids = [...failures.join(' ').matchAll(/编号 (req-[\w-]+)/g)].map((m) => m[1]!);
    for (const p of procs) {
      const lines = p.out.join('').split('\n').filter((l) => ids.some((id) => l.includes(id)) || /"level":50|Error/.test(l));
      if (lines.length) console.log(`${p.name}:\n  ${lines.slice(0, 20).join('\n  ')}`);
    }
  }
  if (argv.json) console.log(JSON.stringify(results));
}

/** Detection jobs not yet finished (queued, scheduled or running), from /metrics: the queue is in the shared database. */
async function maskQueue(base: string): Promise<number> {
  const text = await (await fetch(`${base}/metrics`)).text();
  let n = 0;
  for (const m of text.matchAll(/^zhiping_queue_jobs\{([^}]*)\} (\d+)/gm)) if (/name="mask_detect"/.test(m[1]!)) n += Number(m[2]);
  return n;
}

try {
  await main();
} finally {
  await stopAll();
  await s3?.close();
  await dropDb?.();
}
