#!/usr/bin/env -S node --initial-old-space-size=128
// The `zhiping` command: the compiled CLI when dist/ is up to date (`npm run build`, or `npm start`
// builds it), else src/cli.ts through tsx, so it works from a fresh checkout without a build step.
import { serverBuildIsFresh } from './server-build.mjs';

let main;
if (serverBuildIsFresh()) {
  ({ main } = await import('../dist/cli.js'));
} else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('../src/cli.ts'));
}
process.exitCode = await main(process.argv.slice(2));
