// Issue 13 item 6: `zhiping backup` takes a consistent copy of a running embedded installation
// (database and every attachment) and `zhiping restore` brings it back into an empty folder, where
// every file and image is found again. Real server process, real CLI, real files.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/connection';
import { ApiSession, APPLICANT_PASSWORD, registerAndLogin } from '../e2e/support/api-flow';
import { makeJpeg, uploadFields, validSections } from '../support/declaration-fixture';
import { validIdNumber } from '../support/id-numbers';

const execFileP = promisify(execFile);
const root = path.resolve(import.meta.dirname, '..', '..');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'zhiping-backup-'));
const dataDir = path.join(tmp, 'live');
let server: ChildProcess | null = null;
let baseURL = '';
let log = '';

function zhiping(args: string[], env: Record<string, string> = {}) {
  return execFileP(process.execPath, [path.join(root, 'bin', 'zhiping.mjs'), ...args], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: '', ZHIPING_DATA_DIR: dataDir, ...env },
    timeout: 180_000,
  }).then(
    (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
    (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
  );
}

async function startServer(dir: string): Promise<void> {
  const port = await new Promise<number>((resolve) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const p = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(p));
    });
  });
  baseURL = `http://127.0.0.1:${port}`;
  log = '';
  server = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'src/server.ts')], {
    cwd: root,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', ZHIPING_DATA_DIR: dir, DATABASE_URL: '', ZHIPING_DEMO: '1', ZHIPING_RUN_JOBS: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  server.stdout!.on('data', (d) => (log += d));
  server.stderr!.on('data', (d) => (log += d));
  const end = Date.now() + 150_000;
  while (!log.includes('职评已启动')) {
    if (server.exitCode !== null || Date.now() > end) throw new Error(`server did not start:\n${log}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function stopServer(): Promise<void> {
  const s = server;
  server = null;
  if (!s || s.exitCode !== null) return;
  await new Promise<void>((resolve) => {
    s.once('exit', () => resolve());
    s.kill('SIGTERM');
  });
}

/** Every attachment row and the bytes of its blob, from a data folder no process holds. */
async function contents(dir: string) {
  const h = await openDatabase({ dataDir: dir, databaseUrl: '' });
  try {
    const rows = await h.db.selectFrom('attachment').select(['id', 'blobSha256']).orderBy('id').execute();
    const apps = await h.db.selectFrom('application').select(['id', 'status']).orderBy('id').execute();
    const blobs = rows.map((r) => {
      const p = path.join(dir, 'blobs', r.blobSha256.slice(0, 2), r.blobSha256.slice(2, 4), r.blobSha256);
      return fs.existsSync(p) ? fs.readFileSync(p).length : -1;
    });
    return { rows, apps, blobs };
  } finally {
    await h.close();
  }
}

beforeAll(async () => {
  await startServer(dataDir);
}, 200_000);

afterAll(async () => {
  await stopServer();
  fs.rmSync(tmp, { recursive: true, force: true });
}, 60_000);

describe('backup and restore of the embedded installation', () => {
  const backupFile = path.join(tmp, '职评备份.tar');
  let uploadedId = 0;

  it('backs up while the server runs, with the files uploaded just before', async () => {
    const idNumber = validIdNumber('654002', '19900707', 51);
    const c = new ApiSession(baseURL);
    await registerAndLogin(c, { idNumber, name: '努尔兰·别克', mobile: '13800138002', password: APPLICANT_PASSWORD });
    const cat = await c.get('/api/catalog');
    const hosp = cat.recommendingUnits.find((u: { name: string }) => u.name === '伊犁哈萨克自治州人民医院');
    const spec = cat.specialties.find((s: { name: string }) => s.name === '临床医学');
    const year = cat.years.find((y: { isOpen: boolean }) => y.isOpen).year;
    const { id } = await c.post('/api/applicant/applications', { year, specialtyId: spec.id, level: 'middle', recommendingOrgId: hosp.id });
    uploadedId = id;
    const version: number = (await c.get(`/api/applicant/applications/${id}`)).application.version;
    await c.put(`/api/applicant/applications/${id}/sections/A11`, { version, data: validSections({ name: '努尔兰·别克', idNumber, birthDate: '1990-07-07', sex: '男' }).A11 });
    for (let i = 0; i < 3; i++) {
      await c.upload(`/api/applicant/applications/${id}/attachments`, uploadFields({ sectionCode: 'A11', rowId: 'A11-0', slot: 'form' }), { name: `p${i}.jpg`, bytes: await makeJpeg(700 + i, 900) });
    }
    const r = await zhiping(['backup', backupFile]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/已备份到 .*职评备份\.tar.*由运行中的服务/);
    expect(fs.statSync(backupFile).size).toBeGreaterThan(10_000);
    // the server is still serving
    expect((await fetch(`${baseURL}/api/health`)).ok).toBe(true);
    // and nobody without the data folder's token gets a copy
    for (const token of [undefined, 'guess']) {
      const res = await fetch(`${baseURL}/api/internal/backup`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { 'x-zhiping-local-token': token } : {}) },
        body: '{}',
      });
      expect(res.status).toBe(403);
    }
  }, 240_000);

  it('restores into an empty folder where every file and image is found again', async () => {
    await stopServer();
    const original = await contents(dataDir);
    expect(original.rows.length).toBeGreaterThanOrEqual(3);
    expect(original.apps.map((a) => a.id)).toContain(uploadedId);
    const target = path.join(tmp, 'restored');
    const r = await zhiping(['restore', backupFile, '--data-dir', target]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/已恢复到 .*附件 \d+ 个/);
    const restored = await contents(target);
    expect(restored.apps).toEqual(original.apps);
    expect(restored.rows).toEqual(original.rows);
    expect(restored.blobs).toEqual(original.blobs);
    expect(restored.blobs.every((n) => n > 0)).toBe(true);
  }, 240_000);

  it('backs up a stopped installation directly, and refuses to restore over data or from a cut archive', async () => {
    const stopped = path.join(tmp, 'stopped.tar');
    const direct = await zhiping(['backup', stopped]);
    expect(direct.code).toBe(0);
    expect(direct.stdout).toMatch(/服务未运行，直接读取数据目录/);

    const over = await zhiping(['restore', stopped, '--data-dir', dataDir]);
    expect(over.code).toBe(1);
    expect(over.stderr).toMatch(/不是空的.*只能恢复到空目录/);

    const cut = path.join(tmp, 'cut.tar');
    fs.writeFileSync(cut, fs.readFileSync(stopped).subarray(0, Math.floor(fs.statSync(stopped).size / 2)));
    const broken = await zhiping(['restore', cut, '--data-dir', path.join(tmp, 'from-cut')]);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toMatch(/备份文件|不完整|无法读取/);
  }, 240_000);
});
