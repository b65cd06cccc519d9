#!/usr/bin/env node
// `npm start`: builds the web app and compiles the server when either is missing or stale, then
// serves the compiled JavaScript (issue 13 item 10). On the embedded database it asks for demo mode
// (demo accounts with a published password) unless ZHIPING_DEMO says otherwise; the server says so
// loudly. With DATABASE_URL there is never demo data.
import { buildWebIfStale } from './web-build.mjs';
import { buildServerIfStale } from './server-build.mjs';

try {
  buildWebIfStale();
  await buildServerIfStale();
} catch (e) {
  console.error(e.message);
  process.exit(1);
}
if (process.env.ZHIPING_DEMO === undefined && !process.env.DATABASE_URL) process.env.ZHIPING_DEMO = '1';
await import('../dist/server.js');
