// Builds the web app when web/dist is missing or older than its sources (web/src, src/domain).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function newestMtime(dir) {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : fs.statSync(p).mtimeMs);
  }
  return newest;
}

/** Returns true when a build ran; throws when it failed. */
export function buildWebIfStale({ quiet = false } = {}) {
  const dist = path.join(root, 'web', 'dist', 'index.html');
  const sources = [path.join(root, 'web', 'src'), path.join(root, 'src', 'domain'), path.join(root, 'web', 'index.html')];
  const newest = Math.max(...sources.map((s) => (fs.statSync(s).isDirectory() ? newestMtime(s) : fs.statSync(s).mtimeMs)));
  if (fs.existsSync(dist) && fs.statSync(dist).mtimeMs >= newest) return false;
  if (!quiet) console.log('正在构建前端页面……');
  const r = spawnSync(process.execPath, [path.join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) throw new Error('前端构建失败');
  return true;
}
