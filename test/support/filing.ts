// A submitted file through the applicant's API: register, fill every section, upload, mark images, submit.
import { expect } from 'vitest';
import type { App } from '../../src/http/app';
import { registerApplicant, type Client } from './http-client';
import { makeJpeg, REQUIRED_UPLOADS, uploadFields, validSections } from './declaration-fixture';
import { validIdNumber } from './id-numbers';

export interface Filed {
  id: number;
  applicant: Client;
  name: string;
  idNumber: string;
}

export interface FilingOptions {
  /** The recommending unit or personnel agency (U4) the applicant picks; 州人民医院 by default. */
  unitName?: string;
  /** U5: declares an aid posting (A13) and uploads the applicant's copy of the approval. */
  aidPosting?: boolean;
}

/** A complete declaration with every image uploaded and marked, not yet submitted (a draft). */
export async function draftFile(app: App, seq: number, name: string, opts: FilingOptions = {}): Promise<Filed> {
  const birth = `1986${String(1 + (seq % 12)).padStart(2, '0')}15`;
  const idNumber = validIdNumber('654002', birth, seq * 2 + 1); // odd sequence → 男
  const { res, client } = await registerApplicant(app, { idNumber, name });
  expect(res.statusCode, res.rawPayload.toString()).toBe(202);
  const c = client!;
  const cat = (await c.get('/api/catalog')).json();
  const hosp = cat.recommendingUnits.find((u: { name: string }) => u.name === (opts.unitName ?? '伊犁哈萨克自治州人民医院'));
  expect(hosp, `推荐单位 ${opts.unitName}`).toBeTruthy();
  const spec = cat.specialties.find((s: { name: string }) => s.name === '临床医学');
  const created = await c.post('/api/applicant/applications', { year: 2026, specialtyId: spec.id, level: 'middle', recommendingOrgId: hosp.id });
  expect(created.statusCode, created.rawPayload.toString()).toBe(201);
  const id = created.json().id as number;
  const sections = validSections({ name, idNumber, birthDate: `${birth.slice(0, 4)}-${birth.slice(4, 6)}-${birth.slice(6)}`, sex: '男' });
  if (opts.aidPosting) sections.A13 = { ...sections.A13, fields: { ...sections.A13.fields, aidPosting: true } };
  for (const [code, data] of Object.entries(sections)) {
    const versions = (await c.get(`/api/applicant/applications/${id}`)).json().sectionVersions;
    const r = await c.put(`/api/applicant/applications/${id}/sections/${code}`, { version: versions[code], data });
    expect(r.statusCode, `${code}: ${r.rawPayload.toString()}`).toBe(200);
  }
  for (const u of [...REQUIRED_UPLOADS, ...(opts.aidPosting ? [{ sectionCode: 'A13' as const, slot: 'aid_approval', count: 1 }] : [])]) {
    for (let i = 0; i < u.count; i++) {
      const r = await c.upload(`/api/applicant/applications/${id}/attachments`, uploadFields(u), { name: `${u.rowId ?? ''}${u.slot}-${i}.jpg`, bytes: await makeJpeg() });
      expect(r.statusCode, r.rawPayload.toString()).toBe(201);
    }
  }
  for (const item of (await c.get(`/api/applicant/applications/${id}/masking`)).json().items) {
    expect((await c.put(`/api/applicant/applications/${id}/attachments/${item.id}/masking`, { needsMasking: false })).statusCode).toBe(200);
  }
  return { id, applicant: c, name, idNumber };
}

export async function submittedFile(app: App, seq: number, name: string, opts: FilingOptions = {}): Promise<Filed> {
  const f = await draftFile(app, seq, name, opts);
  const version = (await f.applicant.get(`/api/applicant/applications/${f.id}`)).json().application.version as number;
  const sub = await f.applicant.post(`/api/applicant/applications/${f.id}/submit`, { version });
  expect(sub.statusCode, sub.rawPayload.toString()).toBe(200);
  return f;
}

/** U3: the unit uploads the stamped 附件2 and 附件3 (the year's policy requires them before recommending). */
export async function uploadUnitScans(unit: Client, applicationId: number): Promise<void> {
  for (const kind of ['publicity_notice', 'publicity_result']) {
    const r = await unit.upload(`/api/unit/applications/${applicationId}/documents`, { kind }, { name: `${kind}盖章.jpg`, bytes: await makeJpeg() });
    expect(r.statusCode, r.rawPayload.toString()).toBe(201);
  }
}
