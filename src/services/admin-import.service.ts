// Bulk import of organisations, accounts and experts from the Excel templates the page offers
// (issue 10). Every row is checked first and every error is reported by row and column; nothing is
// written unless all rows pass (one transaction, STYLE §5 "batch actions"). Rows are matched by
// code (organisations) or username (accounts, experts), so importing the same file again changes
// nothing.
import crypto from 'node:crypto';
import ExcelJS from 'exceljs';
import type { Kysely } from 'kysely';
import type { DB, Role } from '../db/schema';
import { ROLE_LABELS, whyNotPrefectureAdmin, type Actor } from '../domain/access';
import {
  ORGANISATION_KIND_LABELS,
  ORGANISATION_KINDS,
  splitList,
  whyNotGrant,
  whyNotMobile,
  whyNotPlace,
  whyNotUsername,
  type OrganisationKind,
  type OrgNode,
} from '../domain/administration';
import { Refused, type FieldError } from '../domain/errors';
import { oneTimePassword } from '../domain/password-policy';
import { hashPassword } from '../auth/password';
import { writeAudit } from './audit';
import type { RequestMeta, ServiceContext } from './service-context';
import { writeExpertProfile } from './user-admin.service';

export type ImportKind = 'organisations' | 'users' | 'experts';
export const IMPORT_KINDS: readonly ImportKind[] = ['organisations', 'users', 'experts'];

/** Largest template file accepted (a few thousand rows fit in far less). */
export const IMPORT_MAX_BYTES = 2 * 1024 * 1024;
/** Most data rows in one file. */
export const IMPORT_MAX_ROWS = 3000;

interface Column {
  key: string;
  title: string;
  required: boolean;
  width: number;
  note: string;
  /** A fixed list: the template offers it as a drop-down on the column. */
  choices?: readonly string[];
}

const GRANTED_BY_IMPORT: readonly Role[] = ['unit_reviewer', 'unit_leader', 'competent_reviewer', 'committee_officer', 'finance', 'bureau_admin'];

const ORG_COLUMNS: Column[] = [
  { key: 'code', title: '单位编码', required: true, width: 16, note: '字母、数字、下划线或连字符，全系统唯一；再次导入时按编码识别同一单位' },
  { key: 'name', title: '单位全称', required: true, width: 40, note: '与公章一致的全称（用于材料遮盖和回避）' },
  {
    key: 'kind',
    title: '类别',
    required: true,
    width: 14,
    note: `${ORGANISATION_KINDS.map((k) => ORGANISATION_KIND_LABELS[k]).join('、')}之一`,
    choices: ORGANISATION_KINDS.map((k) => ORGANISATION_KIND_LABELS[k]),
  },
  { key: 'parentCode', title: '上级单位编码', required: false, width: 16, note: '已有单位或本表中单位的编码；推荐单位的上级为主管单位或县人社局' },
  { key: 'aliases', title: '简称/别名', required: false, width: 30, note: '多个用“、”分隔（用于材料遮盖和回避）' },
];

const USER_COLUMNS: Column[] = [
  { key: 'username', title: '用户名', required: true, width: 16, note: '以字母开头，3—32位字母、数字、下划线、点或连字符；再次导入时按用户名识别同一账号' },
  { key: 'displayName', title: '姓名', required: true, width: 12, note: '' },
  { key: 'mobile', title: '手机号码', required: false, width: 14, note: '11位手机号码，可不填' },
  {
    key: 'role',
    title: '角色',
    required: true,
    width: 18,
    note: `${GRANTED_BY_IMPORT.map((r) => ROLE_LABELS[r]).join('、')}之一；一人多个角色写多行`,
    choices: GRANTED_BY_IMPORT.map((r) => ROLE_LABELS[r]),
  },
  { key: 'orgCode', title: '所在单位编码', required: true, width: 16, note: '须为系统中已有的单位（可先导入单位）' },
];

const EXPERT_COLUMNS: Column[] = [
  { key: 'username', title: '用户名', required: true, width: 16, note: '以字母开头，3—32位字母、数字、下划线、点或连字符；已有账号则加入专家库' },
  { key: 'displayName', title: '姓名', required: true, width: 12, note: '' },
  { key: 'mobile', title: '手机号码', required: false, width: 14, note: '11位手机号码，可不填' },
  { key: 'committeeCode', title: '评审委员会编码', required: true, width: 18, note: '专家所属评审委员会的单位编码' },
  { key: 'specialties', title: '评审专业', required: true, width: 24, note: '多个用“、”分隔，如：临床医学、护理' },
  { key: 'unitCode', title: '现工作单位编码', required: false, width: 16, note: '系统中已有单位的编码（本单位申报人自动回避）' },
  { key: 'pastUnits', title: '曾工作单位', required: false, width: 36, note: '单位全称，多个用“、”分隔（曾在单位的申报人自动回避）' },
];

const TEMPLATES: Record<ImportKind, { sheet: string; file: string; columns: Column[] }> = {
  organisations: { sheet: '单位', file: '单位导入模板.xlsx', columns: ORG_COLUMNS },
  users: { sheet: '人员账号', file: '人员账号导入模板.xlsx', columns: USER_COLUMNS },
  experts: { sheet: '评审专家', file: '评审专家导入模板.xlsx', columns: EXPERT_COLUMNS },
};

const colLetter = (i: number) => String.fromCharCode(65 + i);

/** The template for one kind: the data sheet with its header row, and a sheet of filling notes. */
export async function importTemplate(kind: ImportKind): Promise<{ fileName: string; bytes: Buffer }> {
  const t = TEMPLATES[kind];
  const wb = new ExcelJS.Workbook();
  wb.creator = '职评';
  const ws = wb.addWorksheet(t.sheet);
  ws.columns = t.columns.map((c) => ({ header: c.title, key: c.key, width: c.width }));
  ws.getRow(1).font = { bold: true };
  ws.views = [{ state: 'frozen', ySplit: 1 }];
  // Drop-downs for the fixed lists (the rows are still checked on import: Excel lets a paste through).
  // exceljs types lack `dataValidations` on a worksheet; it takes a range and writes one rule for it.
  const validations = (ws as unknown as { dataValidations: { add(range: string, v: ExcelJS.DataValidation): void } }).dataValidations;
  t.columns.forEach((c, i) => {
    if (!c.choices) return;
    validations.add(`${colLetter(i)}2:${colLetter(i)}${IMPORT_MAX_ROWS + 1}`, {
      type: 'list',
      allowBlank: true,
      formulae: [`"${c.choices.join(',')}"`],
      showErrorMessage: true,
      errorTitle: c.title,
      error: `请从下拉列表中选择：${c.choices.join('、')}`,
    });
  });
  const notes = wb.addWorksheet('填写说明');
  notes.columns = [
    { header: '列', key: 'col', width: 8 },
    { header: '表头', key: 'title', width: 18 },
    { header: '必填', key: 'required', width: 8 },
    { header: '填写要求', key: 'note', width: 80 },
  ];
  notes.getRow(1).font = { bold: true };
  t.columns.forEach((c, i) => notes.addRow({ col: colLetter(i), title: c.title, required: c.required ? '是' : '否', note: c.note }));
  notes.addRow({});
  notes.addRow({ note: `在“${t.sheet}”工作表第2行起每行填写一条；不要改动第1行表头。任何一行有误则整个文件都不导入，请按提示修改后重新上传；同一文件重复导入不会重复创建。` });
  return { fileName: t.file, bytes: Buffer.from(await wb.xlsx.writeBuffer()) };
}

export function importTemplateFileName(kind: ImportKind): string {
  return TEMPLATES[kind].file;
}

/** A cell's text as a person typed it (numbers, rich text, hyperlinks and formulas included). */
function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v.trim();
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    if ('richText' in v) return v.richText.map((r) => r.text).join('').trim();
    if ('text' in v) return String(v.text).trim();
    if ('result' in v) return cellText(v.result as ExcelJS.CellValue);
  }
  return String(v).trim();
}

interface Row {
  /** 1-based row number in the sheet. */
  n: number;
  v: Record<string, string>;
}

/** Reads the data sheet: refuses a file that is not an xlsx workbook or whose header is not the template's. */
async function readRows(kind: ImportKind, bytes: Buffer): Promise<Row[]> {
  const t = TEMPLATES[kind];
  const formatError = (detail: string) => new Refused('IMPORT_FORMAT', detail);
  // an xlsx workbook is a zip archive: "PK\x03\x04"
  if (bytes.length < 4 || bytes.readUInt32LE(0) !== 0x04034b50) {
    throw formatError(`文件不是Excel工作簿（.xlsx）。请下载“${t.file}”，填写后按原格式上传（不支持.xls、.csv或其他格式）`);
  }
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch {
    throw formatError(`无法读取该Excel文件，文件可能已损坏。请下载“${t.file}”重新填写后上传`);
  }
  const ws = wb.getWorksheet(t.sheet) ?? wb.worksheets[0];
  if (!ws) throw formatError('文件中没有工作表');
  const header = ws.getRow(1);
  for (const [i, c] of t.columns.entries()) {
    const got = cellText(header.getCell(i + 1).value);
    if (got !== c.title) {
      throw formatError(`表头与“${t.file}”不符：第1行${colLetter(i)}列应为“${c.title}”${got ? `，实际为“${got}”` : '，实际为空'}。请使用本页下载的模板`);
    }
  }
  const rows: Row[] = [];
  ws.eachRow({ includeEmpty: false }, (row, n) => {
    if (n === 1) return;
    const v: Record<string, string> = {};
    t.columns.forEach((c, i) => (v[c.key] = cellText(row.getCell(i + 1).value)));
    if (Object.values(v).some(Boolean)) rows.push({ n, v });
  });
  if (rows.length === 0) throw formatError(`“${t.sheet}”工作表中没有数据行，请从第2行起填写后再上传`);
  if (rows.length > IMPORT_MAX_ROWS) throw formatError(`一次最多导入${IMPORT_MAX_ROWS}行，本文件有${rows.length}行，请分成几个文件导入`);
  return rows;
}

class RowErrors {
  readonly list: FieldError[] = [];
  constructor(private readonly columns: Column[]) {}
  add(row: Row, key: string, message: string) {
    const i = this.columns.findIndex((c) => c.key === key);
    this.list.push({ field: `rows[${row.n}].${key}`, message: `第${row.n}行${colLetter(i)}列“${this.columns[i].title}”：${message}` });
  }
  required(row: Row): boolean {
    let ok = true;
    for (const c of this.columns) {
      if (c.required && !row.v[c.key]) {
        this.add(row, c.key, '必须填写');
        ok = false;
      }
    }
    return ok;
  }
}

export interface ImportResult {
  kind: ImportKind;
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  /** New accounts and their one-time passwords, shown once to the administrator. */
  accounts: Array<{ username: string; displayName: string; password: string }>;
}

function refuseRows(errors: RowErrors): void {
  if (errors.list.length) {
    throw new Refused('IMPORT_ROWS_INVALID', `共${errors.list.length}处错误，未导入任何数据；请按提示修改后重新上传。${errors.list[0].message}`, errors.list);
  }
}

export async function importFile(ctx: ServiceContext, actor: Actor, kind: ImportKind, file: { name: string; bytes: Buffer }, meta: RequestMeta = {}): Promise<ImportResult> {
  const why = whyNotPrefectureAdmin(actor, '批量导入');
  if (why) throw new Refused(why.code, why.message);
  const rows = await readRows(kind, file.bytes);
  const sha256 = crypto.createHash('sha256').update(file.bytes).digest('hex');
  const result: ImportResult = { kind, rows: rows.length, created: 0, updated: 0, unchanged: 0, accounts: [] };
  // Accounts: every row is checked first without writing (a bad file is answered at once), then
  // the new accounts' passwords are hashed outside the transaction (argon2 is slow), then the rows
  // are checked again and written in one transaction.
  let hashes = new Map<string, { password: string; hash: string }>();
  if (kind !== 'organisations') {
    const check = kind === 'users' ? importUsers : importExperts;
    await check(ctx.db, actor, rows, null, { ...result });
    hashes = await passwordsFor(ctx.db, rows);
  }
  await ctx.db.transaction().execute(async (trx) => {
    if (kind === 'organisations') await importOrganisations(trx, rows, result);
    else if (kind === 'users') await importUsers(trx, actor, rows, hashes, result);
    else await importExperts(trx, actor, rows, hashes, result);
    await writeAudit(trx, {
      actorId: actor.userId,
      action: `import_${kind}`,
      detail: { fileName: file.name.slice(0, 200), sha256, rows: result.rows, created: result.created, updated: result.updated, unchanged: result.unchanged },
      ip: meta.ip,
      at: ctx.now(),
    });
  });
  return result;
}

/** One-time passwords (and their hashes) for the usernames of the file that have no account yet. */
async function passwordsFor(db: Kysely<DB>, rows: Row[]): Promise<Map<string, { password: string; hash: string }>> {
  const names = [...new Set(rows.map((r) => r.v.username).filter((u) => u && !whyNotUsername(u)))];
  const existing = names.length ? new Set((await db.selectFrom('appUser').select('username').where('username', 'in', names).execute()).map((u) => u.username)) : new Set<string>();
  const wanted = names.filter((u) => !existing.has(u));
  const out = new Map<string, { password: string; hash: string }>();
  // a few at a time: the hashing runs on libuv's thread pool (4 threads by default)
  for (let i = 0; i < wanted.length; i += 4) {
    await Promise.all(
      wanted.slice(i, i + 4).map(async (u) => {
        const password = oneTimePassword(crypto.randomBytes(12));
        out.set(u, { password, hash: await hashPassword(password) });
      }),
    );
  }
  return out;
}

const KIND_BY_LABEL = new Map<string, OrganisationKind>([
  ...ORGANISATION_KINDS.map((k) => [ORGANISATION_KIND_LABELS[k], k] as [string, OrganisationKind]),
  ...ORGANISATION_KINDS.map((k) => [k, k] as [string, OrganisationKind]),
  ['评审委员会办事机构', 'committee'],
  ['人社局', 'bureau'],
]);

async function importOrganisations(trx: Kysely<DB>, rows: Row[], result: ImportResult): Promise<void> {
  const errors = new RowErrors(ORG_COLUMNS);
  const existing = await trx.selectFrom('organisation').select(['id', 'code', 'name', 'kind', 'parentId', 'aliases', 'active']).execute();
  const byCode = new Map(existing.map((o) => [o.code, o]));
  const codeById = new Map(existing.map((o) => [o.id, o.code]));
  interface Planned {
    row: Row;
    code: string;
    name: string;
    kind: OrganisationKind;
    parentCode: string | null;
    aliases: string[];
  }
  const planned = new Map<string, Planned>();
  for (const row of rows) {
    if (!errors.required(row)) continue;
    const { code, name, parentCode } = row.v;
    let ok = true;
    if (!/^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$/.test(code)) (errors.add(row, 'code', '只能由字母、数字、下划线或连字符组成（不超过40位）'), (ok = false));
    else if (planned.has(code)) (errors.add(row, 'code', `与第${planned.get(code)!.row.n}行的编码重复`), (ok = false));
    if (name.length > 100) (errors.add(row, 'name', '不能超过100个字'), (ok = false));
    const kind = KIND_BY_LABEL.get(row.v.kind);
    if (!kind) (errors.add(row, 'kind', `“${row.v.kind}”不是可用的类别，应为${ORGANISATION_KINDS.map((k) => ORGANISATION_KIND_LABELS[k]).join('、')}之一`), (ok = false));
    const old = byCode.get(code);
    if (old && kind && old.kind !== kind) {
      errors.add(row, 'kind', `编码“${code}”的单位已存在，类别为“${ORGANISATION_KIND_LABELS[old.kind]}”，不能改为“${row.v.kind}”`);
      ok = false;
    }
    if (ok) planned.set(code, { row, code, name, kind: kind!, parentCode: parentCode || null, aliases: splitList(row.v.aliases) });
  }
  // placement, with the tree as it will be after the import (a parent may come later in the file)
  const kindOf = (code: string) => planned.get(code)?.kind ?? byCode.get(code)?.kind;
  let nextId = -1;
  const idOf = new Map<string, number>(existing.map((o) => [o.code, o.id]));
  for (const p of planned.values()) if (!idOf.has(p.code)) idOf.set(p.code, nextId--);
  const nodes: OrgNode[] = [...idOf.entries()].map(([code, id]) => {
    const p = planned.get(code);
    const o = byCode.get(code);
    const parentCode = p ? p.parentCode : o!.parentId === null ? null : codeById.get(o!.parentId)!;
    return { id, kind: kindOf(code)!, parentId: parentCode ? (idOf.get(parentCode) ?? null) : null, active: o ? o.active : true };
  });
  const nodeById = new Map(nodes.map((n) => [n.id, n]));
  for (const p of planned.values()) {
    if (p.parentCode && !idOf.has(p.parentCode)) {
      errors.add(p.row, 'parentCode', `没有编码为“${p.parentCode}”的单位（系统中和本表中都没有）`);
      continue;
    }
    const parent = p.parentCode ? nodeById.get(idOf.get(p.parentCode)!)! : null;
    const r = whyNotPlace(p.kind, parent, nodes, idOf.get(p.code));
    if (r) errors.add(p.row, p.parentCode ? 'parentCode' : 'kind', r.message);
  }
  refuseRows(errors);
  // parents before children
  const done = new Set<string>(existing.map((o) => o.code));
  const order: Planned[] = [];
  const visit = (p: Planned) => {
    if (order.includes(p)) return;
    if (p.parentCode && planned.has(p.parentCode) && !order.includes(planned.get(p.parentCode)!) && !done.has(p.parentCode)) visit(planned.get(p.parentCode)!);
    order.push(p);
  };
  for (const p of planned.values()) visit(p);
  const realId = new Map(existing.map((o) => [o.code, o.id]));
  // new rows first so a moved unit's new parent exists
  for (const p of order) {
    if (realId.has(p.code)) continue;
    const row = await trx
      .insertInto('organisation')
      .values({ code: p.code, name: p.name, kind: p.kind, parentId: p.parentCode ? (realId.get(p.parentCode) ?? null) : null, aliases: p.aliases })
      .returning('id')
      .executeTakeFirstOrThrow();
    realId.set(p.code, row.id);
    result.created++;
  }
  for (const p of order) {
    const old = byCode.get(p.code);
    if (!old) continue;
    const parentId = p.parentCode ? realId.get(p.parentCode)! : null;
    if (old.name === p.name && old.parentId === parentId && old.aliases.join('、') === p.aliases.join('、')) {
      result.unchanged++;
      continue;
    }
    await trx.updateTable('organisation').set({ name: p.name, parentId, aliases: p.aliases }).where('id', '=', old.id).execute();
    result.updated++;
  }
}

const ROLE_BY_LABEL = new Map<string, Role>([...(Object.entries(ROLE_LABELS) as Array<[Role, string]>).map(([r, l]) => [l, r] as [string, Role]), ...(Object.keys(ROLE_LABELS) as Role[]).map((r) => [r, r] as [string, Role])]);

async function orgsByCode(trx: Kysely<DB>, codes: string[]) {
  const list = codes.length ? await trx.selectFrom('organisation').select(['id', 'code', 'kind', 'active']).where('code', 'in', [...new Set(codes)]).execute() : [];
  return new Map(list.map((o) => [o.code, o]));
}

async function usersByName(trx: Kysely<DB>, names: string[]) {
  const list = names.length ? await trx.selectFrom('appUser').select(['id', 'username', 'displayName', 'mobile', 'active']).where('username', 'in', [...new Set(names)]).execute() : [];
  return new Map(list.map((u) => [u.username, u]));
}

/** Checks the person columns shared by the account and expert sheets; rows of one username must agree. */
function checkPerson(errors: RowErrors, row: Row, seen: Map<string, Row>, existing: { active: boolean } | undefined): boolean {
  let ok = true;
  const u = whyNotUsername(row.v.username);
  if (u) (errors.add(row, 'username', u), (ok = false));
  const m = whyNotMobile(row.v.mobile);
  if (m) (errors.add(row, 'mobile', m), (ok = false));
  if (row.v.displayName.length > 50) (errors.add(row, 'displayName', '不能超过50个字'), (ok = false));
  const first = seen.get(row.v.username);
  if (first && first.v.displayName !== row.v.displayName) (errors.add(row, 'displayName', `与第${first.n}行同一用户名的姓名不一致`), (ok = false));
  if (!first) seen.set(row.v.username, row);
  if (existing && !existing.active) (errors.add(row, 'username', '该账号已停用，请先在“用户与权限”中启用'), (ok = false));
  return ok;
}

async function ensureAccount(
  trx: Kysely<DB>,
  row: Row,
  users: Map<string, { id: number; displayName: string; mobile: string | null; active: boolean }>,
  hashes: Map<string, { password: string; hash: string }>,
  result: ImportResult,
): Promise<{ id: number; changed: boolean; created: boolean }> {
  const old = users.get(row.v.username);
  const mobile = row.v.mobile || null;
  if (old) {
    if (old.displayName === row.v.displayName && (mobile === null || old.mobile === mobile)) return { id: old.id, changed: false, created: false };
    await trx.updateTable('appUser').set({ displayName: row.v.displayName, ...(mobile ? { mobile } : {}) }).where('id', '=', old.id).execute();
    users.set(row.v.username, { ...old, displayName: row.v.displayName, mobile: mobile ?? old.mobile });
    return { id: old.id, changed: true, created: false };
  }
  const pw = hashes.get(row.v.username);
  // hashed for the accounts missing at the check; one created since by someone else is a race
  if (!pw) throw new Refused('VERSION_CONFLICT', '导入期间账号数据已被他人修改，请重新导入该文件');
  const user = await trx
    .insertInto('appUser')
    .values({ username: row.v.username, displayName: row.v.displayName, idNumber: null, mobile, passwordHash: pw.hash, isPasswordTemporary: true })
    .returning('id')
    .executeTakeFirstOrThrow();
  users.set(row.v.username, { id: user.id, displayName: row.v.displayName, mobile, active: true });
  result.accounts.push({ username: row.v.username, displayName: row.v.displayName, password: pw.password });
  return { id: user.id, changed: true, created: true };
}

/** `hashes` null: check every row and stop before writing. */
async function importUsers(trx: Kysely<DB>, actor: Actor, rows: Row[], hashes: Map<string, { password: string; hash: string }> | null, result: ImportResult): Promise<void> {
  const errors = new RowErrors(USER_COLUMNS);
  const orgs = await orgsByCode(trx, rows.map((r) => r.v.orgCode).filter(Boolean));
  const users = await usersByName(trx, rows.map((r) => r.v.username).filter(Boolean));
  const seen = new Map<string, Row>();
  const pairs = new Map<string, Row>();
  const good: Array<{ row: Row; role: Role; orgId: number }> = [];
  for (const row of rows) {
    if (!errors.required(row)) continue;
    let ok = checkPerson(errors, row, seen, users.get(row.v.username));
    const role = ROLE_BY_LABEL.get(row.v.role);
    if (!role) (errors.add(row, 'role', `“${row.v.role}”不是可用的角色`), (ok = false));
    const org = orgs.get(row.v.orgCode);
    if (!org) (errors.add(row, 'orgCode', `没有编码为“${row.v.orgCode}”的单位，请先导入或新建该单位`), (ok = false));
    if (role && org) {
      const r = whyNotGrant(actor, { role, org });
      if (r) (errors.add(row, r.code === 'ROLE_ORG_KIND' || r.code === 'ORG_INACTIVE' ? 'orgCode' : 'role', r.message), (ok = false));
      const key = `${row.v.username}|${role}|${org.code}`;
      if (pairs.has(key)) (errors.add(row, 'role', `与第${pairs.get(key)!.n}行重复`), (ok = false));
      pairs.set(key, row);
    }
    if (ok) good.push({ row, role: role!, orgId: org!.id });
  }
  refuseRows(errors);
  if (!hashes) return;
  const touched = new Map<string, boolean>();
  for (const g of good) {
    const acc = await ensureAccount(trx, g.row, users, hashes, result);
    const has = await trx.selectFrom('membership').select('userId').where('userId', '=', acc.id).where('role', '=', g.role).where('organisationId', '=', g.orgId).executeTakeFirst();
    if (!has) await trx.insertInto('membership').values({ userId: acc.id, organisationId: g.orgId, role: g.role }).execute();
    const prev = touched.get(g.row.v.username);
    touched.set(g.row.v.username, (prev ?? false) || acc.changed || !has);
    if (acc.created) touched.set(`+${g.row.v.username}`, true);
  }
  countPeople(touched, result);
}

function countPeople(touched: Map<string, boolean>, result: ImportResult): void {
  for (const [name, changed] of touched) {
    if (name.startsWith('+')) continue;
    if (touched.has(`+${name}`)) result.created++;
    else if (changed) result.updated++;
    else result.unchanged++;
  }
}

/** `hashes` null: check every row and stop before writing. */
async function importExperts(trx: Kysely<DB>, actor: Actor, rows: Row[], hashes: Map<string, { password: string; hash: string }> | null, result: ImportResult): Promise<void> {
  const errors = new RowErrors(EXPERT_COLUMNS);
  const orgs = await orgsByCode(trx, rows.flatMap((r) => [r.v.committeeCode, r.v.unitCode]).filter(Boolean));
  const users = await usersByName(trx, rows.map((r) => r.v.username).filter(Boolean));
  const seen = new Map<string, Row>();
  const good: Array<{ row: Row; committeeId: number; unitOrgId: number | null }> = [];
  for (const row of rows) {
    if (!errors.required(row)) continue;
    let ok = checkPerson(errors, row, seen, users.get(row.v.username));
    const committee = orgs.get(row.v.committeeCode);
    if (!committee) (errors.add(row, 'committeeCode', `没有编码为“${row.v.committeeCode}”的单位`), (ok = false));
    else if (committee.kind !== 'committee') (errors.add(row, 'committeeCode', `编码“${row.v.committeeCode}”的单位是${ORGANISATION_KIND_LABELS[committee.kind]}，不是评审委员会`), (ok = false));
    else {
      const r = whyNotGrant(actor, { role: 'expert', org: committee });
      if (r) (errors.add(row, 'committeeCode', r.message), (ok = false));
    }
    const unit = row.v.unitCode ? orgs.get(row.v.unitCode) : undefined;
    if (row.v.unitCode && !unit) (errors.add(row, 'unitCode', `没有编码为“${row.v.unitCode}”的单位；系统外的单位请写在“曾工作单位”或先新建该单位`), (ok = false));
    else if (unit?.kind === 'committee') (errors.add(row, 'unitCode', '现工作单位不能是评审委员会'), (ok = false));
    else if (unit && !unit.active) (errors.add(row, 'unitCode', '该单位已停用，不能再添加人员'), (ok = false));
    if (splitList(row.v.specialties).length === 0) (errors.add(row, 'specialties', '请至少填写一个专业'), (ok = false));
    if (ok) good.push({ row, committeeId: committee!.id, unitOrgId: unit?.id ?? null });
  }
  refuseRows(errors);
  if (!hashes) return;
  const touched = new Map<string, boolean>();
  for (const g of good) {
    const acc = await ensureAccount(trx, g.row, users, hashes, result);
    const changed = await writeExpertProfile(trx, acc.id, {
      committeeId: g.committeeId,
      specialties: splitList(g.row.v.specialties),
      unitOrgId: g.unitOrgId,
      pastUnits: splitList(g.row.v.pastUnits),
    });
    touched.set(g.row.v.username, (touched.get(g.row.v.username) ?? false) || acc.changed || changed);
    if (acc.created) touched.set(`+${g.row.v.username}`, true);
  }
  countPeople(touched, result);
}
