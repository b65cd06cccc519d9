// Builds the web app, starts the real server in demo mode (its own process, fresh data folder, free port) and
// hands its URL to the browser tests.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';

const root = path.resolve(import.meta.dirname, '..', '..');

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

export default async function setup(project: TestProject) {
  // Only when stale: a rebuild replaces web/dist under any server already serving it.
  // @ts-expect-error plain ESM module without types
  const { buildWebIfStale } = await import('../../bin/web-build.mjs');
  buildWebIfStale();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'zhiping-e2e-'));
  const port = await freePort();
  // Deadline tests move the server's clock by writing an ISO instant here (src/clock.ts).
  const clockFile = path.join(dataDir, 'clock.txt');
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'src/server.ts')], {
    cwd: root,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', ZHIPING_DATA_DIR: dataDir, ZHIPING_CLOCK_FILE: clockFile, DATABASE_URL: '', ZHIPING_DEMO: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout?.on('data', (d) => (log += d));
  child.stderr?.on('data', (d) => (log += d));
  const baseURL = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited early:\n${log}`);
    try {
      const r = await fetch(`${baseURL}/api/health`);
      if (r.ok) break;
    } catch {
      /* not up yet */
    }
    if (Date.now() > deadline) throw new Error(`server did not start in time:\n${log}`);
    await new Promise((r) => setTimeout(r, 300));
  }
  project.provide('baseURL', baseURL);
  project.provide('e2eDataDir', dataDir);
  project.provide('clockFile', clockFile);
  return async () => {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    baseURL: string;
    e2eDataDir: string;
    /** Write an ISO instant to move the server's clock; delete the file to return to real time. */
    clockFile: string;
  }
}
