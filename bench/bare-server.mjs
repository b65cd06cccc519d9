// The baseline for `npm run bench:surge` (issue 13 item 8): bare Fastify on the same machine, in its
// own process like the server it is compared with. GET /bare answers a small JSON object; POST
// /upload streams the request body (a 2 MB multipart upload) to a file on disk and answers when the
// file is written — no parsing, no image work, no database. Prints "bare listening <port>".
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import Fastify from 'fastify';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zhiping-bare-'));
const app = Fastify({ logger: false, bodyLimit: 64 * 1024 * 1024 });
// the body stays a stream: the route pipes it to disk
app.addContentTypeParser('multipart/form-data', (_req, payload, done) => done(null, payload));
app.get('/bare', async () => ({ status: 'ok', time: new Date().toISOString() }));
let n = 0;
app.post('/upload', async (req) => {
  const file = path.join(dir, `${process.pid}-${n++}.bin`);
  await pipeline(req.body, fs.createWriteStream(file));
  const { size } = fs.statSync(file);
  fs.rmSync(file);
  return { bytes: size };
});
const stop = () => app.close().then(() => fs.rmSync(dir, { recursive: true, force: true })).then(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
await app.listen({ port: Number(process.env.PORT ?? 0), host: '127.0.0.1' });
console.log(`bare listening ${app.server.address().port}`);
