// Files of the review chain made fast through the real server's API, for the browser tests
// (the path review-chain.http.test.ts walks): a fresh applicant registers, fills every section,
// uploads, marks the masked sections' images as needing no masking, and submits; then, as
// needed, the unit, the competent unit and the committee move it on.
import { DEMO_PASSWORD } from '../../../src/db/seed';
import { makeJpeg } from '../../support/declaration-fixture';
import { APPLICANT_PASSWORD, ApiSession, login, setClock, submitDeclaration, type PreparedFile } from './expert-flow';

export { APPLICANT_PASSWORD, ApiSession, DEMO_PASSWORD, login, setClock };

export const PUBLICITY_BODY = { officeName: '人事科', supervisionPhone: '0999-8021234' };

export type SubmittedFile = PreparedFile;

/** A fresh applicant's complete declaration, submitted to 伊犁哈萨克自治州人民医院 (卫生系列 临床医学, 中级). */
export const submittedFile = (baseURL: string, person: { name: string; seq: number }): Promise<SubmittedFile> =>
  submitDeclaration(baseURL, person, '19880312');

export const stageVersion = async (s: ApiSession, stage: 'unit' | 'competent' | 'committee', id: number) =>
  (await s.get(`/api/${stage}/applications/${id}`)).application.version as number;

export async function statusOf(s: ApiSession, stage: 'unit' | 'competent' | 'committee', id: number): Promise<string> {
  return (await s.get(`/api/${stage}/applications/${id}`)).application.status as string;
}

/**
 * Submitted files moved to 主管单位已推荐 (waiting at the committee), leaving the clock at `recommendAt`.
 * `startAt` must be a working day whose 5-working-day publicity ends before `recommendAt`.
 */
export async function filesAtCommittee(
  baseURL: string,
  clockFile: string,
  people: Array<{ name: string; seq: number }>,
  opts: { startAt: string; recommendAt: string },
): Promise<SubmittedFile[]> {
  setClock(clockFile, opts.startAt);
  const files: SubmittedFile[] = [];
  for (const p of people) files.push(await submittedFile(baseURL, p));
  const unit = await login(baseURL, 'unit');
  for (const f of files) await unit.post(`/api/unit/applications/${f.id}/publicity`, { version: await stageVersion(unit, 'unit', f.id), ...PUBLICITY_BODY });
  // past the publicity; sessions last 7 days, so everyone signs in at the new time
  setClock(clockFile, opts.recommendAt);
  const [unit2, competent] = await Promise.all([login(baseURL, 'unit'), login(baseURL, 'competent')]);
  for (const f of files) {
    await unit2.post(`/api/unit/applications/${f.id}/recommend`, { version: await stageVersion(unit2, 'unit', f.id) });
    await competent.upload(`/api/competent/applications/${f.id}/documents`, { kind: 'competent_recommendation' }, { name: '附件4盖章.jpg', bytes: await makeJpeg() });
    await competent.post(`/api/competent/applications/${f.id}/recommend`, { version: await stageVersion(competent, 'competent', f.id), opinion: '经审核，同意推荐。' });
  }
  return files;
}
