#!/usr/bin/env node
// Issue 14's proof that the browser suite waits for states, not timings: runs the whole e2e
// project N times in a row (default 5) while one busy-looping process per core keeps every core
// busy, and prints each run's duration and result. Exits non-zero if any run fails.
//   npm run test:e2e:under-load            # 5 runs
//   npm run test:e2e:under-load -- 2       # 2 runs
import { spawn, spawnSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..', '..');
const runs = Number(process.argv[2] ?? 5);
if (!Number.isInteger(runs) || runs < 1) {
  console.error('用法：run-under-load.mjs [次数，正整数]');
  process.exit(2);
}

const cores = os.availableParallelism();
// Same priority as the tests: a niced burner would yield and prove nothing.
const burners = Array.from({ length: cores }, () =>
  spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' }),
);
const stopBurners = () => burners.forEach((b) => b.kill('SIGKILL'));
process.on('exit', stopBurners);
process.on('SIGINT', () => process.exit(130));
process.on('SIGTERM', () => process.exit(143));

const results = [];
for (let i = 1; i <= runs; i++) {
  const t0 = Date.now();
  const load0 = os.loadavg()[0];
  const r = spawnSync(process.execPath, [path.join(root, 'node_modules/vitest/vitest.mjs'), 'run', '--project', 'e2e'], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const seconds = (Date.now() - t0) / 1000;
  const out = (r.stdout ?? '') + (r.stderr ?? '');
  const tests = out.match(/Tests\s+(.*)/)?.[1]?.replace(/\x1b\[[0-9;]*m/g, '').trim() ?? '(no summary)';
  const ok = r.status === 0;
  results.push({ run: i, ok, seconds, tests, load: `${load0.toFixed(1)}→${os.loadavg()[0].toFixed(1)}` });
  console.log(`run ${i}/${runs}: ${ok ? 'green' : 'RED'} in ${seconds.toFixed(1)} s — ${tests} — load ${results.at(-1).load}`);
  if (!ok) console.log(out.split('\n').filter((l) => /FAIL|Error|×/.test(l)).slice(0, 30).join('\n'));
}
stopBurners();
const green = results.filter((r) => r.ok).length;
console.log(`${green} passed, ${runs - green} failed (e2e project runs, ${cores} cores kept busy by ${cores} burners)`);
process.exit(green === runs ? 0 : 1);
