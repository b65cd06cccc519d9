// Issue 9 item 10: input the database cannot store (NUL, a lone surrogate, ids ≥ 2³¹, dates that
// do not exist) and malformed upload forms answer 400 with a Chinese message, never 500 or 413.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_APPLICANT_ID } from '../../../src/db/seed';
import { createTestSystem, type TestSystem } from '../../support/test-system';
import { loginAs, SAME_ORIGIN, type Client, type Res } from '../../support/http-client';
import { makeJpeg } from '../../support/declaration-fixture';

let sys: TestSystem;
let applicant: Client;
let unit: Client;
let committee: Client;
beforeAll(async () => {
  sys = await createTestSystem();
  applicant = await loginAs(sys.app, DEMO_APPLICANT_ID);
  unit = await loginAs(sys.app, 'unit');
  committee = await loginAs(sys.app, 'committee');
});
afterAll(async () => {
  await sys.close();
});

const BIG = 2 ** 31;

function expect400(res: Res, says: RegExp) {
  expect(res.statusCode, res.rawPayload.toString()).toBe(400);
  expect(res.headers['content-type']).toContain('application/problem+json');
  expect(res.json().detail).toMatch(says);
}

function rawJson(c: Client, method: 'POST' | 'PUT', url: string, json: string) {
  return sys.app.inject({ method, url, headers: { cookie: c.cookie, 'content-type': 'application/json' }, payload: json }) as Promise<Res>;
}

describe('characters the database cannot store', () => {
  it('refuses a NUL character in a login name with 400 naming the field', async () => {
    const res = (await sys.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'unit\u0000', password: 'x' } })) as Res;
    expect400(res, /空字符/);
    expect(res.json().errors[0].field).toBe('username');
  });

  it('refuses a NUL character in a search query', async () => {
    expect400(await unit.get('/api/unit/applications?q=a%00b'), /空字符/);
  });

  it('refuses a lone surrogate in a text field', async () => {
    const body = '{"content":"异议\\ud800内容","raisedBy":"某某"}';
    expect400(await rawJson(unit, 'POST', '/api/unit/applications/1/objections', body), /无法识别的字符/);
  });
});

describe('ids beyond a PostgreSQL integer', () => {
  it.each([
    ['applicant file', () => applicant.get(`/api/applicant/applications/${BIG}`)],
    ['attachment image', () => applicant.get(`/api/attachments/${BIG}/original`)],
    ['timeline', () => applicant.get(`/api/applications/${BIG}/timeline`)],
    ['unit file', () => unit.get(`/api/unit/applications/${BIG}`)],
    ['meeting', () => committee.get(`/api/committee/meetings/${BIG}`)],
    ['roster ids in a body', () => committee.put('/api/committee/meetings/1/roster', { expertIds: [BIG] })],
  ] as const)('answers 400 for the %s', async (_what, call) => {
    expect400(await call(), /超出范围/);
  });
});

describe('dates that do not exist', () => {
  it('refuses 2026-02-30 as an objection date', async () => {
    const res = await unit.post('/api/unit/applications/1/objections', { content: '反映材料不实', raisedOn: '2026-02-30' });
    expect400(res, /2026年2月没有30日/);
    expect(res.json().errors[0].message).toContain('提出日期');
  });

  it('names a month that does not exist', async () => {
    const res = await unit.post('/api/unit/applications/1/objections', { content: '反映材料不实', raisedOn: '2026-13-01' });
    expect400(res, /没有13月/);
  });

  it('refuses 2026-02-30 as a meeting time', async () => {
    const res = await committee.post('/api/committee/meetings', {
      year: 2026, series: '卫生', level: 'middle', title: '测试会议', scheduledAt: '2026-02-30T10:00:00+08:00',
    });
    expect(res.statusCode, res.rawPayload.toString()).toBe(400);
  });
});

describe('upload forms', () => {
  function form(parts: Array<{ name: string; file?: string; body: Buffer | string }>) {
    const b = '----zhipingtest';
    const chunks = parts.flatMap((p) => [
      Buffer.from(`--${b}\r\nContent-Disposition: form-data; name="${p.name}"${p.file ? `; filename="${p.file}"\r\nContent-Type: image/jpeg` : ''}\r\n\r\n`),
      Buffer.isBuffer(p.body) ? p.body : Buffer.from(p.body),
      Buffer.from('\r\n'),
    ]);
    chunks.push(Buffer.from(`--${b}--\r\n`));
    return { payload: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${b}` };
  }
  async function upload(parts: Parameters<typeof form>[0]) {
    // the applicant's own application: ownership is checked before the form is read (issue 9 item 8)
    const apps = (await applicant.get('/api/applicant/applications')).json();
    let id = (apps.items ?? apps)[0]?.id;
    if (!id) {
      const cat = (await applicant.get('/api/catalog')).json();
      const created = await applicant.post('/api/applicant/applications', { year: 2026, specialtyId: cat.specialties[0].id, level: 'middle', recommendingOrgId: cat.recommendingUnits[0].id });
      expect(created.statusCode, created.rawPayload.toString()).toBe(201);
      id = created.json().id;
    }
    const { payload, contentType } = form(parts);
    return (await sys.app.inject({
      method: 'POST',
      url: `/api/applicant/applications/${id}/attachments`,
      headers: { cookie: applicant.cookie, 'content-type': contentType, ...SAME_ORIGIN },
      payload,
    })) as Res;
  }

  it('says "one file at a time" for two files instead of 413 "too large"', async () => {
    const jpeg = await makeJpeg();
    const res = await upload([
      { name: 'sectionCode', body: 'A1' },
      { name: 'file', file: 'a.jpg', body: jpeg },
      { name: 'file', file: 'b.jpg', body: jpeg },
    ]);
    expect400(res, /一次只能上传一个文件/);
  });

  it('says "too many fields" for extra fields instead of 413 "too large"', async () => {
    const fields = Array.from({ length: 12 }, (_, i) => ({ name: `f${i}`, body: 'x' }));
    expect400(await upload(fields), /字段过多/);
  });
});
