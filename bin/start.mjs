#!/usr/bin/env node
// `npm start`: builds the web app when it is missing or stale, then serves.
import { buildWebIfStale } from './web-build.mjs';

try {
  buildWebIfStale();
} catch (e) {
  console.error(e.message);
  process.exit(1);
}
const { register } = await import('tsx/esm/api');
register();
await import('../src/server.ts');
