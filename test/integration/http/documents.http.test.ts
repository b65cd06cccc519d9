// Generated documents over HTTP: the applicant's 附件5 from A8 (T5) and who may download what.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkInvariants } from '../../../src/db/invariants';
import { draftFile, type Filed } from '../../support/filing';
import { loginAs, type Client } from '../../support/http-client';
import { pdfText, squash } from '../../support/pdf-text';
import { createTestSystem, type TestSystem } from '../../support/test-system';

let sys: TestSystem;
let F: Filed, other: Filed;
let unit: Client, expert: Client;

beforeAll(async () => {
  sys = await createTestSystem();
  F = await draftFile(sys.app, 31, '古丽娜尔');
  other = await draftFile(sys.app, 32, '张建华');
  [unit, expert] = await Promise.all([loginAs(sys.app, 'unit'), loginAs(sys.app, 'expert1')]);
});
afterAll(async () => {
  await checkInvariants(sys.db);
  await sys.close();
});

describe('附件5 for the applicant at A8 (T5)', () => {
  it('is filled from the saved declaration, as PDF and as DOCX', async () => {
    const pdf = await F.applicant.get(`/api/applications/${F.id}/documents/ce_exemption?format=pdf`);
    expect(pdf.statusCode, pdf.rawPayload.toString()).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.headers['content-disposition']).toContain(encodeURIComponent('免除继续教育学习申请表附件5'));
    const text = squash(pdfText(pdf.rawPayload));
    for (const t of ['职称评审免除继续教育学习申请表', '古丽娜尔', F.idNumber, '2023年至2025年参加“访惠聚”驻村工作', '审核意见']) expect(text).toContain(squash(t));
    const docx = await F.applicant.get(`/api/applications/${F.id}/documents/ce_exemption?format=docx`);
    expect(docx.statusCode).toBe(200);
    expect(docx.rawPayload.subarray(0, 2).toString()).toBe('PK');
  });

  it('names the missing field when the exemption reason is not saved', async () => {
    const c = other.applicant;
    const versions = (await c.get(`/api/applicant/applications/${other.id}`)).json().sectionVersions;
    const put = await c.put(`/api/applicant/applications/${other.id}/sections/A8`, { version: versions.A8, data: { fields: { exempt: false }, rows: [] } });
    expect(put.statusCode, put.rawPayload.toString()).toBe(200);
    const res = await c.get(`/api/applications/${other.id}/documents/ce_exemption`);
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({ code: 'DOC_DATA_INCOMPLETE', detail: '生成文书所需信息不完整：免学理由未填写' });
  });

  it('is not given to another applicant, to a unit before submission, nor to an expert', async () => {
    for (const who of [other.applicant, unit, expert]) {
      const res = await who.get(`/api/applications/${F.id}/documents/ce_exemption`);
      expect(res.statusCode).toBe(404);
      expect(res.headers['content-type']).toContain('application/problem+json');
    }
  });
});
