// R3 (issue 10): the finance office sets each year's payment instructions and QR image; the image
// is checked and stripped like any upload; units and applicants read them where fees are paid.
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkInvariants } from '../../../src/db/invariants';
import { DEMO_APPLICANT_ID } from '../../../src/db/seed';
import { loginAs, SAME_ORIGIN, type Client } from '../../support/http-client';
import { phonePhotoWithGps } from '../../support/declaration-fixture';
import { createTestSystem, type TestSystem } from '../../support/test-system';

let sys: TestSystem;
let finance: Client;

beforeAll(async () => {
  sys = await createTestSystem();
  finance = await loginAs(sys.app, 'finance');
});
afterAll(async () => {
  await checkInvariants(sys.db);
  await sys.close();
});

const TEXT = '收款单位：伊犁州人力资源和社会保障局；备注请写“推荐单位名称+职称评审费”';

describe('fee payment instructions', () => {
  it('only finance sets them', async () => {
    for (const who of ['bureau', 'unitlead']) {
      const c = await loginAs(sys.app, who);
      const res = await c.upload('/api/bureau/fee-instructions/2026', { text: TEXT }, { name: 'qr.jpg', bytes: await phonePhotoWithGps() });
      expect(res.statusCode, who).toBe(403);
    }
    expect(await sys.db.selectFrom('feeInstruction').select('year').execute()).toEqual([]);
  });

  it('refuses a PNG, an empty text and an unknown year', async () => {
    const png = await sharp({ create: { width: 400, height: 400, channels: 3, background: '#fff' } }).png().toBuffer();
    const res = await finance.upload('/api/bureau/fee-instructions/2026', { text: TEXT }, { name: 'qr.png', bytes: png, type: 'image/png' });
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({ code: 'UPLOAD_REJECTED' });
    expect(res.json().detail).toContain('PNG');
    const empty = await finance.upload('/api/bureau/fee-instructions/2026', { text: '  ' }, { name: 'qr.jpg', bytes: await phonePhotoWithGps() });
    expect(empty.statusCode).toBe(422);
    expect(empty.json().errors[0].field).toBe('text');
    expect((await finance.upload('/api/bureau/fee-instructions/2031', { text: TEXT }, { name: 'qr.jpg', bytes: await phonePhotoWithGps() })).statusCode).toBe(404);
  });

  it('stores the QR image without its metadata; units and applicants see text and image', async () => {
    const res = await finance.upload('/api/bureau/fee-instructions/2026', { text: TEXT }, { name: 'qr.jpg', bytes: await phonePhotoWithGps() });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ year: 2026, text: TEXT });
    expect(res.json().qrUrl).toMatch(/^\/api\/fee-instructions\/2026\/qr\?v=[0-9a-f]{12}$/);
    for (const who of ['unitlead', 'unit', DEMO_APPLICANT_ID]) {
      const c = await loginAs(sys.app, who);
      const view = (await c.get('/api/fee-instructions/2026')).json();
      expect(view.text, who).toBe(TEXT);
      const img = await c.get(view.qrUrl);
      expect(img.statusCode).toBe(200);
      expect(img.headers['content-type']).toBe('image/jpeg');
      const meta = await sharp(img.rawPayload).metadata();
      expect(meta.exif).toBeUndefined();
      // EXIF orientation applied: the 600×400 photo stands upright
      expect([meta.width, meta.height]).toEqual([400, 600]);
    }
    const audit = await sys.db.selectFrom('auditLog').select('detail').where('action', '=', 'fee_instructions_set').execute();
    expect(audit.map((a) => a.detail)).toEqual([{ year: 2026, qrChanged: true }]);
  });

  it('keeps the image when only the text changes, and answers an empty year plainly', async () => {
    const before = (await finance.get('/api/fee-instructions/2026')).json();
    const empty = await finance.upload('/api/bureau/fee-instructions/2026', { text: `${TEXT}。` }, { name: 'qr.jpg', bytes: Buffer.alloc(0) });
    // an empty file is no image: refused like any empty upload, nothing changes
    expect(empty.statusCode).toBe(422);
    expect((await finance.get('/api/fee-instructions/2026')).json()).toEqual(before);
    const boundary = '----zhipingtextonly';
    const res = await sys.app.inject({
      method: 'POST',
      url: '/api/bureau/fee-instructions/2026',
      headers: { cookie: finance.cookie, ...SAME_ORIGIN, 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload: Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="text"\r\n\r\n${TEXT}。\r\n--${boundary}--\r\n`),
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ text: `${TEXT}。`, qrUrl: before.qrUrl });
    const none = (await finance.get('/api/fee-instructions/2023')).json();
    expect(none).toEqual({ year: 2023, text: null, qrUrl: null, updatedAt: null });
    expect((await finance.get('/api/fee-instructions/2023/qr')).statusCode).toBe(404);
  });
});
