// Issue 11: a PDF uploaded to an attachment slot becomes one JPG per page in that slot, in page
// order, each masked like any other image; encrypted, broken or too long PDFs are refused with a
// Chinese message and nothing is stored. Real PDFs, made by pdfkit in the test.
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkInvariants } from '../../../src/db/invariants';
import { registerApplicant, type Client } from '../../support/http-client';
import { validIdNumber } from '../../support/id-numbers';
import { cjkPdf, nonEmbeddedCjkPdf } from '../../support/pdf-fixtures';
import { createTestSystem, type TestSystem } from '../../support/test-system';

let sys: TestSystem;
let c: Client;
let id: number;

beforeAll(async () => {
  sys = await createTestSystem();
  const { client } = await registerApplicant(sys.app, { idNumber: validIdNumber('654002', '19860315', 71), name: '阿依古丽' });
  c = client!;
  const cat = (await c.get('/api/catalog')).json();
  const unit = cat.recommendingUnits.find((u: { name: string }) => u.name === '伊犁哈萨克自治州人民医院');
  const spec = cat.specialties.find((s: { name: string }) => s.name === '临床医学');
  const res = await c.post('/api/applicant/applications', { year: 2026, specialtyId: spec.id, level: 'middle', recommendingOrgId: unit.id });
  id = res.json().id;
});
afterAll(async () => {
  await checkInvariants(sys.db);
  await sys.close();
});

const slot = { sectionCode: 'A7', slot: 'letter' };
const upload = (bytes: Buffer, name = 'letter.pdf') => c.upload(`/api/applicant/applications/${id}/attachments`, slot, { name, bytes, type: 'application/pdf' });

async function counts() {
  const n = async (t: 'attachment' | 'blob' | 'job') => Number((await sys.db.selectFrom(t).select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);
  return { attachments: await n('attachment'), blobs: await n('blob'), jobs: await n('job') };
}

describe('PDF in, JPG pages out', () => {
  it('stores each page of a 3-page CJK PDF as an upright JPG of the slot, in page order, queued for masking', async () => {
    const res = await upload(await cjkPdf(3, { landscapeLast: true }));
    expect(res.statusCode, res.rawPayload.toString()).toBe(201);
    const body = res.json();
    expect(body.pages).toHaveLength(3);
    expect(body.id).toBe(body.pages[0].id);
    expect(body.pages.map((p: { originalName: string }) => p.originalName)).toEqual([
      'letter.pdf（第1页，共3页）',
      'letter.pdf（第2页，共3页）',
      'letter.pdf（第3页，共3页）',
    ]);
    expect(body.pages.map((p: { width: number; height: number }) => [p.width, p.height])).toEqual([
      [1654, 2339],
      [1654, 2339],
      [2339, 1654],
    ]);
    const rows = await sys.db
      .selectFrom('attachment')
      .select(['id', 'sortOrder', 'maskStatus', 'slot'])
      .where('applicationId', '=', id)
      .orderBy('sortOrder')
      .execute();
    expect(rows.map((r) => r.id)).toEqual(body.pages.map((p: { id: number }) => p.id));
    expect(rows.every((r) => r.maskStatus === 'pending' && r.slot === 'letter')).toBe(true);
    const jobs = await sys.db.selectFrom('job').select('key').where('key', 'in', rows.map((r) => `mask_detect:${r.id}`)).execute();
    expect(jobs).toHaveLength(3);
    // the stored original of a page is a JPEG the applicant can open
    const img = await c.get(body.pages[1].url);
    expect(img.statusCode).toBe(200);
    expect((await sharp(img.rawPayload).metadata()).format).toBe('jpeg');
    // and the declaration lists the pages in order
    const detail = (await c.get(`/api/applicant/applications/${id}`)).json();
    const listed = detail.attachments.filter((a: { slot: string }) => a.slot === 'letter').map((a: { id: number }) => a.id);
    expect(listed).toEqual(rows.map((r) => r.id));
  });

  it('takes a PDF whose Chinese font is not embedded', async () => {
    const res = await upload(nonEmbeddedCjkPdf('教育部学历证书电子注册备案表'), 'record.pdf');
    expect(res.statusCode, res.rawPayload.toString()).toBe(201);
    expect(res.json().pages).toHaveLength(1);
  });

  it.each([
    ['an encrypted PDF', () => cjkPdf(2, { userPassword: '123456' }), '该PDF文件设有打开密码，无法读取；请去除密码（或用“打印为PDF”另存一份）后重新上传'],
    ['a truncated PDF', async () => (await cjkPdf(3)).subarray(0, 9000), '该PDF文件不完整或已损坏（可能下载或上传中断），无法打开；请重新下载或导出后上传'],
    ['a PDF over the page limit', () => cjkPdf(21), '该PDF共21页，超过每次20页的上限；请拆分后分别上传，或只上传本栏目需要的页'],
  ])('refuses %s with a Chinese message and stores nothing', async (_what, make, detail) => {
    const before = await counts();
    const res = await upload(await make());
    expect(res.statusCode).toBe(422);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json()).toMatchObject({ code: 'UPLOAD_REJECTED', detail });
    expect(await counts()).toEqual(before);
  });
});
