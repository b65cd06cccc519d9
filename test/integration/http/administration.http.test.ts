// Administration over HTTP (issue 10): organisations as a tree, accounts and memberships, the expert
// pool and bulk import, with every refusal the issue names: role, organisation scope (a unit leader
// acting on another unit), granting a higher role, a deactivated organisation with files, bad
// import rows reported by row and column, and a re-import that changes nothing.
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkInvariants } from '../../../src/db/invariants';
import { createTestSystem, type TestSystem } from '../../support/test-system';
import { clientFor, loginAs, registerApplicant, type Client, type Res } from '../../support/http-client';
import { validIdNumber } from '../../support/id-numbers';

let sys: TestSystem;
let bureau: Client;
let unitlead: Client;
let orgId: Record<string, number>;

beforeAll(async () => {
  sys = await createTestSystem();
  bureau = await loginAs(sys.app, 'bureau');
  unitlead = await loginAs(sys.app, 'unitlead');
  const rows = await sys.db.selectFrom('organisation').select(['id', 'code']).execute();
  orgId = Object.fromEntries(rows.map((r) => [r.code, r.id]));
});
afterAll(async () => {
  await checkInvariants(sys.db);
  await sys.close();
});

const audits = (action: string) => sys.db.selectFrom('auditLog').select(['actorId', 'detail']).where('action', '=', action).orderBy('id').execute();

function expectProblem(res: Res, status: number, code: string) {
  expect(res.statusCode, res.rawPayload.toString()).toBe(status);
  expect(res.headers['content-type']).toContain('application/problem+json');
  expect(res.json().code).toBe(code);
  return res.json();
}

/** Logs in with a one-time password and changes it, as the first login does. */
async function firstLogin(username: string, oneTime: string): Promise<Client> {
  const c = await loginAs(sys.app, username, oneTime);
  const res = await c.post('/api/auth/password', { currentPassword: oneTime, newPassword: 'Kuitun#2027x' });
  expect(res.statusCode, res.rawPayload.toString()).toBe(200);
  return loginAs(sys.app, username, 'Kuitun#2027x');
}

describe('organisations', () => {
  it('refuses every role but the bureau administrator', async () => {
    expectProblem(await unitlead.get('/api/bureau/admin/organisations'), 403, 'FORBIDDEN');
    const finance = await loginAs(sys.app, 'finance');
    expectProblem(await finance.get('/api/bureau/admin/organisations'), 403, 'FORBIDDEN');
    expectProblem(await finance.post('/api/bureau/admin/organisations', { code: 'x1', name: '某单位', kind: 'competent', parentId: orgId.bureau, aliases: [] }), 403, 'FORBIDDEN');
  });

  it('creates a county bureau and a recommending unit under it, and lists them as a tree with aliases', async () => {
    const county = await bureau.post('/api/bureau/admin/organisations', { code: 'yining-county', name: '伊宁县人力资源和社会保障局', kind: 'county_bureau', parentId: orgId.bureau, aliases: ['伊宁县人社局'] });
    expect(county.statusCode, county.rawPayload.toString()).toBe(201);
    orgId['yining-county'] = county.json().id;
    const school = await bureau.post('/api/bureau/admin/organisations', { code: 'yn-school', name: '伊宁县第一中学', kind: 'recommending', parentId: orgId['yining-county'], aliases: ['县一中、伊宁一中'] });
    expect(school.statusCode).toBe(201);
    orgId['yn-school'] = school.json().id;
    const list = (await bureau.get('/api/bureau/admin/organisations')).json().items;
    expect(list.find((o: { code: string }) => o.code === 'yn-school')).toMatchObject({ kind: 'recommending', kindLabel: '推荐单位', parentId: orgId['yining-county'], aliases: ['县一中', '伊宁一中'], active: true, fileCount: 0 });
    expect(await audits('organisation_create')).toHaveLength(2);
  });

  it('refuses to place a recommending unit under the bureau or a committee, and a move under its own sub-unit', async () => {
    const body = expectProblem(
      await bureau.post('/api/bureau/admin/organisations', { code: 'bad-1', name: '某医院', kind: 'recommending', parentId: orgId.bureau, aliases: [] }),
      422,
      'ORG_PLACEMENT',
    );
    expect(body.detail).toBe('推荐单位不能设在州人社局之下，只能设在主管单位或县人社局之下');
    expect(body.errors).toEqual([{ field: 'parentId', message: body.detail }]);
    expectProblem(await bureau.put(`/api/bureau/admin/organisations/${orgId['yining-county']}`, { name: '伊宁县人力资源和社会保障局', parentId: orgId['yining-county'], aliases: [] }), 422, 'ORG_PLACEMENT');
  });

  it('moves and renames a unit, audited with before and after', async () => {
    const res = await bureau.put(`/api/bureau/admin/organisations/${orgId['yn-school']}`, { name: '伊宁县第一高级中学', parentId: orgId.health, aliases: ['县一中'] });
    expect(res.statusCode, res.rawPayload.toString()).toBe(200);
    const [a] = await audits('organisation_update');
    expect(a.detail).toMatchObject({ from: { name: '伊宁县第一中学', parentId: orgId['yining-county'] }, to: { name: '伊宁县第一高级中学', parentId: orgId.health, aliases: ['县一中'] } });
  });

  it('never deletes a unit with files: says how many, and deactivating keeps the files but closes it to new ones', async () => {
    const idNumber = validIdNumber('654002', '19800101', 11);
    const { client } = await registerApplicant(sys.app, { idNumber, name: '古丽娜' });
    const cat = (await client!.get('/api/catalog')).json();
    const spec = cat.specialties.find((s: { name: string }) => s.name === '临床医学');
    const made = await client!.post('/api/applicant/applications', { year: 2026, specialtyId: spec.id, level: 'middle', recommendingOrgId: orgId.tcm });
    expect(made.statusCode).toBe(201);
    const refused = expectProblem(await bureau.del(`/api/bureau/admin/organisations/${orgId.tcm}`), 409, 'ORG_HAS_FILES');
    expect(refused.detail).toBe('“伊犁哈萨克自治州中医医院”已有1份申报材料，不能删除；如不再使用，请停用该单位（已有材料不受影响）');
    expect(await sys.db.selectFrom('organisation').select('id').where('id', '=', orgId.tcm).executeTakeFirst()).toBeDefined();

    expect((await bureau.post(`/api/bureau/admin/organisations/${orgId.tcm}/active`, { active: false })).statusCode).toBe(200);
    expect((await audits('organisation_deactivate')).map((a) => a.detail)).toEqual([expect.objectContaining({ organisationId: orgId.tcm })]);
    // the file stays, the unit is no longer offered nor accepted for a new file
    expect(await sys.db.selectFrom('application').select('id').where('id', '=', made.json().id).executeTakeFirst()).toBeDefined();
    const cat2 = (await client!.get('/api/catalog')).json();
    expect(cat2.recommendingUnits.map((u: { id: number }) => u.id)).not.toContain(orgId.tcm);
    const other = await registerApplicant(sys.app, { idNumber: validIdNumber('654002', '19800101', 13), name: '木拉提' });
    const newFile = await other.client!.post('/api/applicant/applications', { year: 2026, specialtyId: spec.id, level: 'middle', recommendingOrgId: orgId.tcm });
    expect(expectProblem(newFile, 409, 'ORG_INACTIVE').detail).toContain('已停用');
    // nor for a membership
    const grant = await bureau.post('/api/bureau/admin/users', { username: 'tcm-reviewer', displayName: '新审核员', memberships: [{ role: 'unit_reviewer', organisationId: orgId.tcm }] });
    expect(expectProblem(grant, 409, 'ORG_INACTIVE').detail).toBe('该单位已停用，不能再添加人员');
  });

  it('deletes a unit created by mistake that has nothing on it', async () => {
    const made = await bureau.post('/api/bureau/admin/organisations', { code: 'typo', name: '误建单位', kind: 'agency', parentId: orgId.bureau, aliases: [] });
    expect((await bureau.del(`/api/bureau/admin/organisations/${made.json().id}`)).statusCode).toBe(204);
    expect(await audits('organisation_delete')).toHaveLength(1);
  });
});

describe('accounts and memberships', () => {
  let reviewerId = 0;

  it('a unit leader creates a reviewer of their own unit, with a one-time password that forces a change', async () => {
    const res = await unitlead.post('/api/unit/reviewers', { username: 'hosp-rev2', displayName: '古再丽', organisationId: orgId.hosp });
    expect(res.statusCode, res.rawPayload.toString()).toBe(201);
    reviewerId = res.json().id;
    const c = await loginAs(sys.app, 'hosp-rev2', res.json().password);
    expectProblem(await c.get('/api/unit/applications'), 403, 'PASSWORD_CHANGE_REQUIRED');
    await firstLogin('hosp-rev2', res.json().password);
    const mine = (await unitlead.get('/api/unit/reviewers')).json().items.map((u: { username: string }) => u.username);
    expect(mine).toEqual(expect.arrayContaining(['unit', 'hosp-rev2']));
    expect(mine).not.toContain('unitlead');
  });

  it('refuses a unit leader acting on another unit: creating there, or deactivating its reviewer (404, existence never leaks)', async () => {
    expectProblem(await unitlead.post('/api/unit/reviewers', { username: 'design-rev', displayName: '某人', organisationId: orgId.design }), 404, 'NOT_FOUND');
    const other = await bureau.post('/api/bureau/admin/users', { username: 'design-rev', displayName: '设计院审核员', memberships: [{ role: 'unit_reviewer', organisationId: orgId.design }] });
    expect(other.statusCode).toBe(201);
    expectProblem(await unitlead.post(`/api/unit/reviewers/${other.json().id}/active`, { active: false }), 404, 'NOT_FOUND');
    expectProblem(await unitlead.post(`/api/unit/reviewers/${other.json().id}/password-reset`), 404, 'NOT_FOUND');
    // nor the competent unit's reviewer, a role above their own reach
    const competent = await sys.db.selectFrom('appUser').select('id').where('username', '=', 'competent').executeTakeFirstOrThrow();
    expectProblem(await unitlead.post(`/api/unit/reviewers/${competent.id}/active`, { active: false }), 404, 'NOT_FOUND');
    // the bureau can: signed in, then deactivated and left so (checkInvariants: no session survives it)
    await loginAs(sys.app, 'design-rev', other.json().password);
    expect((await bureau.post(`/api/bureau/admin/users/${other.json().id}/active`, { active: false })).statusCode).toBe(200);
  });

  it('refuses the reviewer role (unit_reviewer) the leader routes and every administration route', async () => {
    const unit = await loginAs(sys.app, 'unit');
    expectProblem(await unit.post('/api/unit/reviewers', { username: 'x-rev', displayName: '某人', organisationId: orgId.hosp }), 403, 'FORBIDDEN');
    expectProblem(await unit.get('/api/bureau/admin/users'), 403, 'FORBIDDEN');
  });

  it('refuses granting a role above one\'s own', async () => {
    // a committee officer cannot make anyone a bureau administrator: the rule is pure (canGrant)
    const { whyNotGrant } = await import('../../../src/domain/administration');
    expect(whyNotGrant({ memberships: [{ role: 'committee_officer', organisationId: 1 }] }, { role: 'bureau_admin', org: { id: 1, kind: 'bureau', active: true } })).toMatchObject({ code: 'ROLE_ABOVE_OWN' });
    // over HTTP a unit leader only reaches /api/unit/reviewers, which grants 审核员 only; the admin's routes refuse them
    expectProblem(await unitlead.post('/api/bureau/admin/users', { username: 'x-lead', displayName: '某人', memberships: [{ role: 'unit_leader', organisationId: orgId.hosp }] }), 403, 'FORBIDDEN');
    // the bureau administrator cannot grant a role at an organisation of the wrong kind
    const wrong = await bureau.post('/api/bureau/admin/users', { username: 'x-officer', displayName: '某人', memberships: [{ role: 'committee_officer', organisationId: orgId.hosp }] });
    expect(expectProblem(wrong, 422, 'ROLE_ORG_KIND').detail).toBe('“评审委员会办事机构”不能设在推荐单位，只能设在评审委员会');
  });

  it('deactivating an account ends its sessions at once and refuses its login with a clear message', async () => {
    const c = await loginAs(sys.app, 'hosp-rev2', 'Kuitun#2027x');
    expect((await c.get('/api/me')).statusCode).toBe(200);
    expect((await unitlead.post(`/api/unit/reviewers/${reviewerId}/active`, { active: false })).statusCode).toBe(200);
    expect((await c.get('/api/me')).statusCode).toBe(401);
    const login = (await sys.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'hosp-rev2', password: 'Kuitun#2027x' } })) as Res;
    expect(expectProblem(login, 403, 'ACCOUNT_DISABLED').detail).toBe('该账号已停用，不能登录；如需继续使用，请联系所在单位或州人社局管理员启用');
    // a wrong password still reads as a wrong password: the state is told only to the owner
    const wrong = (await sys.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'hosp-rev2', password: 'nope-nope-1' } })) as Res;
    expectProblem(wrong, 401, 'BAD_CREDENTIALS');
    expect((await audits('account_deactivate')).map((a) => a.detail)).toContainEqual(expect.objectContaining({ userId: reviewerId, username: 'hosp-rev2' }));
    expect((await unitlead.post(`/api/unit/reviewers/${reviewerId}/active`, { active: true })).statusCode).toBe(200);
    expect((await loginAs(sys.app, 'hosp-rev2', 'Kuitun#2027x')).cookie).toBeTruthy();
  });

  it('the administrator resets a password to a one-time one and grants and revokes roles', async () => {
    const reset = await bureau.post(`/api/bureau/admin/users/${reviewerId}/password-reset`);
    expect(reset.statusCode).toBe(200);
    await firstLogin('hosp-rev2', reset.json().password);
    expect((await bureau.post(`/api/bureau/admin/users/${reviewerId}/memberships`, { role: 'unit_leader', organisationId: orgId.hosp })).statusCode).toBe(200);
    const me = (await bureau.get('/api/bureau/admin/users?q=hosp-rev2')).json().items[0];
    expect(me.memberships.map((m: { role: string }) => m.role).sort()).toEqual(['unit_leader', 'unit_reviewer']);
    // now a leader too: out of the other leader's reach (which reads as not found)
    expectProblem(await unitlead.post(`/api/unit/reviewers/${reviewerId}/password-reset`), 404, 'NOT_FOUND');
    expect((await bureau.post(`/api/bureau/admin/users/${reviewerId}/memberships/revoke`, { role: 'unit_leader', organisationId: orgId.hosp })).statusCode).toBe(200);
    expect(await audits('membership_grant')).toHaveLength(1);
    expect(await audits('membership_revoke')).toHaveLength(1);
  });

  it('searches accounts by part of the username or name, with % _ \\ as plain characters', async () => {
    for (const [username, displayName] of [['rev_x1', '审核%甲'], ['revxx2', '审核乙甲'], ['rev.x3', '审核_丙']]) {
      const r = await bureau.post('/api/bureau/admin/users', { username, displayName, memberships: [{ role: 'unit_reviewer', organisationId: orgId.hosp }] });
      expect(r.statusCode, r.rawPayload.toString()).toBe(201);
    }
    const found = async (q: string) =>
      ((await bureau.get(`/api/bureau/admin/users?q=${encodeURIComponent(q)}`)).json().items as Array<{ username: string }>).map((u) => u.username).sort();
    expect(await found('rev_')).toEqual(['rev_x1']); // not revxx2, not rev.x3
    expect(await found('核_')).toEqual(['rev.x3']); // not 审核乙甲
    expect(await found('%')).toEqual(['rev_x1']);
    expect(await found('核%甲')).toEqual(['rev_x1']);
    expect(await found('\\')).toEqual([]);
    expect(await found('审核乙')).toEqual(['revxx2']);
  });
});

describe('expert pool', () => {
  it('keeps experts per committee with specialties, own unit and past units, and 回避 derives from the past units', async () => {
    const made = await bureau.post('/api/bureau/admin/experts', {
      username: 'expert-pool1',
      displayName: '专家丁',
      committeeId: orgId['cmt-health'],
      specialties: ['临床医学'],
      unitOrgId: orgId.design,
      pastUnits: ['伊犁哈萨克自治州人民医院'],
    });
    expect(made.statusCode, made.rawPayload.toString()).toBe(201);
    const pool = (await bureau.get(`/api/bureau/admin/experts?committeeId=${orgId['cmt-health']}`)).json().items;
    expect(pool.find((e: { username: string }) => e.username === 'expert-pool1')).toMatchObject({
      specialties: ['临床医学'],
      unitOrgId: orgId.design,
      unitName: '伊犁哈萨克自治州建筑设计研究院',
      pastUnits: ['伊犁哈萨克自治州人民医院'],
    });
    const { expertUnits } = await import('../../../src/services/meeting-conflict.service');
    const { derivedConflict } = await import('../../../src/domain/assignment');
    const units = (await expertUnits(sys.db, [made.json().id])).get(made.json().id)!;
    // a file from the hospital (A1 unit 州人民医院, an alias) conflicts with the expert who worked there
    expect(derivedConflict({ recommendingOrgId: orgId.hosp, currentUnitTexts: ['州人民医院'], pastUnitTexts: [] }, units)).toBe('past_unit');
    expect(derivedConflict({ recommendingOrgId: orgId.design, currentUnitTexts: [], pastUnitTexts: [] }, units)).toBe('same_unit');
    expect(derivedConflict({ recommendingOrgId: orgId.tcm, currentUnitTexts: ['伊犁哈萨克自治州中医医院'], pastUnitTexts: [] }, units)).toBeNull();
  });

  it('a deactivated expert leaves the pool offered for new meetings', async () => {
    const { committeeExperts } = await import('../../../src/services/meeting-roster.service');
    const id = (await sys.db.selectFrom('appUser').select('id').where('username', '=', 'expert-pool1').executeTakeFirstOrThrow()).id;
    expect((await committeeExperts(sys.db, orgId['cmt-health'])).map((e) => e.expertId)).toContain(id);
    expect((await bureau.post(`/api/bureau/admin/users/${id}/active`, { active: false })).statusCode).toBe(200);
    expect((await committeeExperts(sys.db, orgId['cmt-health'])).map((e) => e.expertId)).not.toContain(id);
    expect((await bureau.post(`/api/bureau/admin/users/${id}/active`, { active: true })).statusCode).toBe(200);
  });

  it('refuses an expert pool that is not a committee', async () => {
    const res = await bureau.post('/api/bureau/admin/experts', { username: 'expert-pool2', displayName: '专家戊', committeeId: orgId.hosp, specialties: ['护理'], unitOrgId: null, pastUnits: [] });
    expectProblem(res, 422, 'ROLE_ORG_KIND');
  });
});

// ── Bulk import ──

async function filled(kind: string, rows: string[][]): Promise<Buffer> {
  const tpl = await bureau.get(`/api/bureau/admin/import-templates/${kind}`);
  expect(tpl.statusCode).toBe(200);
  expect(tpl.headers['content-type']).toContain('spreadsheetml');
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(tpl.rawPayload as unknown as ArrayBuffer);
  const ws = wb.worksheets[0];
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const upload = (kind: string, bytes: Buffer, name = 'import.xlsx', who = bureau) =>
  who.upload(`/api/bureau/admin/imports/${kind}`, {}, { name, bytes, type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' });

const countAll = async () => ({
  orgs: (await sys.db.selectFrom('organisation').select(({ fn }) => fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n,
  users: (await sys.db.selectFrom('appUser').select(({ fn }) => fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n,
  memberships: (await sys.db.selectFrom('membership').select(({ fn }) => fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n,
});

describe('bulk import', () => {
  const ORG_ROWS = [
    ['hosp-2', '伊犁哈萨克自治州第二人民医院', '推荐单位', 'health', '州二院、州第二医院'],
    ['huocheng', '霍城县人力资源和社会保障局', '县人社局', 'bureau', '霍城县人社局'],
    ['hc-hosp', '霍城县人民医院', '推荐单位', 'huocheng', ''],
    ['aid-dispatch', '上海市卫生健康委员会援疆办', '派出单位', 'bureau', ''],
  ];

  it('offers templates with the header row, filling notes and drop-downs for the fixed lists', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await bureau.get('/api/bureau/admin/import-templates/users')).rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['人员账号', '填写说明']);
    expect(wb.worksheets[0].getRow(1).values).toEqual([undefined, '用户名', '姓名', '手机号码', '角色', '所在单位编码']);
    expect(wb.worksheets[0].getCell('D2').dataValidation).toMatchObject({ type: 'list', formulae: ['"推荐单位审核员,推荐单位负责人,主管单位审核员,评审委员会办事机构,人社局财务,州人社局管理员"'] });
    expect(wb.worksheets[0].getCell('D3001').dataValidation).toMatchObject({ type: 'list' });
  });

  it('imports organisations (a parent later in the file is fine), audited; the same file again changes nothing', async () => {
    const bytes = await filled('organisations', [ORG_ROWS[2], ORG_ROWS[0], ORG_ROWS[1], ORG_ROWS[3]]);
    const res = await upload('organisations', bytes);
    expect(res.statusCode, res.rawPayload.toString()).toBe(200);
    expect(res.json()).toMatchObject({ rows: 4, created: 4, updated: 0, unchanged: 0 });
    const hc = await sys.db.selectFrom('organisation as o').innerJoin('organisation as p', 'p.id', 'o.parentId').select(['o.kind', 'p.code']).where('o.code', '=', 'hc-hosp').executeTakeFirstOrThrow();
    expect(hc).toEqual({ kind: 'recommending', code: 'huocheng' });
    const before = await countAll();
    const again = await upload('organisations', bytes);
    expect(again.json()).toMatchObject({ rows: 4, created: 0, updated: 0, unchanged: 4 });
    expect(await countAll()).toEqual(before);
    const logged = await audits('import_organisations');
    expect(logged).toHaveLength(2);
    expect(logged[1].detail).toMatchObject({ rows: 4, created: 0, unchanged: 4 });
  });

  it('reports every bad row by row and column in Chinese, and imports nothing', async () => {
    const before = await countAll();
    const bytes = await filled('organisations', [
      ['ok-1', '某某主管局', '主管单位', 'bureau', ''],
      ['', '无编码单位', '推荐单位', 'health', ''],
      ['bad-kind', '某单位', '医院', 'health', ''],
      ['bad-parent', '某单位2', '推荐单位', 'nowhere', ''],
      ['bad-place', '某单位3', '推荐单位', 'bureau', ''],
      ['ok-1', '重复编码', '主管单位', 'bureau', ''],
    ]);
    const res = await upload('organisations', bytes);
    const body = expectProblem(res, 422, 'IMPORT_ROWS_INVALID');
    expect(body.errors.map((e: { message: string }) => e.message)).toEqual([
      '第3行A列“单位编码”：必须填写',
      '第4行C列“类别”：“医院”不是可用的类别，应为州人社局、县人社局、主管单位、推荐单位、人事代理机构、派出单位、评审委员会之一',
      '第7行A列“单位编码”：与第2行的编码重复',
      '第5行D列“上级单位编码”：没有编码为“nowhere”的单位（系统中和本表中都没有）',
      '第6行D列“上级单位编码”：推荐单位不能设在州人社局之下，只能设在主管单位或县人社局之下',
    ]);
    expect(body.errors[0].field).toBe('rows[3].code');
    expect(body.detail).toMatch(/^共5处错误，未导入任何数据/);
    expect(await countAll()).toEqual(before);
    expect(await sys.db.selectFrom('organisation').select('id').where('code', '=', 'ok-1').executeTakeFirst()).toBeUndefined();
  });

  it('imports accounts with one-time passwords; bad rows (role, unit, kind) refuse the whole file; a re-import changes nothing', async () => {
    const good = [
      ['hosp2-rev', '阿依努尔', '13999000001', '推荐单位审核员', 'hosp-2'],
      ['hosp2-lead', '艾尔肯', '', '推荐单位负责人', 'hosp-2'],
      ['hosp2-lead', '艾尔肯', '', '推荐单位审核员', 'hosp-2'],
      ['hc-comp', '马建华', '', '主管单位审核员', 'huocheng'],
    ];
    const bad = await upload('users', await filled('users', [...good, ['x-1', '某人', '123', '申报人', 'hosp-2'], ['x-2', '某人2', '', '评审委员会办事机构', 'hosp-2'], ['x-3', '某人3', '', '推荐单位审核员', 'nope']]));
    const body = expectProblem(bad, 422, 'IMPORT_ROWS_INVALID');
    expect(body.errors.map((e: { message: string }) => e.message)).toEqual([
      '第6行C列“手机号码”：手机号码须为11位数字',
      '第6行D列“角色”：申报人账号由申报人本人注册，不能由管理员授予',
      '第7行E列“所在单位编码”：“评审委员会办事机构”不能设在推荐单位，只能设在评审委员会',
      '第8行E列“所在单位编码”：没有编码为“nope”的单位，请先导入或新建该单位',
    ]);
    expect(await sys.db.selectFrom('appUser').select('id').where('username', '=', 'hosp2-rev').executeTakeFirst()).toBeUndefined();

    const bytes = await filled('users', good);
    const res = await upload('users', bytes);
    expect(res.statusCode, res.rawPayload.toString()).toBe(200);
    expect(res.json()).toMatchObject({ rows: 4, created: 3, updated: 0, unchanged: 0 });
    expect(res.json().accounts.map((a: { username: string }) => a.username)).toEqual(['hosp2-rev', 'hosp2-lead', 'hc-comp']);
    const lead = res.json().accounts.find((a: { username: string }) => a.username === 'hosp2-lead');
    const leadClient = await firstLogin('hosp2-lead', lead.password);
    // the imported leader manages the reviewers of the imported unit
    expect((await leadClient.get('/api/unit/reviewers')).json().items.map((u: { username: string }) => u.username)).toEqual(['hosp2-rev', 'hosp2-lead']);

    const before = await countAll();
    const hashBefore = await sys.db.selectFrom('appUser').select('passwordHash').where('username', '=', 'hosp2-rev').executeTakeFirstOrThrow();
    const again = await upload('users', bytes);
    expect(again.json()).toMatchObject({ rows: 4, created: 0, updated: 0, unchanged: 3, accounts: [] });
    expect(await countAll()).toEqual(before);
    expect(await sys.db.selectFrom('appUser').select('passwordHash').where('username', '=', 'hosp2-rev').executeTakeFirstOrThrow()).toEqual(hashBefore);
  });

  it('imports experts into a committee pool with specialties and past units; a re-import changes nothing', async () => {
    const bytes = await filled('experts', [
      ['exp-a', '热依汗', '', 'cmt-health', '临床医学、护理', 'hc-hosp', '伊犁哈萨克自治州人民医院'],
      ['exp-b', '王立新', '', 'cmt-health', '药学', '', ''],
    ]);
    const res = await upload('experts', bytes);
    expect(res.statusCode, res.rawPayload.toString()).toBe(200);
    expect(res.json()).toMatchObject({ rows: 2, created: 2 });
    const pool = (await bureau.get(`/api/bureau/admin/experts?committeeId=${orgId['cmt-health']}`)).json().items;
    expect(pool.find((e: { username: string }) => e.username === 'exp-a')).toMatchObject({ specialties: ['临床医学', '护理'], unitName: '霍城县人民医院', pastUnits: ['伊犁哈萨克自治州人民医院'] });
    const before = await countAll();
    expect((await upload('experts', bytes)).json()).toMatchObject({ created: 0, updated: 0, unchanged: 2 });
    expect(await countAll()).toEqual(before);
    const bad = await upload('experts', await filled('experts', [['exp-c', '某专家', '', 'hosp', '', '', '']]));
    expect(expectProblem(bad, 422, 'IMPORT_ROWS_INVALID').errors.map((e: { message: string }) => e.message)).toEqual([
      '第2行E列“评审专业”：必须填写',
    ]);
    const bad2 = await upload('experts', await filled('experts', [['exp-c', '某专家', '', 'hosp', '护理', '', ''], ['exp-d', '某专家2', '', 'cmt-health', '护理', 'tcm', '']]));
    expect(expectProblem(bad2, 422, 'IMPORT_ROWS_INVALID').errors.map((e: { message: string }) => e.message)).toEqual([
      '第2行D列“评审委员会编码”：编码“hosp”的单位是推荐单位，不是评审委员会',
      // 州中医院 was deactivated above
      '第3行F列“现工作单位编码”：该单位已停用，不能再添加人员',
    ]);
  });

  it('refuses a file that is not the template: wrong format, wrong header, too large, no rows', async () => {
    expect(expectProblem(await upload('users', Buffer.from('username,name\nabc,def\n'), 'users.csv'), 422, 'IMPORT_FORMAT').detail).toBe(
      '文件不是Excel工作簿（.xlsx）。请下载“人员账号导入模板.xlsx”，填写后按原格式上传（不支持.xls、.csv或其他格式）',
    );
    const orgBytes = await filled('organisations', [['a', 'b', '主管单位', 'bureau', '']]);
    expect(expectProblem(await upload('users', orgBytes), 422, 'IMPORT_FORMAT').detail).toBe('表头与“人员账号导入模板.xlsx”不符：第1行A列应为“用户名”，实际为“单位编码”。请使用本页下载的模板');
    expect(expectProblem(await upload('users', await filled('users', [])), 422, 'IMPORT_FORMAT').detail).toBe('“人员账号”工作表中没有数据行，请从第2行起填写后再上传');
    const huge = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(2 * 1024 * 1024 + 10)]);
    expect(expectProblem(await upload('users', huge), 413, 'TOO_LARGE').detail).toBe('文件超过2MB的上限，请压缩后重新上传');
    expect(expectProblem(await upload('users', Buffer.from([0x50, 0x4b, 0x03, 0x04, 1, 2, 3])), 422, 'IMPORT_FORMAT').detail).toContain('无法读取该Excel文件');
  });

  it('refuses import to anyone but the bureau administrator', async () => {
    const bytes = await filled('organisations', [ORG_ROWS[0]]);
    expectProblem(await upload('organisations', bytes, 'x.xlsx', unitlead), 403, 'FORBIDDEN');
    expectProblem(await clientFor(sys.app).get('/api/bureau/admin/import-templates/users'), 401, 'UNAUTHENTICATED');
  });
});
