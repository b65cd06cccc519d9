#!/usr/bin/env node
// `npm start`: builds the web app when it is missing or stale, then serves. On the embedded database
// it asks for demo mode (demo accounts with a published password) unless ZHIPING_DEMO says otherwise;
// the server says so loudly. With DATABASE_URL there is never demo data.
import { buildWebIfStale } from './web-build.mjs';

try {
  buildWebIfStale();
} catch (e) {
  console.error(e.message);
  process.exit(1);
}
if (process.env.ZHIPING_DEMO === undefined && !process.env.DATABASE_URL) process.env.ZHIPING_DEMO = '1';
const { register } = await import('tsx/esm/api');
register();
await import('../src/server.ts');
