// Generated documents over HTTP: the applicant's 附件5 from A8 (T5), the whole declaration as one
// printable PDF (issue 11), and who may download what.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkInvariants } from '../../../src/db/invariants';
import { draftFile, submittedFile, type Filed } from '../../support/filing';
import { loginAs, type Client } from '../../support/http-client';
import { pdfText, squash } from '../../support/pdf-text';
import { createTestSystem, type TestSystem } from '../../support/test-system';

let sys: TestSystem;
let F: Filed, other: Filed;
let unit: Client, expert: Client;

beforeAll(async () => {
  sys = await createTestSystem();
  F = await submittedFile(sys.app, 31, '古丽娜尔');
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
    for (const [who, file] of [[other.applicant, F], [unit, other], [expert, F]] as const) {
      const res = await who.get(`/api/applications/${file.id}/documents/ce_exemption`);
      expect(res.statusCode).toBe(404);
      expect(res.headers['content-type']).toContain('application/problem+json');
    }
  });
});

describe('the whole declaration as one printable PDF (专业技术职务任职资格评审表)', () => {
  it('prints every section, the tables, the photo and the signature blocks for the applicant', async () => {
    const res = await F.applicant.get(`/api/applications/${F.id}/print`);
    expect(res.statusCode, res.rawPayload.toString()).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toContain(encodeURIComponent('专业技术职务任职资格评审表'));
    const raw = res.rawPayload.toString('latin1');
    expect(raw).toMatch(/\/Subtype\s*\/Image/); // the 1-inch photo
    const text = squash(pdfText(res.rawPayload));
    expect(text).toContain('专业技术职务任职资格评审表');
    for (const t of ['一、基本信息', '二、学历学位情况', '十二、任现职以来个人工作总结', '十三、其他附件或证明材料', '十四、承诺与审核意见']) expect(text).toContain(t);
    for (const t of ['古丽娜尔', F.idNumber, '伊犁哈萨克自治州人民医院', '临床医学', '2026年度']) expect(text).toContain(t);
    // a table section: its column headings and a row; counted images per row
    for (const t of ['毕业院校', '所学专业', '学历', '学位']) expect(text).toContain(t);
    expect(text).toMatch(/\d+张/);
    // signature and seal blocks
    for (const t of ['申报人（签字）：', '推荐单位意见', '主管单位意见', '评审委员会意见', '（公章）', '年月日']) expect(text).toContain(t);
  });

  it('prints the units\' recorded opinions once given', async () => {
    // an opinion as the review chain records it (review-chain.http.test.ts drives the chain itself)
    const author = await sys.db.selectFrom('appUser').select('id').orderBy('id').limit(1).executeTakeFirstOrThrow();
    await sys.db.insertInto('opinion').values({ applicationId: F.id, stage: 'unit', text: '本单位已对提供的申报材料逐一审核，真实准确，同意推荐', authorId: author.id, at: sys.clock.now() }).execute();
    const text = squash(pdfText((await unit.get(`/api/applications/${F.id}/print`)).rawPayload));
    expect(text).toContain('本单位已对提供的申报材料逐一审核，真实准确，同意推荐');
  });

  it('is refused to experts, other applicants and units the file has not reached', async () => {
    for (const [who, file] of [[expert, F], [other.applicant, F], [unit, other]] as const) {
      const res = await who.get(`/api/applications/${file.id}/print`);
      expect(res.statusCode).toBe(404);
      expect(res.headers['content-type']).toContain('application/problem+json');
    }
  });
});
