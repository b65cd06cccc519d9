// Start time and idle memory of the server: compiled JavaScript (dist/, what `npm start` runs) against
// TypeScript through tsx, on the same existing data folder, with a bare Fastify start as the machine's
// baseline in the same run (issue 13 item 10). Usage: node bench/startup.mjs [runs]
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildServerIfStale } from '../bin/server-build.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const runs = Number(process.argv[2] ?? 3);
await buildServerIfStale();
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'zhiping-startup-'));
const bare = path.join(dataDir, 'bare.mjs');
fs.writeFileSync(bare, `import Fastify from '${path.join(root, 'node_modules/fastify/fastify.js')}'; const a = Fastify(); a.get('/api/health', async () => ({ status: 'ok' })); await a.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });`);

const rssOf = (pid) => Number(fs.readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmRSS:\s+(\d+)/)[1]) / 1024;

async function once(label, args, port) {
  const t0 = performance.now();
  const child = spawn(process.execPath, args, { cwd: root, env: { ...process.env, PORT: String(port), ZHIPING_DATA_DIR: dataDir, ZHIPING_DEMO: '1', DATABASE_URL: '' }, stdio: 'ignore' });
  for (;;) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/api/health`)).ok) break;
    } catch {}
    await new Promise((r) => setTimeout(r, 20));
  }
  const ms = performance.now() - t0;
  await new Promise((r) => setTimeout(r, 3000));
  const rss = rssOf(child.pid);
  await new Promise((r) => { child.once('exit', r); child.kill('SIGTERM'); });
  return { label, ms, rss };
}

const kinds = [
  ['bare Fastify (baseline)', [bare]],
  ['compiled (dist/server.js)', [path.join(root, 'dist/server.js')]],
  ['tsx (src/server.ts)', ['--import', 'tsx', path.join(root, 'src/server.ts')]],
];
// a first start creates and seeds the data folder: not measured
await once('warm-up', kinds[1][1], 3990);
const results = {};
for (let i = 0; i < runs; i++) for (const [label, args] of kinds) (results[label] ??= []).push(await once(label, args, 3991 + i));
const median = (xs) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log(`startup on an existing data folder, ${runs} runs, median (load average ${os.loadavg()[0].toFixed(1)}):`);
const base = median(results[kinds[0][0]].map((r) => r.ms));
for (const [label] of kinds) {
  const ms = median(results[label].map((r) => r.ms));
  const rss = median(results[label].map((r) => r.rss));
  console.log(`  ${label.padEnd(28)} ${ms.toFixed(0).padStart(6)} ms (×${(ms / base).toFixed(1)} baseline)  idle RSS ${rss.toFixed(0)} MB`);
}
fs.rmSync(dataDir, { recursive: true, force: true });
