// Issue 9 item 8: memory of a running server under a flood of parallel large uploads by one
// applicant. Against a server started locally in demo mode, e.g.
//   ZHIPING_DEMO=1 ZHIPING_DATA_DIR=/tmp/zp-flood PORT=3911 npx tsx src/server.ts &
//   node bench/upload-flood.mjs 3911 <server pid> [uploads=12] [megabytes=50]
// Prints the server's resident memory (VmRSS, and VmHWM = its peak) before and after, the answers
// by status, and the slowest /api/health while the flood ran. Talks to 127.0.0.1 only.
import fs from 'node:fs';

const [port, pid, n = '12', mb = '50'] = process.argv.slice(2);
if (!port || !pid) throw new Error('usage: node bench/upload-flood.mjs <port> <server pid> [uploads] [megabytes]');
const base = `http://127.0.0.1:${Number(port)}`;
const origin = { origin: base };
const applicant = '654002198503122020'; // the demo applicant (DEMO_APPLICANT_ID)

function memory() {
  const status = fs.readFileSync(`/proc/${Number(pid)}/status`, 'utf8');
  const kb = (k) => Number(new RegExp(`${k}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  return { rssMB: Math.round(kb('VmRSS') / 1024), peakMB: Math.round(kb('VmHWM') / 1024) };
}

async function json(res) {
  const text = await res.text();
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

const login = await fetch(`${base}/api/auth/login`, {
  method: 'POST',
  headers: { 'content-type': 'application/json', ...origin },
  body: JSON.stringify({ username: process.env.FLOOD_USER ?? applicant, password: process.env.FLOOD_PASSWORD ?? 'Zhiping@2026' }),
});
if (login.status !== 200) throw new Error(`login: ${login.status} ${JSON.stringify(await json(login))}`);
const cookie = login.headers.get('set-cookie').split(';')[0];
const headers = { cookie, ...origin };

let list = await json(await fetch(`${base}/api/applicant/applications`, { headers }));
let appId = list.items?.[0]?.id;
if (!appId) {
  const cat = await json(await fetch(`${base}/api/catalog`, { headers }));
  const created = await fetch(`${base}/api/applicant/applications`, {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/json' },
    body: JSON.stringify({ year: 2026, specialtyId: cat.specialties[0].id, level: 'middle', recommendingOrgId: cat.recommendingUnits[0].id }),
  });
  appId = (await json(created)).id;
  if (!appId) throw new Error(`create application: ${created.status}`);
}

// One body for every request: a JPEG start followed by filler, `mb` megabytes in all.
const boundary = '----zhipingflood';
const head = Buffer.from(
  `--${boundary}\r\nContent-Disposition: form-data; name="sectionCode"\r\n\r\nA7\r\n` +
    `--${boundary}\r\nContent-Disposition: form-data; name="slot"\r\n\r\nletter\r\n` +
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`,
);
const file = Buffer.alloc(Number(mb) * 1024 * 1024, 0x20);
file.set([0xff, 0xd8, 0xff, 0xe0], 0);
const body = Buffer.concat([head, file, Buffer.from(`\r\n--${boundary}--\r\n`)]);

await new Promise((r) => setTimeout(r, 500));
const before = memory();
let maxHealthMs = 0;
let sampling = true;
// Bounded in time as well as in count: every request gives up after 2 minutes.
const LIMIT_MS = 120_000;
let peakRss = before.rssMB;
const sampler = (async () => {
  while (sampling) {
    const t = Date.now();
    await fetch(`${base}/api/health`, { signal: AbortSignal.timeout(LIMIT_MS) })
      .then((r) => r.text())
      .catch(() => undefined);
    maxHealthMs = Math.max(maxHealthMs, Date.now() - t);
    peakRss = Math.max(peakRss, memory().rssMB);
    await new Promise((r) => setTimeout(r, 50));
  }
})();
const t0 = Date.now();
const answers = await Promise.all(
  Array.from({ length: Number(n) }, async () => {
    const t = Date.now();
    try {
      const res = await fetch(`${base}/api/applicant/applications/${appId}/attachments`, {
        method: 'POST',
        headers: { ...headers, 'content-type': `multipart/form-data; boundary=${boundary}` },
        body,
        signal: AbortSignal.timeout(LIMIT_MS),
      });
      const b = await json(res);
      return { status: res.status, code: b.code, ms: Date.now() - t };
    } catch (e) {
      return { status: 'error', code: e.cause?.code ?? e.message, ms: Date.now() - t };
    }
  }),
);
const floodMs = Date.now() - t0;
sampling = false;
await sampler;
const after = memory();
const byStatus = {};
for (const a of answers) byStatus[`${a.status} ${a.code ?? ''}`.trim()] = (byStatus[`${a.status} ${a.code ?? ''}`.trim()] ?? 0) + 1;
console.log(
  JSON.stringify(
    {
      uploads: Number(n),
      megabytesEach: Number(mb),
      rssBeforeMB: before.rssMB,
      peakRssSampledMB: peakRss,
      peakRssHwmMB: after.peakMB,
      rssAfterMB: after.rssMB,
      floodMs,
      slowestAnswerMs: Math.max(...answers.map((a) => a.ms)),
      slowestHealthMs: maxHealthMs,
      answers: byStatus,
    },
    null,
    1,
  ),
);
