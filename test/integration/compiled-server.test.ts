// Issue 13 item 10: production runs compiled JavaScript. The esbuild bundle of the server, CLI and
// masking worker starts, answers, and masks a page in its compiled worker thread.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error plain JS build script
import { buildServer } from '../../bin/server-build.mjs';
import { ApiSession, registerAndLogin, APPLICANT_PASSWORD } from '../e2e/support/api-flow';
import { makeJpeg, uploadFields, validSections } from '../support/declaration-fixture';
import { validIdNumber } from '../support/id-numbers';

const root = path.resolve(import.meta.dirname, '..', '..');
const outdir = path.join(root, `.dist-test-${process.pid}`);
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'zhiping-compiled-'));
let child: ChildProcess;
let baseURL: string;
let log = '';

beforeAll(async () => {
  await buildServer(outdir, { quiet: true });
  const port = await new Promise<number>((resolve) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const p = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(p));
    });
  });
  baseURL = `http://127.0.0.1:${port}`;
  // no tsx anywhere: plain node on the bundle
  child = spawn(process.execPath, [path.join(outdir, 'server.js')], {
    cwd: root,
    env: { ...process.env, NODE_OPTIONS: '', PORT: String(port), HOST: '127.0.0.1', ZHIPING_DATA_DIR: dataDir, DATABASE_URL: '', ZHIPING_DEMO: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d) => (log += d));
  child.stderr!.on('data', (d) => (log += d));
  const end = Date.now() + 150_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`compiled server exited:\n${log}`);
    if (log.includes('职评已启动')) break;
    if (Date.now() > end) throw new Error(`compiled server did not start:\n${log}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}, 200_000);

afterAll(async () => {
  if (child && child.exitCode === null) {
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  }
  fs.rmSync(outdir, { recursive: true, force: true });
  fs.rmSync(dataDir, { recursive: true, force: true });
}, 60_000);

describe('the compiled server', () => {
  it('loads no TypeScript and masks a page in its compiled worker', async () => {
    expect(fs.readdirSync(outdir).filter((f) => f.endsWith('.js'))).toEqual(expect.arrayContaining(['server.js', 'cli.js', 'masking-worker.js', 'pdf-worker.js']));
    const health = await (await fetch(`${baseURL}/api/health`)).json();
    expect(health.status).toBe('ok');

    const idNumber = validIdNumber('654002', '19910305', 33);
    const c = new ApiSession(baseURL);
    await registerAndLogin(c, { idNumber, name: '王建国', mobile: '13800138000', password: APPLICANT_PASSWORD });
    const cat = await c.get('/api/catalog');
    const hosp = cat.recommendingUnits.find((u: { name: string }) => u.name === '伊犁哈萨克自治州人民医院');
    const spec = cat.specialties.find((s: { name: string }) => s.name === '临床医学');
    const year = cat.years.find((y: { isOpen: boolean }) => y.isOpen).year;
    const { id } = await c.post('/api/applicant/applications', { year, specialtyId: spec.id, level: 'middle', recommendingOrgId: hosp.id });
    const version: number = (await c.get(`/api/applicant/applications/${id}`)).application.version;
    const sections = validSections({ name: '王建国', idNumber, birthDate: '1991-03-05', sex: '男' });
    await c.put(`/api/applicant/applications/${id}/sections/A11`, { version, data: sections.A11 });
    await c.upload(`/api/applicant/applications/${id}/attachments`, uploadFields({ sectionCode: 'A11', rowId: 'A11-0', slot: 'form' }), { name: '考核表.jpg', bytes: await makeJpeg() });
    const end = Date.now() + 180_000;
    let status = '';
    while (Date.now() < end) {
      const items = (await c.get(`/api/applicant/applications/${id}/masking`)).items as Array<{ maskStatus: string }>;
      status = items[0]?.maskStatus ?? '';
      if (status !== 'pending' && status !== 'detecting') break;
      await new Promise((r) => setTimeout(r, 300));
    }
    expect(status, log).toMatch(/^(proposed|not_needed)$/);
    expect(log).not.toMatch(/Error|ERR_/);
  }, 240_000);
});
