// B1/B2 end to end on the real engine: an upload queues detection, the job finds the name and
// unit, the applicant confirms, the burn job writes a masked copy and verification finds no leak.
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_APPLICANT_ID } from '../../src/db/seed';
import { createTestSystem, type TestSystem } from '../support/test-system';
import { loginAs, type Client } from '../support/http-client';

let sys: TestSystem;
let c: Client;
let appId: number;

/** A page with the applicant's name inside a longer line and the unit's short name. */
async function pageWithIdentity(): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1240" height="1000"><rect width="100%" height="100%" fill="white"/>
  <text x="100" y="150" font-size="44" font-family="Noto Serif CJK SC">继续教育培训合格证书</text>
  <text x="100" y="300" font-size="34" font-family="Noto Sans CJK SC">学员：阿依古丽·买买提，已完成2025年度专业科目培训</text>
  <text x="100" y="400" font-size="34" font-family="Noto Sans CJK SC">工作单位：州人民医院</text>
  <text x="100" y="500" font-size="34" font-family="Noto Sans CJK SC">学时：90学时，考核合格，特发此证。</text></svg>`;
  return sharp(Buffer.from(svg)).jpeg({ quality: 90 }).toBuffer();
}

beforeAll(async () => {
  sys = await createTestSystem();
  c = await loginAs(sys.app, DEMO_APPLICANT_ID);
  const cat = (await c.get('/api/catalog')).json();
  const res = await c.post('/api/applicant/applications', { year: 2026, specialtyId: cat.specialties[0].id, level: 'middle', recommendingOrgId: cat.recommendingUnits.find((u: { name: string }) => u.name === '伊犁哈萨克自治州人民医院').id });
  appId = res.json().id;
}, 120_000);
afterAll(async () => {
  await sys.close();
});

describe('masking jobs on the real engine', () => {
  let attachmentId: number;

  it('detects the name and the unit alias in an uploaded page', async () => {
    const up = await c.upload(`/api/applicant/applications/${appId}/attachments`, { sectionCode: 'A7', slot: 'letter' }, { name: '证书.jpg', bytes: await pageWithIdentity() });
    expect(up.statusCode, up.rawPayload.toString()).toBe(201);
    attachmentId = up.json().id;
    let overview = (await c.get(`/api/applicant/applications/${appId}/masking`)).json();
    expect(overview.items[0].maskStatus).toBe('pending');
    expect(await sys.runner.drain()).toBe(1);
    overview = (await c.get(`/api/applicant/applications/${appId}/masking`)).json();
    const item = overview.items[0];
    expect(item.maskStatus).toBe('proposed');
    const kinds = item.proposals.map((r: { kind: string }) => r.kind);
    expect(kinds).toContain('name');
    expect(kinds).toContain('unit');
    const name = item.proposals.find((r: { kind: string }) => r.kind === 'name');
    // the name sits in the line at y≈300 (baseline), starting after 「学员：」 at x≈100+3·34
    expect(name.y).toBeLessThan(300);
    expect(name.y + name.h).toBeGreaterThan(280);
    expect(name.x).toBeGreaterThan(150);
  }, 120_000);

  it('burns the confirmed boxes into new pixels, strips metadata and verifies no leak', async () => {
    const overview = (await c.get(`/api/applicant/applications/${appId}/masking`)).json();
    const proposals = overview.items[0].proposals;
    const ok = await c.post(`/api/applicant/applications/${appId}/masking/accept-all`, {});
    expect(ok.json().marked).toBe(1);
    expect(await sys.runner.drain()).toBe(1);
    const after = (await c.get(`/api/applicant/applications/${appId}/masking`)).json().items[0];
    expect(after.maskStatus).toBe('masked');
    expect(after.leaks).toEqual([]);
    const masked = (await c.get(`/api/attachments/${attachmentId}/masked`)).rawPayload;
    const original = (await c.get(`/api/attachments/${attachmentId}/original`)).rawPayload;
    expect(Buffer.compare(masked, original)).not.toBe(0);
    const meta = await sharp(masked).metadata();
    expect(meta.exif).toBeUndefined();
    const box = proposals.find((r: { kind: string }) => r.kind === 'name');
    const region = async (img: Buffer) =>
      // stats() reads its input, not the pipeline: cut the box out first
      (await sharp(await sharp(img).extract({ left: box.x + 2, top: box.y + 2, width: box.w - 4, height: box.h - 4 }).greyscale().toBuffer()).stats()).channels[0];
    const m = await region(masked);
    const o = await region(original);
    // solid fill: no variation left where the name was, unlike the original text
    expect(m.stdev).toBeLessThan(3);
    expect(o.stdev).toBeGreaterThan(20);
    const d = (await c.get(`/api/applicant/applications/${appId}`)).json();
    expect(d.problems.filter((p: { section: string }) => p.section === 'masking')).toEqual([]);
  }, 120_000);

  it('detects an image marked 否 before its detection ran, keeps 否, and warns the applicant without blocking (issue 9 item 6)', async () => {
    const up = await c.upload(`/api/applicant/applications/${appId}/attachments`, { sectionCode: 'A13', slot: 'other' }, { name: '无需遮盖.jpg', bytes: await pageWithIdentity() });
    expect(up.statusCode, up.rawPayload.toString()).toBe(201);
    const id = up.json().id;
    const marked = await c.put(`/api/applicant/applications/${appId}/attachments/${id}/masking`, { needsMasking: false });
    expect(marked.statusCode, marked.rawPayload.toString()).toBe(200);
    expect(await sys.runner.drain()).toBe(1);
    const item = (await c.get(`/api/applicant/applications/${appId}/masking`)).json().items.find((i: { id: number }) => i.id === id);
    expect(item).toMatchObject({ needsMasking: false, maskStatus: 'not_needed' });
    expect(item.proposals.map((r: { kind: string }) => r.kind)).toContain('name');
    const problems = (await c.get(`/api/applicant/applications/${appId}`)).json().problems;
    const warning = problems.find((p: { code: string; field: string }) => p.code === 'MASKING_IDENTITY_FOUND' && p.field === `attachment:${id}`);
    expect(warning).toMatchObject({ section: 'masking', severity: 'warning' });
    expect(warning.message).toMatch(/标记为“无需遮盖”，但自动检测发现\d+处/);
    // what leaves for the experts is a fresh encoding, never the stored bytes
    const masked = (await c.get(`/api/attachments/${id}/masked`)).rawPayload;
    const original = (await c.get(`/api/attachments/${id}/original`)).rawPayload;
    expect(Buffer.compare(masked, original)).not.toBe(0);
    const meta = await sharp(masked).metadata();
    expect([meta.exif, meta.xmp, meta.icc, meta.iptc]).toEqual([undefined, undefined, undefined, undefined]);
  }, 120_000);
});
