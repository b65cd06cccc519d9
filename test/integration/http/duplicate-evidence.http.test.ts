// Issue 12 item 5: the same image may not be evidence in both A10 (获奖情况) and A13 (其他附件或证明材料),
// whether uploaded as the same bytes or as a re-encoded copy; the refusal names the other section.
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { imageFingerprint } from '../../../src/services/image-intake';
import { fingerprintDistance, NEAR_DUPLICATE_LEVELS } from '../../../src/domain/evidence-rules';
import { createTestSystem, type TestSystem } from '../../support/test-system';
import { registerApplicant, type Client } from '../../support/http-client';
import { validIdNumber } from '../../support/id-numbers';

let sys: TestSystem;
let c: Client;
let appId: number;

/** An award certificate; `who` and `award` change the text, not the layout. */
async function certificate(who: string, award: string): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="850"><rect width="100%" height="100%" fill="#fffaf0"/>
  <rect x="40" y="40" width="1120" height="770" fill="none" stroke="#b8860b" stroke-width="12"/>
  <text x="430" y="200" font-size="72" font-family="Noto Serif CJK SC" fill="#b22222">荣誉证书</text>
  <text x="150" y="360" font-size="40" font-family="Noto Sans CJK SC">${who}同志：</text>
  <text x="150" y="450" font-size="40" font-family="Noto Sans CJK SC">在2024年度工作中成绩突出，荣获“${award}”称号。</text>
  <text x="700" y="680" font-size="36" font-family="Noto Sans CJK SC">特发此证</text></svg>`;
  return sharp(Buffer.from(svg)).jpeg({ quality: 90 }).toBuffer();
}

const url = () => `/api/applicant/applications/${appId}/attachments`;
const toA10 = (name: string, bytes: Buffer) => c.upload(url(), { sectionCode: 'A10', rowId: 'award-1', slot: 'certificate' }, { name, bytes });
const toA13 = (name: string, bytes: Buffer) => c.upload(url(), { sectionCode: 'A13', slot: 'other' }, { name, bytes });

beforeAll(async () => {
  sys = await createTestSystem();
  const { client } = await registerApplicant(sys.app, { idNumber: validIdNumber('654002', '19870305', 555), name: '古丽娜' });
  c = client!;
  const cat = (await c.get('/api/catalog')).json();
  const unit = cat.recommendingUnits.find((u: { name: string }) => u.name === '伊犁哈萨克自治州人民医院');
  const spec = cat.specialties.find((s: { name: string }) => s.name === '临床医学');
  appId = (await c.post('/api/applicant/applications', { year: 2026, specialtyId: spec.id, level: 'middle', recommendingOrgId: unit.id })).json().id;
  const d = (await c.get(`/api/applicant/applications/${appId}`)).json();
  const row = { rowId: 'award-1', name: '优秀医师', level: '州级', grantor: '州卫生健康委员会', awardedOn: '2024-12', rank: '独立' };
  const saved = await c.put(`/api/applicant/applications/${appId}/sections/A10`, { version: d.sectionVersions.A10, data: { fields: {}, rows: [row] } });
  expect(saved.statusCode, saved.rawPayload.toString()).toBe(200);
});

afterAll(async () => {
  await sys.close();
});

describe('the same image in A10 and A13', () => {
  it('refuses the same file in A13 when A10 holds it, naming 获奖情况', async () => {
    const cert = await certificate('古丽娜', '优秀医师');
    const first = await toA10('award.jpg', cert);
    expect(first.statusCode, first.rawPayload.toString()).toBe(201);
    const res = await toA13('证书复印.jpg', cert);
    expect(res.statusCode).toBe(422);
    expect(res.headers['content-type']).toContain('application/problem+json');
    const p = res.json();
    expect(p.code).toBe('DUPLICATE_EVIDENCE');
    expect(p.detail).toContain('获奖情况');
    expect(p.detail).toContain('award.jpg');
    expect(p.detail).toContain('A10');
  });

  it('refuses a re-encoded, slightly smaller copy too (near-identical pixels)', async () => {
    const cert = await certificate('古丽娜', '优秀医师');
    const copy = await sharp(cert).resize(1080).jpeg({ quality: 62 }).toBuffer();
    const res = await toA13('另存的证书.jpg', copy);
    expect(res.statusCode).toBe(422);
    expect(res.json().code).toBe('DUPLICATE_EVIDENCE');
  });

  it('accepts another certificate of the same form, and refuses in A10 what A13 already holds', async () => {
    const other = await certificate('古丽娜', '优秀共产党员');
    expect((await toA13('另一证书.jpg', other)).statusCode).toBe(201);
    const res = await toA10('另一证书.jpg', other);
    expect(res.statusCode).toBe(422);
    expect(res.json().detail).toContain('其他附件或证明材料');
  });

  it('keeps a margin between a copy and another page of the same form (hash distances)', async () => {
    const a = await certificate('古丽娜', '优秀医师');
    const h = await imageFingerprint(a);
    const copy = await imageFingerprint(await sharp(a).resize(1080).jpeg({ quality: 62 }).toBuffer());
    const other = await imageFingerprint(await certificate('古丽娜', '优秀共产党员'));
    const name = await imageFingerprint(await certificate('阿依古丽·买买提', '优秀医师'));
    expect(fingerprintDistance(h, copy)).toBeLessThanOrEqual(NEAR_DUPLICATE_LEVELS);
    expect(fingerprintDistance(h, other)).toBeGreaterThan(1.5 * NEAR_DUPLICATE_LEVELS);
    expect(fingerprintDistance(h, name)).toBeGreaterThan(1.5 * NEAR_DUPLICATE_LEVELS);
  });
});
