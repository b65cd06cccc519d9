// Issue 9 item 8: one applicant cannot exhaust the server's memory with uploads. The file is
// streamed and refused (413) as soon as it passes the policy's size limit, images above the pixel
// ceiling are refused from their header, and a user has at most two uploads in flight.
import { PassThrough } from 'node:stream';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_APPLICANT_ID } from '../../../src/db/seed';
import { checkInvariants } from '../../../src/db/invariants';
import { UPLOADS_PER_USER } from '../../../src/http/plugins/upload-slots';
import { createTestSystem, type TestSystem } from '../../support/test-system';
import { loginAs, SAME_ORIGIN, type Client, type Res } from '../../support/http-client';
import { makeJpeg } from '../../support/declaration-fixture';

let sys: TestSystem;
let c: Client;
let appId: number;
let userId: number;
const url = () => `/api/applicant/applications/${appId}/attachments`;

beforeAll(async () => {
  sys = await createTestSystem();
  c = await loginAs(sys.app, DEMO_APPLICANT_ID);
  const cat = (await c.get('/api/catalog')).json();
  const unit = cat.recommendingUnits.find((u: { name: string }) => u.name === '伊犁哈萨克自治州人民医院');
  const spec = cat.specialties.find((s: { name: string }) => s.name === '临床医学');
  const res = await c.post('/api/applicant/applications', { year: 2026, specialtyId: spec.id, level: 'middle', recommendingOrgId: unit.id });
  expect(res.statusCode, res.rawPayload.toString()).toBe(201);
  appId = res.json().id;
  userId = (await sys.db.selectFrom('appUser').select('id').where('username', '=', DEMO_APPLICANT_ID).executeTakeFirstOrThrow()).id;
});
afterAll(async () => {
  await checkInvariants(sys.db);
  await sys.close();
});

async function countRows(table: 'attachment' | 'blob') {
  const r = await sys.db.selectFrom(table).select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
  return Number(r.n);
}

/** An upload whose body the test writes piece by piece: the request stays open until end(). */
function openUpload(fields: Record<string, string>) {
  const boundary = `----zhiping${Math.random().toString(16).slice(2)}`;
  const body = new PassThrough();
  let head = '';
  for (const [k, v] of Object.entries(fields)) head += `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`;
  head += `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="scan.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`;
  body.write(head);
  const response = sys.app.inject({
    method: 'POST',
    url: url(),
    headers: { cookie: c.cookie, ...SAME_ORIGIN, 'content-type': `multipart/form-data; boundary=${boundary}` },
    payload: body,
  }) as Promise<Res>;
  return {
    response,
    write: (bytes: Buffer) => body.write(bytes),
    end: (bytes: Buffer) => body.end(Buffer.concat([bytes, Buffer.from(`\r\n--${boundary}--\r\n`)])),
  };
}

async function until(cond: () => boolean) {
  for (let i = 0; i < 500 && !cond(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(cond()).toBe(true);
}

describe('upload limits', () => {
  it('answers 413 in Chinese as soon as the file passes the size limit, before the body ends, and stores nothing', async () => {
    const [atts, blobs] = [await countRows('attachment'), await countRows('blob')];
    const up = openUpload({ sectionCode: 'A7', slot: 'letter' });
    const jpeg = await makeJpeg();
    up.write(jpeg);
    // 10 MB is the policy's default; one byte more and the answer comes, though the body never ends
    up.write(Buffer.alloc(10 * 1024 * 1024 + 1 - jpeg.length, 0x20));
    up.write(Buffer.alloc(64 * 1024, 0x20));
    const res = await up.response;
    expect(res.statusCode).toBe(413);
    expect(res.json()).toMatchObject({ code: 'TOO_LARGE', status: 413 });
    expect(res.json().detail).toMatch(/超过10MB的上限/);
    expect(await countRows('attachment')).toBe(atts);
    expect(await countRows('blob')).toBe(blobs);
    expect(sys.app.uploadSlots.count(userId)).toBe(0);
  });

  it('refuses a 45-megapixel image from its header, though it is small in bytes', async () => {
    const big = await sharp({ create: { width: 7500, height: 6000, channels: 3, background: '#f4efe6' } }).jpeg({ quality: 50 }).toBuffer();
    expect(big.length).toBeLessThan(10 * 1024 * 1024);
    const res = await c.upload(url(), { sectionCode: 'A7', slot: 'letter' }, { name: 'big.jpg', bytes: big });
    expect(res.statusCode).toBe(422);
    expect(res.json().detail).toMatch(/7500×6000像素过大（上限40百万像素）/);
  });

  it(`takes at most ${UPLOADS_PER_USER} uploads per user at once and answers the next one 429 in Chinese`, async () => {
    const open = [openUpload({ sectionCode: 'A7', slot: 'letter' }), openUpload({ sectionCode: 'A7', slot: 'letter' })];
    await until(() => sys.app.uploadSlots.count(userId) === 2);
    const third = await c.upload(url(), { sectionCode: 'A7', slot: 'letter' }, { name: 'x.jpg', bytes: await makeJpeg() });
    expect(third.statusCode).toBe(429);
    expect(third.json()).toMatchObject({ code: 'UPLOAD_BUSY', status: 429 });
    expect(third.json().detail).toMatch(/正在上传，请等上传完成后再重试/);
    for (const u of open) u.end(await makeJpeg());
    for (const u of open) expect((await u.response).statusCode).toBe(201);
    expect(sys.app.uploadSlots.count(userId)).toBe(0);
    const after = await c.upload(url(), { sectionCode: 'A7', slot: 'letter' }, { name: 'y.jpg', bytes: await makeJpeg() });
    expect(after.statusCode).toBe(201);
  });
});
