// The applicant's declaration over HTTP on the real database: registration, sections, uploads,
// bad input, concurrency, submission, read-only afterwards, timeline and access by organisation.
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_APPLICANT_ID } from '../../../src/db/seed';
import { checkInvariants } from '../../../src/db/invariants';
import { createTestSystem, type TestSystem } from '../../support/test-system';
import { clientFor, loginAs, registerApplicant, type Client } from '../../support/http-client';
import { makeJpeg, REQUIRED_UPLOADS, uploadFields, validSections } from '../../support/declaration-fixture';
import { validIdNumber } from '../../support/id-numbers';

let sys: TestSystem;
beforeAll(async () => {
  sys = await createTestSystem();
});
afterAll(async () => {
  await checkInvariants(sys.db);
  await sys.close();
});

async function catalog(c: Client) {
  return (await c.get('/api/catalog')).json();
}

async function newApplication(c: Client) {
  const cat = await catalog(c);
  const unit = cat.recommendingUnits.find((u: { name: string }) => u.name === '伊犁哈萨克自治州人民医院');
  const spec = cat.specialties.find((s: { name: string }) => s.name === '临床医学');
  const res = await c.post('/api/applicant/applications', { year: 2026, specialtyId: spec.id, level: 'middle', recommendingOrgId: unit.id });
  expect(res.statusCode, res.rawPayload.toString()).toBe(201);
  return res.json().id as number;
}

async function declaration(c: Client, id: number) {
  const res = await c.get(`/api/applicant/applications/${id}`);
  expect(res.statusCode).toBe(200);
  return res.json();
}

async function countRows(table: 'attachment' | 'blob' | 'auditLog') {
  const r = await sys.db.selectFrom(table).select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
  return Number(r.n);
}

describe('front door', () => {
  it('answers /api/health and serves the OpenAPI document', async () => {
    const h = await sys.app.inject({ url: '/api/health' });
    expect(h.statusCode).toBe(200);
    expect(h.json().status).toBe('ok');
    const doc = await (await loginAs(sys.app, 'unit')).get('/api/docs/json');
    expect(doc.statusCode).toBe(200);
    const paths = Object.keys(doc.json().paths);
    expect(paths).toContain('/api/applicant/applications/{id}/submit');
    expect(paths).toContain('/api/auth/register');
  });

  it('answers problem+json with a Chinese message when not signed in', async () => {
    const res = await sys.app.inject({ url: '/api/applicant/applications' });
    expect(res.statusCode).toBe(401);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json().detail).toMatch(/登录/);
  });

  it('answers the session probe 200 with user null when signed out, and with the user when signed in', async () => {
    const out = await sys.app.inject({ url: '/api/auth/session' });
    expect(out.statusCode).toBe(200);
    expect(out.json()).toEqual({ user: null, integrityBan: null });
    const unit = await loginAs(sys.app, 'unit');
    const me = await unit.get('/api/auth/session');
    expect(me.statusCode).toBe(200);
    expect(me.json().user).toMatchObject({ displayName: '李红', roles: [expect.objectContaining({ role: 'unit_reviewer' })] });
    expect(me.json().user).not.toHaveProperty('passwordHash');
  });
});

describe('registration and login', () => {
  it('refuses an ID number with a wrong checksum at the field', async () => {
    const good = validIdNumber('654002', '19900101', 123);
    const bad = good.slice(0, 17) + (good[17] === '0' ? '1' : '0');
    const { res } = await registerApplicant(sys.app, { idNumber: bad, name: '王建国' });
    expect(res.statusCode).toBe(422);
    expect(res.json().errors[0].field).toBe('idNumber');
    expect(res.json().errors[0].message).toMatch(/校验/);
  });

  it('registers with a valid ID; the applicant then signs in with the ID number and password', async () => {
    const id = validIdNumber('654002', '19880512', 456);
    const { res, client } = await registerApplicant(sys.app, { idNumber: id, name: '王建国' });
    expect(res.statusCode).toBe(202);
    expect(res.headers['set-cookie']).toBeUndefined();
    const me = await client!.get('/api/me');
    expect(me.json().user.displayName).toBe('王建国');
    const hash = await sys.db.selectFrom('appUser').select('passwordHash').where('username', '=', id).executeTakeFirstOrThrow();
    expect(hash.passwordHash.startsWith('$argon2id$')).toBe(true);
  });

  // Issue 9 item 4: anyone can type anyone's ID number, so the answer may not depend on it.
  it('answers a registered, a banned and a fresh ID number alike: no “already registered”, no integrity finding', async () => {
    const registered = validIdNumber('654002', '19880612', 458);
    const banned = validIdNumber('654002', '19790101', 135);
    const fresh = validIdNumber('654002', '19890101', 137);
    expect((await registerApplicant(sys.app, { idNumber: registered, name: '王建国' })).res.statusCode).toBe(202);
    const bureau = await sys.db.selectFrom('appUser').select('id').where('username', '=', 'bureau').executeTakeFirstOrThrow();
    await sys.db
      .insertInto('integrityRecord')
      .values({ idNumber: banned, finding: '伪造学历证书骗取职称', decidedOn: '2025-06-01', documentRef: '伊州人社诚〔2025〕1号', recordedBy: bureau.id, recordedAt: sys.clock.now() })
      .execute();
    const answers = [];
    for (const idNumber of [registered, banned, fresh]) {
      const res = await sys.app.inject({ method: 'POST', url: '/api/auth/register', payload: { idNumber, name: '冒名者', mobile: '13900000000', password: 'Another#2026' } });
      answers.push({ status: res.statusCode, body: res.rawPayload.toString(), cookie: res.headers['set-cookie'] ?? null });
    }
    expect(answers[1]).toEqual(answers[0]);
    expect(answers[2]).toEqual(answers[0]);
    expect(answers[0].status).toBe(202);
    expect(answers[0].cookie).toBeNull();
    expect(answers[0].body).not.toMatch(/已注册的|伪造|不得申报|诚信/);
    expect(JSON.parse(answers[0].body).message).toMatch(/如该身份证号此前已注册，请用原密码直接登录；忘记密码请联系推荐单位/);
    // the account that existed is untouched: its owner's password still works, the newcomer's does not
    const owner = await sys.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: registered, password: 'Secret#2026' } });
    expect(owner.statusCode).toBe(200);
    const impostor = await sys.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: registered, password: 'Another#2026' } });
    expect(impostor.statusCode).toBe(401);
    const row = await sys.db.selectFrom('appUser').select(['displayName', 'mobile']).where('username', '=', registered).executeTakeFirstOrThrow();
    expect(row).toEqual({ displayName: '王建国', mobile: '13800138000' });
  });

  it('tells the integrity ban only to its owner, signed in, when they start a declaration (I1)', async () => {
    const id = validIdNumber('654002', '19790202', 139);
    const bureau = await sys.db.selectFrom('appUser').select('id').where('username', '=', 'bureau').executeTakeFirstOrThrow();
    await sys.db
      .insertInto('integrityRecord')
      .values({ idNumber: id, finding: '提供虚假业绩材料', decidedOn: '2025-06-01', documentRef: '伊州人社诚〔2025〕2号', recordedBy: bureau.id, recordedAt: sys.clock.now() })
      .execute();
    const { res, client } = await registerApplicant(sys.app, { idNumber: id, name: '赵六' });
    expect(res.statusCode).toBe(202);
    expect(res.rawPayload.toString()).not.toMatch(/虚假|2028/);
    const cat = (await client!.get('/api/catalog')).json();
    const hosp = cat.recommendingUnits.find((u: { name: string }) => u.name === '伊犁哈萨克自治州人民医院');
    const created = await client!.post('/api/applicant/applications', { year: 2026, specialtyId: cat.specialties[0].id, level: 'middle', recommendingOrgId: hosp.id });
    expect(created.statusCode).toBe(403);
    expect(created.json().code).toBe('INTEGRITY_BAN');
    expect(created.json().detail).toMatch(/提供虚假业绩材料.*2028年6月1日/);
    expect(await sys.db.selectFrom('application').select('id').where('applicantId', '=', (await client!.get('/api/me')).json().user.id).executeTakeFirst()).toBeUndefined();
  });

  it('refuses a wrong password with 401', async () => {
    const res = await sys.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'unit', password: 'wrong-password' } });
    expect(res.statusCode).toBe(401);
    expect(res.json().code).toBe('BAD_CREDENTIALS');
  });
});

describe('rows with stable ids', () => {
  let c: Client;
  let appId: number;
  const url = () => `/api/applicant/applications/${appId}/attachments`;
  const school = (name: string, rowId?: string) => ({ ...(rowId ? { rowId } : {}), startDate: '2003-09', endDate: '2008-07', school: name, major: '临床医学', education: '本科', degree: '学士', studyMode: '全日制' });

  async function save(code: string, data: unknown) {
    const d = await declaration(c, appId);
    return c.put(`/api/applicant/applications/${appId}/sections/${code}`, { version: d.sectionVersions[code], data });
  }

  beforeAll(async () => {
    const { client } = await registerApplicant(sys.app, { idNumber: validIdNumber('654002', '19860214', 777), name: '马丽' });
    c = client!;
    appId = await newApplication(c);
  });

  it('gives a new row an id, keeps the ids rows come with, and refuses a duplicate', async () => {
    const res = await save('A2', { fields: {}, rows: [school('伊宁市卫生学校', 'a2-first'), school('新疆医科大学')] });
    expect(res.statusCode, res.rawPayload.toString()).toBe(200);
    const rows = res.json().data.rows;
    expect(rows[0].rowId).toBe('a2-first');
    expect(rows[1].rowId).toMatch(/^[A-Za-z0-9_-]{8}$/);
    expect((await declaration(c, appId)).sections.A2.rows).toEqual(rows);
    const dup = await save('A2', { fields: {}, rows: [school('甲', 'same'), school('乙', 'same')] });
    expect(dup.statusCode).toBe(422);
    expect(dup.json().errors[0].field).toBe('A2.rows[1].rowId');
  });

  it('answers a new upload with the page as it is stored: the same answer as the repeat of it', async () => {
    expect((await save('A2', { fields: {}, rows: [school('伊宁市卫生学校', 'school-view')] })).statusCode).toBe(200);
    const bytes = await makeJpeg();
    const send = () => c.upload(url(), { sectionCode: 'A2', rowId: 'school-view', slot: 'diploma' }, { name: 'view.jpg', bytes });
    const first = await send();
    expect(first.statusCode, first.rawPayload.toString()).toBe(201);
    // the repeat finds the page already in the slot and reads it back from the database
    const again = await send();
    expect(again.statusCode).toBe(200);
    expect(first.json()).toEqual(again.json());
    expect(first.json()).toMatchObject({ rowId: 'school-view', rowIndex: 0, slot: 'diploma', originalName: 'view.jpg', maskStatus: 'pending', version: expect.any(Number) });
    expect(first.json().width).toBeGreaterThan(0);
    expect(first.json().pages).toEqual([again.json().pages[0]]);
    expect((await c.del(`${url()}/${first.json().id}`)).statusCode).toBe(204);
  });

  it('keeps each image on its row when A2 rows are moved', async () => {
    const rows = [school('伊宁市卫生学校', 'school-a'), school('新疆医科大学', 'school-b')];
    expect((await save('A2', { fields: {}, rows })).statusCode).toBe(200);
    const up = async (rowId: string, name: string) => {
      const res = await c.upload(url(), { sectionCode: 'A2', rowId, slot: 'diploma' }, { name, bytes: await makeJpeg() });
      expect(res.statusCode, res.rawPayload.toString()).toBe(201);
      return res.json();
    };
    const a = await up('school-a', 'school-a-diploma.jpg');
    const b = await up('school-b', 'school-b-diploma.jpg');
    expect([a.rowId, a.rowIndex, b.rowId, b.rowIndex]).toEqual(['school-a', 0, 'school-b', 1]);

    // 下移 the first row: the rows swap, each image stays with its school
    const moved = await save('A2', { fields: {}, rows: [rows[1], rows[0]] });
    expect(moved.statusCode, moved.rawPayload.toString()).toBe(200);
    const d = await declaration(c, appId);
    expect(d.sections.A2.rows.map((r: { school: string }) => r.school)).toEqual(['新疆医科大学', '伊宁市卫生学校']);
    const where = (id: number) => d.attachments.find((x: { id: number }) => x.id === id);
    expect(where(a.id)).toMatchObject({ rowId: 'school-a', rowIndex: 1, slot: 'diploma', originalName: 'school-a-diploma.jpg' });
    expect(where(b.id)).toMatchObject({ rowId: 'school-b', rowIndex: 0, slot: 'diploma', originalName: 'school-b-diploma.jpg' });
    // and the checklist asks for the missing record of each row where it now stands
    const missing = d.problems.filter((p: { section: string; field: string }) => p.section === 'A2' && p.field.endsWith('slot:record')).map((p: { field: string }) => p.field);
    expect(missing).toEqual(['rows[0]slot:record', 'rows[1]slot:record']);
    expect(d.problems.some((p: { code: string }) => p.code === 'ATTACHMENT_ORPHANED')).toBe(false);
  });

  it('refuses to delete a row that still has images, then deletes it once they are gone', async () => {
    const before = await declaration(c, appId);
    const keep = before.sections.A2.rows.filter((r: { rowId: string }) => r.rowId !== 'school-a');
    const refused = await save('A2', { fields: {}, rows: keep });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().code).toBe('ROW_HAS_ATTACHMENTS');
    expect(refused.json().detail).toBe('“学历学位情况”第2行学历还有1张已上传的附件，不能直接删除该行；请先删除该行的附件，再删除该行');
    expect((await declaration(c, appId)).sections.A2.rows).toHaveLength(2);

    const image = before.attachments.find((x: { rowId: string }) => x.rowId === 'school-a');
    expect((await c.del(`/api/applicant/applications/${appId}/attachments/${image.id}`)).statusCode).toBe(204);
    const ok = await save('A2', { fields: {}, rows: keep });
    expect(ok.statusCode, ok.rawPayload.toString()).toBe(200);
    expect((await declaration(c, appId)).sections.A2.rows.map((r: { rowId: string }) => r.rowId)).toEqual(['school-b']);
  });

  it('takes an upload and a concurrent save of the same section: both succeed', async () => {
    const d = await declaration(c, appId);
    const rows = d.sections.A2.rows;
    const [upload, saved] = await Promise.all([
      c.upload(url(), { sectionCode: 'A2', rowId: 'school-b', slot: 'record' }, { name: 'record.jpg', bytes: await makeJpeg() }),
      c.put(`/api/applicant/applications/${appId}/sections/A2`, { version: d.sectionVersions.A2, data: { fields: {}, rows: [{ ...rows[0], major: '护理学' }] } }),
    ]);
    expect(upload.statusCode, upload.rawPayload.toString()).toBe(201);
    expect(saved.statusCode, saved.rawPayload.toString()).toBe(200);
    expect(saved.json().version).toBe(d.sectionVersions.A2 + 1);
    const after = await declaration(c, appId);
    expect(after.sections.A2.rows[0].major).toBe('护理学');
    expect(after.attachments.find((a: { id: number }) => a.id === upload.json().id)).toMatchObject({ rowId: 'school-b', slot: 'record' });
  });

  it('keeps the file version for its status: uploads, deletes and masking decisions leave it alone', async () => {
    const d = await declaration(c, appId);
    const up = await c.upload(url(), { sectionCode: 'A7', slot: 'letter' }, { name: 'letter.jpg', bytes: await makeJpeg() });
    expect(up.statusCode).toBe(201);
    expect(up.json().version).toBe(1);
    const marked = await c.put(`/api/applicant/applications/${appId}/attachments/${up.json().id}/masking`, { needsMasking: false, version: 1 });
    expect(marked.statusCode, marked.rawPayload.toString()).toBe(200);
    expect(marked.json().version).toBe(2);
    // a decision naming the version it saw is refused once the image was decided meanwhile
    const stale = await c.put(`/api/applicant/applications/${appId}/attachments/${up.json().id}/masking`, { needsMasking: false, version: 1 });
    expect(stale.statusCode).toBe(409);
    expect((await c.del(`/api/applicant/applications/${appId}/attachments/${up.json().id}`)).statusCode).toBe(204);
    const after = await declaration(c, appId);
    expect(after.application.version).toBe(d.application.version);
    expect(after.sectionVersions).toEqual(d.sectionVersions);
  });

  it('refuses an image for a row that is not stored, or without its row', async () => {
    const gone = await c.upload(url(), { sectionCode: 'A2', rowId: 'school-a', slot: 'diploma' }, { name: 'x.jpg', bytes: await makeJpeg() });
    expect(gone.statusCode).toBe(422);
    expect(gone.json().detail).toMatch(/没有这一行/);
    const noRow = await c.upload(url(), { sectionCode: 'A2', slot: 'diploma' }, { name: 'x.jpg', bytes: await makeJpeg() });
    expect(noRow.statusCode).toBe(422);
    const sectionSlotWithRow = await c.upload(url(), { sectionCode: 'A7', rowId: 'school-b', slot: 'letter' }, { name: 'x.jpg', bytes: await makeJpeg() });
    expect(sectionSlotWithRow.statusCode).toBe(422);
  });
});

describe('declaration', () => {
  let c: Client;
  let appId: number;
  const ids = { name: '阿依古丽·买买提', idNumber: DEMO_APPLICANT_ID, birthDate: '1985-03-12', sex: '女' as const };

  beforeAll(async () => {
    c = await loginAs(sys.app, DEMO_APPLICANT_ID);
    appId = await newApplication(c);
  });

  it('refuses a second application for the same year', async () => {
    const cat = await catalog(c);
    const res = await c.post('/api/applicant/applications', { year: 2026, specialtyId: cat.specialties[0].id, level: 'middle', recommendingOrgId: cat.recommendingUnits[0].id });
    expect(res.statusCode).toBe(409);
  });

  it('saves a draft section and reports its problems, refusing a stale version', async () => {
    const d = await declaration(c, appId);
    const v = d.sectionVersions.A3;
    expect(v).toBe(0); // never stored
    const gap = {
      fields: {},
      rows: [
        { startDate: '2008-07', endDate: '2015-06', unit: '伊宁县人民医院', position: '住院医师' },
        { startDate: '2016-03', endDate: '', unit: '伊犁哈萨克自治州人民医院', position: '主治医师' },
      ],
    };
    const res = await c.put(`/api/applicant/applications/${appId}/sections/A3`, { version: v, data: gap });
    expect(res.statusCode, res.rawPayload.toString()).toBe(200);
    expect(res.json().version).toBe(v + 1);
    const gapProblem = res.json().problems.find((p: { code: string }) => p.code === 'WORK_HISTORY_GAP');
    expect(gapProblem.message).toMatch(/空档/);
    const stale = await c.put(`/api/applicant/applications/${appId}/sections/A3`, { version: v, data: gap });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().detail).toBe('该材料已被他人修改，请刷新后重试');
    // only A3 moved on: the file's version is for its status, the other sections keep theirs
    const after = await declaration(c, appId);
    expect(after.sectionVersions.A3).toBe(1);
    expect(after.sectionVersions.A1).toBe(d.sectionVersions.A1);
    expect(after.application.version).toBe(d.application.version);
  });

  it('refuses a 50 000-character field without storing it', async () => {
    const d = await declaration(c, appId);
    const res = await c.put(`/api/applicant/applications/${appId}/sections/A5`, {
      version: d.sectionVersions.A5,
      data: { fields: {}, rows: [{ title: '成果', period: '2021年', role: '主持', description: '字'.repeat(50_000) }] },
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().detail).toMatch(/过长/);
    const after = await declaration(c, appId);
    expect(after.sectionVersions.A5).toBe(d.sectionVersions.A5);
    expect(after.sections.A5.rows).toEqual([]);
  });

  it('stores script tags as plain text, unchanged', async () => {
    const d = await declaration(c, appId);
    const evil = '<script>alert(1)</script>成果';
    const res = await c.put(`/api/applicant/applications/${appId}/sections/A5`, {
      version: d.sectionVersions.A5,
      data: { fields: {}, rows: [{ title: evil, period: '2021年', role: '主持', description: '内容' }] },
    });
    expect(res.statusCode).toBe(200);
    expect((await declaration(c, appId)).sections.A5.rows[0].title).toBe(evil);
  });

  describe('uploads', () => {
    const url = () => `/api/applicant/applications/${appId}/attachments`;
    const bad: Array<[string, () => Promise<Buffer>, RegExp]> = [
      ['a PNG renamed .jpg', () => sharp({ create: { width: 800, height: 800, channels: 3, background: '#fff' } }).png().toBuffer(), /PNG/],
      ['a PDF renamed .jpg', async () => Buffer.from('%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF'), /PDF/],
      ['a 0-byte file', async () => Buffer.alloc(0), /0字节/],
      ['a truncated JPEG', async () => (await makeJpeg(1200, 1200)).subarray(0, 4000), /不完整|损坏/],
      ['a 20000×20000 JPEG', async () => jpegClaiming(await makeJpeg(800, 800), 20000, 20000), /过大/],
      ['a tiny image', () => makeJpeg(200, 150), /太小/],
    ];
    for (const [what, make, message] of bad) {
      it(`refuses ${what} with a clear error and stores nothing`, async () => {
        const [atts, blobs] = [await countRows('attachment'), await countRows('blob')];
        const res = await c.upload(url(), { sectionCode: 'A7', slot: 'letter' }, { name: 'scan.jpg', bytes: await make() });
        expect(res.statusCode).toBe(422);
        expect(res.json().detail).toMatch(message);
        expect(await countRows('attachment')).toBe(atts);
        expect(await countRows('blob')).toBe(blobs);
      });
    }

    it('applies EXIF orientation, strips metadata, and does not duplicate a retried upload', async () => {
      const sideways = await sharp(await makeJpeg(900, 700)).withMetadata({ orientation: 6 }).jpeg().toBuffer();
      const first = await c.upload(url(), { sectionCode: 'A7', slot: 'letter' }, { name: '承诺书.jpg', bytes: sideways });
      expect(first.statusCode, first.rawPayload.toString()).toBe(201);
      expect([first.json().width, first.json().height]).toEqual([700, 900]);
      const again = await c.upload(url(), { sectionCode: 'A7', slot: 'letter' }, { name: '承诺书.jpg', bytes: sideways });
      expect(again.statusCode).toBe(200);
      expect(again.json().id).toBe(first.json().id);
      const stored = await c.get(`/api/attachments/${first.json().id}/original`);
      const meta = await sharp(stored.rawPayload).metadata();
      expect(meta.exif).toBeUndefined();
      expect(meta.orientation).toBeUndefined();
      const thumb = await c.get(`/api/attachments/${first.json().id}/thumb`);
      expect((await sharp(thumb.rawPayload).metadata()).height).toBeLessThanOrEqual(240);
    });

    it.each([
      ['小一寸', 260, 378],
      ['一寸', 295, 413],
      ['二寸', 413, 579],
    ])('takes a standard %s ID photo (%i×%i) as the A1 photo, which a page slot refuses as too small', async (_name, w, h) => {
      const photo = await makeJpeg(w, h);
      const asPhoto = await c.upload(url(), { sectionCode: 'A1', slot: 'photo' }, { name: '照片.jpg', bytes: photo });
      expect(asPhoto.statusCode, asPhoto.rawPayload.toString()).toBe(201);
      expect([asPhoto.json().width, asPhoto.json().height]).toEqual([w, h]);
      const asPage = await c.upload(url(), { sectionCode: 'A1', slot: 'id_front' }, { name: '身份证.jpg', bytes: photo });
      expect(asPage.statusCode).toBe(422);
      expect(asPage.json().detail).toMatch(/短边至少600像素/);
      expect((await c.del(`${url()}/${asPhoto.json().id}`)).statusCode).toBe(204);
    });

    it('refuses an A1 photo below the policy’s photo size, naming a standard photo size', async () => {
      const res = await c.upload(url(), { sectionCode: 'A1', slot: 'photo' }, { name: '照片.jpg', bytes: await makeJpeg(200, 280) });
      expect(res.statusCode).toBe(422);
      expect(res.json().detail).toBe('照片太小（200×280像素），短边至少260像素，请上传标准证件照（如一寸照片295×413像素）');
    });

    it('refuses a slot that does not exist', async () => {
      const res = await c.upload(url(), { sectionCode: 'A7', slot: 'nope' }, { name: 'x.jpg', bytes: await makeJpeg() });
      expect(res.statusCode).toBe(422);
    });
  });

  it('refuses submission of an incomplete file, listing what to fix per field', async () => {
    const d = await declaration(c, appId);
    const res = await c.post(`/api/applicant/applications/${appId}/submit`, { version: d.application.version });
    expect(res.statusCode).toBe(422);
    const fields = res.json().errors.map((e: { field: string }) => e.field);
    expect(fields.some((f: string) => f.startsWith('A3.'))).toBe(true);
    expect(fields.some((f: string) => f.startsWith('A12.'))).toBe(true);
    expect((await declaration(c, appId)).application.status).toBe('draft');
  });

  it('blocks submission while an appraisal year is 不合格, then submits once fixed and every image is marked', async () => {
    // fill every section validly, except one failed appraisal year
    const sections = validSections(ids);
    sections.A11.rows[1].grade = '不合格';
    for (const [code, data] of Object.entries(sections)) {
      const v = (await declaration(c, appId)).sectionVersions[code];
      const res = await c.put(`/api/applicant/applications/${appId}/sections/${code}`, { version: v, data });
      expect(res.statusCode, `${code}: ${res.rawPayload.toString()}`).toBe(200);
    }
    for (const u of REQUIRED_UPLOADS) {
      for (let i = 0; i < u.count; i++) {
        const res = await c.upload(`/api/applicant/applications/${appId}/attachments`, uploadFields(u), { name: `${u.sectionCode}-${u.rowId ?? ''}${u.slot}-${i}.jpg`, bytes: await makeJpeg() });
        expect(res.statusCode, res.rawPayload.toString()).toBe(201);
      }
    }
    let d = await declaration(c, appId);
    const nonMasking = d.problems.filter((p: { section: string }) => p.section !== 'masking');
    expect(nonMasking.map((p: { code: string; message: string }) => `${p.code} ${p.message}`)).toEqual([expect.stringMatching(/^APPRAISAL_FAILED/)]);
    expect(nonMasking[0].message).toMatch(/2024/);

    // B2: every image outside A1 must be marked before submission
    expect(d.problems.some((p: { code: string }) => p.code === 'MASKING_UNMARKED')).toBe(true);
    const overview = (await c.get(`/api/applicant/applications/${appId}/masking`)).json();
    expect(overview.items.length).toBeGreaterThan(0);
    expect(overview.items.every((i: { sectionCode: string }) => i.sectionCode !== 'A1')).toBe(true);
    for (const item of overview.items) {
      const res = await c.put(`/api/applicant/applications/${appId}/attachments/${item.id}/masking`, { needsMasking: false });
      expect(res.statusCode, res.rawPayload.toString()).toBe(200);
    }
    // Issue 9 item 6: images marked 否 are detected all the same; here one shows a seal, which is
    // a warning for the applicant to check, not a reason to refuse the submission.
    const sealed = await sys.db.selectFrom('attachment').select('blobSha256').where('id', '=', overview.items[0].id).executeTakeFirstOrThrow();
    const sealedBytes = await sys.ctx.blobs.get(sealed.blobSha256);
    sys.services.maskingEngine = {
      detect: async (bytes) => ({ width: 800, height: 640, orientation: 0, regions: bytes.equals(sealedBytes) ? [{ kind: 'seal' as const, x: 10, y: 10, w: 120, h: 120, score: 0.9 }] : [] }),
      burn: async () => Buffer.alloc(0),
      verify: async () => ({ leaks: [] }),
    };
    // this file's images, and those of the other file in this database
    expect(await sys.runner.drain()).toBeGreaterThanOrEqual(overview.items.length);

    sections.A11.rows[1].grade = '合格';
    const v = (await declaration(c, appId)).sectionVersions.A11;
    expect((await c.put(`/api/applicant/applications/${appId}/sections/A11`, { version: v, data: sections.A11 })).statusCode).toBe(200);
    d = await declaration(c, appId);
    expect(d.problems).toEqual([
      expect.objectContaining({ section: 'masking', code: 'MASKING_IDENTITY_FOUND', severity: 'warning', field: `attachment:${overview.items[0].id}` }),
    ]);

    // a double-clicked submit: one wins, the other is told the file changed
    const [r1, r2] = await Promise.all([
      c.post(`/api/applicant/applications/${appId}/submit`, { version: d.application.version }),
      c.post(`/api/applicant/applications/${appId}/submit`, { version: d.application.version }),
    ]);
    expect([r1.statusCode, r2.statusCode].sort()).toEqual([200, 409]);
    const audits = await sys.db.selectFrom('auditLog').select(['action', 'fromStatus', 'toStatus', 'actorId']).where('applicationId', '=', appId).where('action', '=', 'submit').execute();
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({ fromStatus: 'draft', toStatus: 'submitted' });
  });

  it('is read-only after submission and shows the timeline with who and when', async () => {
    const d = await declaration(c, appId);
    expect(d.application.status).toBe('submitted');
    expect(d.application.editable).toBe(false);
    const res = await c.put(`/api/applicant/applications/${appId}/sections/A5`, { version: d.sectionVersions.A5, data: { fields: {}, rows: [] } });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('NOT_EDITABLE');
    const up = await c.upload(`/api/applicant/applications/${appId}/attachments`, { sectionCode: 'A7', slot: 'letter' }, { name: 'x.jpg', bytes: await makeJpeg() });
    expect(up.statusCode).toBe(409);
    const tl = (await c.get(`/api/applications/${appId}/timeline`)).json().items;
    expect(tl.map((i: { toStatus: string }) => i.toStatus)).toEqual(['draft', 'submitted']);
    expect(tl[1].actorName).toBe('阿依古丽·买买提');
    expect(tl[1].toLabel).toBe('已提交，待推荐单位审核');
  });

  it('shows the file to its recommending unit and hides it from other applicants and units (404)', async () => {
    const unit = await loginAs(sys.app, 'unit');
    expect((await unit.get(`/api/applications/${appId}/timeline`)).statusCode).toBe(200);
    const agency = await loginAs(sys.app, 'agency');
    expect((await agency.get(`/api/applications/${appId}/timeline`)).statusCode).toBe(404);
    const other = (await registerApplicant(sys.app, { idNumber: validIdNumber('654002', '19920202', 789), name: '李明' })).client!;
    expect((await other.get(`/api/applicant/applications/${appId}`)).statusCode).toBe(404);
    expect((await other.get(`/api/applications/${appId}/timeline`)).statusCode).toBe(404);
    const att = (await declaration(c, appId)).attachments[0];
    expect((await other.get(`/api/attachments/${att.id}/original`)).statusCode).toBe(404);
    // a unit reviewer may not use the applicant's routes at all
    expect((await unit.get(`/api/applicant/applications/${appId}`)).statusCode).toBe(403);
    expect((await clientFor(sys.app).get(`/api/attachments/${att.id}/original`)).statusCode).toBe(401);
  });
});

/** A small real JPEG whose SOF header claims other dimensions (a decompression-bomb stand-in). */
function jpegClaiming(jpeg: Buffer, width: number, height: number): Buffer {
  const out = Buffer.from(jpeg);
  for (let i = 2; i < out.length - 9; ) {
    if (out[i] !== 0xff) break;
    const marker = out[i + 1];
    const len = out.readUInt16BE(i + 2);
    if (marker >= 0xc0 && marker <= 0xc3) {
      out.writeUInt16BE(height, i + 5);
      out.writeUInt16BE(width, i + 7);
      return out;
    }
    i += 2 + len;
  }
  throw new Error('no SOF marker');
}
