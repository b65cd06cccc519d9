#!/usr/bin/env node
// The `zhiping` command: runs src/cli.ts through tsx (no build step needed).
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli.ts');
process.exitCode = await main(process.argv.slice(2));
