// Files of the review chain made fast through the real server's API, for the browser tests (the
// path review-chain.http.test.ts walks): a fresh applicant registers, fills every section, uploads,
// marks the masked sections' images as needing no masking and submits; then, as a test needs, the
// unit publicises and recommends, the competent unit recommends with its 附件4 scan, the committee
// accepts, the unit leader pays the fee batch and finance confirms it.
import fs from 'node:fs';
import { DEMO_PASSWORD } from '../../../src/db/seed';
import { makeJpeg, REQUIRED_UPLOADS, uploadFields, validSections } from '../../support/declaration-fixture';
import { validIdNumber } from '../../support/id-numbers';

export { DEMO_PASSWORD };

export const APPLICANT_PASSWORD = 'Secret#2026';

export class ApiError extends Error {}

/** A logged-in API session against the running server (cookie kept by hand). */
export class ApiSession {
  cookie = '';
  constructor(readonly baseURL: string) {}

  private async call(method: string, url: string, body?: unknown | FormData): Promise<Response> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (this.cookie) headers.cookie = this.cookie;
    // as a browser on our own page would: state changes carry Origin (the server's CSRF check)
    if (method !== 'GET') headers.origin = new URL(this.baseURL).origin;
    let payload: BodyInit | undefined;
    if (body instanceof FormData) payload = body;
    else if (body !== undefined) {
      headers['content-type'] = 'application/json';
      payload = JSON.stringify(body);
    }
    const res = await fetch(this.baseURL + url, { method, headers, body: payload });
    const set = res.headers.getSetCookie().find((c) => c.startsWith('zp_session='));
    if (set) this.cookie = set.split(';')[0]!;
    return res;
  }

  async json<T = any>(method: string, url: string, body?: unknown, expected = [200, 201]): Promise<T> {
    const res = await this.call(method, url, body);
    const text = await res.text();
    if (!expected.includes(res.status)) throw new ApiError(`${method} ${url} → ${res.status}: ${text.slice(0, 400)}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }

  get = <T = any>(url: string) => this.json<T>('GET', url);
  post = <T = any>(url: string, body: unknown = {}) => this.json<T>('POST', url, body);
  put = <T = any>(url: string, body: unknown) => this.json<T>('PUT', url, body);

  async upload<T = any>(url: string, fields: Record<string, string>, file: { name: string; bytes: Buffer; type?: string }): Promise<T> {
    const form = new FormData();
    // text fields first: the server reads them before the file stream
    for (const [k, v] of Object.entries(fields)) form.append(k, v);
    form.append('file', new Blob([new Uint8Array(file.bytes)], { type: file.type ?? 'image/jpeg' }), file.name);
    return this.json<T>('POST', url, form);
  }

  async bytes(url: string): Promise<{ status: number; type: string; body: Buffer }> {
    const res = await this.call('GET', url);
    return { status: res.status, type: res.headers.get('content-type') ?? '', body: Buffer.from(await res.arrayBuffer()) };
  }
}

export async function login(baseURL: string, username: string, password = DEMO_PASSWORD): Promise<ApiSession> {
  const s = new ApiSession(baseURL);
  await s.post('/api/auth/login', { username, password });
  return s;
}

/** Registers (the server answers 202 alike, registered before or not, and signs nobody in: issue 9 item 4), then signs in. */
export async function registerAndLogin(s: ApiSession, body: { idNumber: string; name: string; mobile: string; password: string }): Promise<void> {
  await s.json('POST', '/api/auth/register', body, [202]);
  await s.post('/api/auth/login', { username: body.idNumber, password: body.password });
}

/** Moves the server's clock (src/clock.ts reads the file on every call). */
export function setClock(clockFile: string, iso: string) {
  fs.writeFileSync(clockFile, iso);
}

export interface PreparedFile {
  id: number;
  name: string;
  idNumber: string;
  password: string;
  applicant: ApiSession;
}

/**
 * One applicant's complete, valid declaration, submitted (images marked as needing no masking).
 * Test files sharing the server pass different birth dates so their ID numbers never collide.
 */
export async function submitDeclaration(baseURL: string, person: { name: string; seq: number }, birth = '19870620'): Promise<PreparedFile> {
  const idNumber = validIdNumber('654002', birth, person.seq * 2 + 1); // odd sequence → 男
  const c = new ApiSession(baseURL);
  await registerAndLogin(c, { idNumber, name: person.name, mobile: '13800138000', password: APPLICANT_PASSWORD });
  const cat = await c.get('/api/catalog');
  const hosp = cat.recommendingUnits.find((u: { name: string }) => u.name === '伊犁哈萨克自治州人民医院');
  const spec = cat.specialties.find((s: { name: string }) => s.name === '临床医学');
  const { id } = await c.post('/api/applicant/applications', { year: 2026, specialtyId: spec.id, level: 'middle', recommendingOrgId: hosp.id });
  let version: number = (await c.get(`/api/applicant/applications/${id}`)).application.version;
  const sections = validSections({ name: person.name, idNumber, birthDate: `${birth.slice(0, 4)}-${birth.slice(4, 6)}-${birth.slice(6)}`, sex: '男' });
  for (const [code, data] of Object.entries(sections)) {
    version = (await c.put(`/api/applicant/applications/${id}/sections/${code}`, { version, data })).version;
  }
  for (const u of REQUIRED_UPLOADS) {
    for (let i = 0; i < u.count; i++) {
      await c.upload(`/api/applicant/applications/${id}/attachments`, uploadFields(u), { name: `${u.rowId ? `${u.rowId}-` : ''}${u.slot}-${i}.jpg`, bytes: await makeJpeg() });
    }
  }
  for (const item of (await c.get(`/api/applicant/applications/${id}/masking`)).items) {
    await c.put(`/api/applicant/applications/${id}/attachments/${item.id}/masking`, { needsMasking: false });
  }
  version = (await c.get(`/api/applicant/applications/${id}`)).application.version;
  await c.post(`/api/applicant/applications/${id}/submit`, { version });
  return { id, name: person.name, idNumber, password: APPLICANT_PASSWORD, applicant: c };
}

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
 * `birth` keeps the ID numbers of different test files apart.
 */
export async function filesAtCommittee(
  baseURL: string,
  clockFile: string,
  people: Array<{ name: string; seq: number }>,
  opts: { startAt: string; recommendAt: string; birth?: string },
): Promise<SubmittedFile[]> {
  setClock(clockFile, opts.startAt);
  const files: SubmittedFile[] = [];
  for (const p of people) files.push(await submitDeclaration(baseURL, p, opts.birth ?? '19880312'));
  const unit = await login(baseURL, 'unit');
  for (const f of files) await unit.post(`/api/unit/applications/${f.id}/publicity`, { version: await stageVersion(unit, 'unit', f.id), ...PUBLICITY_BODY });
  // past the publicity; sessions last 7 days, so everyone signs in at the new time
  setClock(clockFile, opts.recommendAt);
  const [unit2, competent] = await Promise.all([login(baseURL, 'unit'), login(baseURL, 'competent')]);
  for (const f of files) {
    for (const kind of ['publicity_notice', 'publicity_result']) {
      await unit2.upload(`/api/unit/applications/${f.id}/documents`, { kind }, { name: `${kind}盖章.jpg`, bytes: await makeJpeg() });
    }
    await unit2.post(`/api/unit/applications/${f.id}/recommend`, { version: await stageVersion(unit2, 'unit', f.id) });
    await competent.upload(`/api/competent/applications/${f.id}/documents`, { kind: 'competent_recommendation' }, { name: '附件4盖章.jpg', bytes: await makeJpeg() });
    await competent.post(`/api/competent/applications/${f.id}/recommend`, { version: await stageVersion(competent, 'competent', f.id), opinion: '经审核，同意推荐。' });
  }
  return files;
}

/**
 * Files in status 'accepted' with a confirmed fee, at `acceptedAt` (the clock is left there).
 * `startAt` must be a working day whose 5-working-day unit publicity ends before `acceptedAt`.
 */
export async function acceptedFeePaidFiles(
  baseURL: string,
  clockFile: string,
  people: Array<{ name: string; seq: number }>,
  opts: { startAt: string; acceptedAt: string },
): Promise<PreparedFile[]> {
  const files = await filesAtCommittee(baseURL, clockFile, people, { startAt: opts.startAt, recommendAt: opts.acceptedAt, birth: '19870620' });
  const [committee, unitlead, finance] = await Promise.all(['committee', 'unitlead', 'finance'].map((u) => login(baseURL, u)));
  for (const f of files) await committee.post(`/api/committee/applications/${f.id}/accept`, { version: await stageVersion(committee, 'committee', f.id) });
  const batch = await unitlead.upload(
    '/api/unit/fee-batches',
    { year: '2026', applicationIds: files.map((f) => f.id).join(','), amount: String(300 * files.length), payer: '张伟', paidAt: opts.acceptedAt },
    { name: '缴费凭证.jpg', bytes: await makeJpeg() },
  );
  await finance.post(`/api/bureau/fee-batches/${batch.id}/confirm`);
  return files;
}
