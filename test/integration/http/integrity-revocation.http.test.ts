// Issue 10 item 4 (I1) over HTTP: the bureau revokes a title from the integrity archive by its file
// code; the certificate is revoked with it (the public page says so), the ban is recorded for the
// policy's 3 years; the banned person, who already has an account, is told at login with the end
// date and cannot start a draft.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkInvariants } from '../../../src/db/invariants';
import { DEMO_PASSWORD } from '../../../src/db/seed';
import { issueCertificates } from '../../../src/services/certificate.service';
import { transition } from '../../../src/services/transition';
import { createTestSystem, type TestSystem } from '../../support/test-system';
import { clientFor, loginAs, type Client, type Res } from '../../support/http-client';
import { createAcceptedFile, type AcceptedFile } from '../../support/expert-fixtures';

let sys: TestSystem;
let bureau: Client;
let A: AcceptedFile;
let other: AcceptedFile;
const CODE = '2026-WS-0002';
let certificateToken = '';
let certificateNumber = '';

function ok(res: Res, status = 200) {
  expect(res.statusCode, res.rawPayload.toString()).toBe(status);
  return res.json();
}

/** accepted → in_review → passed through the state machine, with the file code the meeting gives. */
async function passWithCode(f: AcceptedFile, code: string) {
  await sys.db.transaction().execute(async (trx) => {
    const now = sys.clock.now();
    let app = await trx.selectFrom('application').select(['id', 'status', 'version', 'applicantId']).where('id', '=', f.applicationId).executeTakeFirstOrThrow();
    const r1 = await transition(trx, app, 'start_review', { actor: null, now, set: { fileCode: code } });
    app = { ...app, status: r1.to, version: r1.version };
    await transition(trx, app, 'pass', { actor: null, now });
    await issueCertificates(trx, [f.applicationId], now);
  });
}

beforeAll(async () => {
  sys = await createTestSystem();
  A = await createAcceptedFile(sys.ctx, { name: '王建国', seq: 901, unitCode: 'hosp', workUnits: ['伊犁哈萨克自治州人民医院'] });
  other = await createAcceptedFile(sys.ctx, { name: '李秀英', seq: 902, unitCode: 'tcm', workUnits: ['伊犁哈萨克自治州中医医院'] });
  await passWithCode(A, CODE);
  await passWithCode(other, '2026-WS-0003');
  const cert = await sys.db.selectFrom('certificate').select(['token', 'number']).where('applicationId', '=', A.applicationId).executeTakeFirstOrThrow();
  certificateToken = cert.token;
  certificateNumber = cert.number;
  bureau = await loginAs(sys.app, 'bureau');
});

afterAll(async () => {
  await checkInvariants(sys.db);
  await sys.close();
});

const finding = (over: Record<string, unknown> = {}) => ({
  idNumber: A.idNumber,
  finding: '伪造论文发表证明',
  decidedOn: '2026-03-02',
  documentRef: '伊州人社诚〔2026〕2号',
  revokeFileCode: CODE,
  ...over,
});

describe('revoking a title from the integrity archive by its file code', () => {
  it('before: the person is not banned and the certificate verifies as valid', async () => {
    const applicant = await loginAs(sys.app, A.username);
    expect(ok(await applicant.get('/api/me')).integrityBan).toBeNull();
    expect(ok(await clientFor(sys.app).get(`/api/public/certificates/${certificateToken}`))).toMatchObject({ valid: true, revoked: false });
  });

  it('refuses a file code of another person, or one that does not exist, at the field, and writes nothing', async () => {
    for (const code of ['2026-WS-0003', '2026-WS-0999']) {
      const res = await bureau.post('/api/bureau/integrity-records', finding({ revokeFileCode: code }));
      expect(res.statusCode).toBe(422);
      expect(res.json()).toMatchObject({ code: 'INVALID_INPUT', errors: [{ field: 'revokeFileCode' }] });
      expect(res.json().detail).toContain(`档案编号${code}`);
    }
    const bad = await bureau.post('/api/bureau/integrity-records', finding({ revokeFileCode: 'WS-2' }));
    expect(bad.statusCode).toBe(400);
    expect(await sys.db.selectFrom('integrityRecord').select('id').execute()).toEqual([]);
  });

  it('only the bureau administrator may record it', async () => {
    const office = await loginAs(sys.app, 'committee');
    const res = await office.post('/api/bureau/integrity-records', finding());
    expect(res.statusCode).toBe(403);
    expect(await sys.db.selectFrom('integrityRecord').select('id').execute()).toEqual([]);
  });

  it('records the finding, revokes the title and its certificate, and answers with the ban’s end', async () => {
    const r = ok(await bureau.post('/api/bureau/integrity-records', finding({ revokeFileCode: ` ${CODE.toLowerCase()} ` })), 201);
    expect(r).toMatchObject({
      revokedApplicationId: A.applicationId,
      revokedFileCode: CODE,
      revokedCertificateNumber: certificateNumber,
      banEndsOn: '2029-03-02', // integrity_ban_years = 3 from the decision
    });
    expect(r.ban).toContain('2029年3月2日前不得申报');
    const app = await sys.db.selectFrom('application').select('status').where('id', '=', A.applicationId).executeTakeFirstOrThrow();
    expect(app.status).toBe('revoked');
    const cert = await sys.db.selectFrom('certificate').select(['revokedAt', 'revokedReason']).where('applicationId', '=', A.applicationId).executeTakeFirstOrThrow();
    expect(cert.revokedAt).not.toBeNull();
    expect(cert.revokedReason).toBe('伪造论文发表证明（伊州人社诚〔2026〕2号）');
    // one transaction wrote the record, the status change and the certificate's revocation, each audited
    const audit = await sys.db.selectFrom('auditLog').select(['action', 'fromStatus', 'toStatus']).where('applicationId', '=', A.applicationId).where('action', 'in', ['integrity_record', 'revoke', 'certificate_revoke']).orderBy('id').execute();
    expect(audit).toEqual([
      { action: 'integrity_record', fromStatus: null, toStatus: null },
      { action: 'revoke', fromStatus: 'passed', toStatus: 'revoked' },
      { action: 'certificate_revoke', fromStatus: null, toStatus: null },
    ]);
    // the other person's title is untouched
    expect((await sys.db.selectFrom('certificate').select('revokedAt').where('applicationId', '=', other.applicationId).executeTakeFirstOrThrow()).revokedAt).toBeNull();
  });

  it('the public verification page shows the certificate as revoked', async () => {
    expect(ok(await clientFor(sys.app).get(`/api/public/certificates/${certificateToken}`))).toMatchObject({ valid: false, revoked: true, revokedOn: '2026-03-02' });
  });

  it('the archive lists the revoked title; revoking the same file again is refused', async () => {
    const list = ok(await bureau.get(`/api/bureau/integrity-records?idNumber=${A.idNumber}`));
    expect(list.items).toHaveLength(1);
    expect(list.items[0]).toMatchObject({ revokedApplicationId: A.applicationId, revokedTitle: expect.stringContaining('中级职称') });
    const again = await bureau.post('/api/bureau/integrity-records', finding({ documentRef: '伊州人社诚〔2026〕3号' }));
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('INVALID_TRANSITION');
  });
});

describe('the banned person with an account', () => {
  it('is told at login, with the day the ban ends', async () => {
    const session = ok(await clientFor(sys.app).post('/api/auth/login', { username: A.username, password: DEMO_PASSWORD }));
    expect(session.integrityBan).toEqual({ endsOn: '2029-03-02', message: expect.stringContaining('2029年3月2日前不得申报职称评审') });
    expect(session.integrityBan.message).toContain('伪造论文发表证明');
  });

  it('sees the ban on every page load (/api/me) and cannot start a draft', async () => {
    const applicant = await loginAs(sys.app, A.username);
    expect(ok(await applicant.get('/api/me')).integrityBan.endsOn).toBe('2029-03-02');
    const before = await sys.db.selectFrom('application').select('id').where('applicantId', '=', A.applicantId).execute();
    const catalog = ok(await applicant.get('/api/catalog'));
    const spec = catalog.specialties.find((s: { name: string }) => s.name === '临床医学');
    const unit = catalog.recommendingUnits.find((u: { name: string }) => u.name === '伊犁哈萨克自治州人民医院');
    const res = await applicant.post('/api/applicant/applications', { year: 2026, specialtyId: spec.id, level: 'middle', recommendingOrgId: unit.id });
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ code: 'INTEGRITY_BAN', title: '诚信档案限制' });
    expect(res.json().detail).toContain('2029年3月2日前不得申报');
    const after = await sys.db.selectFrom('application').select('id').where('applicantId', '=', A.applicantId).execute();
    expect(after).toEqual(before);
  });

  it('another person is not told anything', async () => {
    const applicant = await loginAs(sys.app, other.username);
    expect(ok(await applicant.get('/api/me')).integrityBan).toBeNull();
  });

  it('after the ban has ended the person is no longer told', async () => {
    sys.clock.set('2029-03-02T02:00:00Z');
    const applicant = await loginAs(sys.app, A.username);
    expect(ok(await applicant.get('/api/me')).integrityBan).toBeNull();
  });
});
