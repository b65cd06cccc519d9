// Issue 12 item 5 on the real engine: A5 evidence issued by the applicant's own unit is flagged to
// the applicant (a warning that does not block) and shown to the unit reviewer with the file.
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestSystem, type TestSystem } from '../support/test-system';
import { loginAs } from '../support/http-client';
import { draftFile, type Filed } from '../support/filing';

const UNIT = '伊犁哈萨克自治州人民医院';
let sys: TestSystem;
let f: Filed;

/** A proof of work headed and signed by the applicant's own hospital, with its seal over the signature. */
async function ownUnitProof(): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1240" height="1754"><rect width="100%" height="100%" fill="white"/>
  <text x="300" y="180" font-size="52" font-family="Noto Serif CJK SC">${UNIT}</text>
  <text x="520" y="300" font-size="44" font-family="Noto Sans CJK SC">证　明</text>
  <text x="120" y="450" font-size="34" font-family="Noto Sans CJK SC">兹证明我院医师牵头完成急性胸痛快速救治流程改进，特此证明。</text>
  <text x="640" y="1300" font-size="34" font-family="Noto Sans CJK SC">${UNIT}</text>
  <circle cx="880" cy="1300" r="120" fill="none" stroke="#e0201c" stroke-width="9"/></svg>`;
  return sharp(Buffer.from(svg)).jpeg({ quality: 90 }).toBuffer();
}

beforeAll(async () => {
  sys = await createTestSystem();
  f = await draftFile(sys.app, 311, '韩立新');
}, 180_000);
afterAll(async () => {
  await sys.close();
});

describe('A5 evidence from the applicant’s own unit (issue 12 item 5)', () => {
  it('warns the applicant without blocking, and shows the unit reviewer the same flag', async () => {
    const c = f.applicant;
    const up = await c.upload(`/api/applicant/applications/${f.id}/attachments`, { sectionCode: 'A5', rowId: 'A5-0', slot: 'evidence' }, { name: 'proof.jpg', bytes: await ownUnitProof() });
    expect(up.statusCode, up.rawPayload.toString()).toBe(201);
    await sys.runner.drain();
    const marked = await c.put(`/api/applicant/applications/${f.id}/attachments/${up.json().id}/masking`, { needsMasking: false });
    expect(marked.statusCode).toBe(200);
    const d = (await c.get(`/api/applicant/applications/${f.id}`)).json();
    const flag = d.problems.find((p: { code: string }) => p.code === 'EVIDENCE_OWN_UNIT');
    expect(flag).toMatchObject({ section: 'A5', field: 'rows[0]slot:evidence', severity: 'warning' });
    expect(flag.message).toContain('本单位出具的证明不能作为业绩佐证材料');
    // Other images of the file (plain pages) are not flagged.
    expect(d.problems.filter((p: { code: string }) => p.code === 'EVIDENCE_OWN_UNIT')).toHaveLength(1);

    // A warning: the file submits, and reaches the unit reviewer with the flag.
    const sub = await c.post(`/api/applicant/applications/${f.id}/submit`, { version: d.application.version });
    expect(sub.statusCode, sub.rawPayload.toString()).toBe(200);
    const unit = await loginAs(sys.app, 'unit');
    const file = await unit.get(`/api/unit/applications/${f.id}`);
    expect(file.statusCode).toBe(200);
    expect(file.json().problems.map((p: { code: string }) => p.code)).toContain('EVIDENCE_OWN_UNIT');
  }, 180_000);
});
