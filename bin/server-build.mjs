// Compiles the server, the CLI and the masking worker to dist/ (one esbuild bundle, packages left in
// node_modules) when dist is missing or older than src/: production runs JavaScript, not TypeScript
// compiled at every start (issue 13 item 10).
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'dist');
const stamp = path.join(dist, '.built');

function newestMtime(dir) {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : fs.statSync(p).mtimeMs);
  }
  return newest;
}

export function serverBuildIsFresh() {
  if (!fs.existsSync(stamp)) return false;
  const newest = Math.max(newestMtime(path.join(root, 'src')), fs.statSync(path.join(root, 'package.json')).mtimeMs);
  return fs.statSync(stamp).mtimeMs >= newest;
}

/** Data files imported from packages (chinese-days' holiday table) go into the bundle: Node cannot
 *  import a JSON module without an import attribute. */
const bundleJsonData = {
  name: 'bundle-json-data',
  setup(build) {
    build.onResolve({ filter: /\.json$/ }, (args) => {
      if (args.path.startsWith('.')) return undefined;
      return { path: createRequire(path.join(args.resolveDir, 'x.js')).resolve(args.path) };
    });
  },
};

/** Returns true when a build ran; throws when it failed. */
export async function buildServerIfStale({ quiet = false } = {}) {
  if (serverBuildIsFresh()) return false;
  if (!quiet) console.log('正在编译服务端……');
  // built beside and swapped in, so a process starting meanwhile never sees half a dist/
  const tmp = path.join(root, `.dist-build-${process.pid}`);
  await buildServer(tmp, { quiet });
  fs.writeFileSync(path.join(tmp, '.built'), new Date().toISOString());
  const old = path.join(root, `.dist-old-${process.pid}`);
  if (fs.existsSync(dist)) fs.renameSync(dist, old);
  fs.renameSync(tmp, dist);
  fs.rmSync(old, { recursive: true, force: true });
  return true;
}

/** Compiles into `outdir`, which must sit directly in the project folder (modules find `..` and node_modules from there). */
export async function buildServer(outdir, { quiet = false } = {}) {
  const esbuild = await import('esbuild');
  fs.rmSync(outdir, { recursive: true, force: true });
  await esbuild.build({
    absWorkingDir: root,
    entryPoints: { server: 'src/server.ts', cli: 'src/cli.ts', 'masking-worker': 'src/masking/worker.ts', 'pdf-worker': 'src/intake/pdf-worker.ts', 'pglite-thread': 'src/db/pglite-thread.ts' },
    outdir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    sourcemap: true,
    logLevel: quiet ? 'error' : 'warning',
    // chunks sit beside the entries, so paths relative to a module (`..` = the project) stay right
    chunkNames: 'chunk-[hash]',
    plugins: [bundleJsonData],
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await buildServerIfStale();
}
