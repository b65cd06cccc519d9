// Organisations as a tree (issue 10), administered by the bureau: create, move, rename, set
// aliases (they feed masking and 回避), deactivate and delete. An organisation with files is never
// deleted; a deactivated one keeps its files but is chosen for nothing new.
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema';
import { whyNotPrefectureAdmin, type Actor } from '../domain/access';
import { ORGANISATION_KIND_LABELS, splitList, whyNotPlace, type OrganisationKind, type OrgNode } from '../domain/administration';
import { Refused } from '../domain/errors';
import { writeAudit } from './audit';
import type { RequestMeta, ServiceContext } from './service-context';

export function requireBureauAdmin(actor: Actor): void {
  const why = whyNotPrefectureAdmin(actor, '管理组织机构和账号');
  if (why) throw new Refused(why.code, why.message);
}

export interface OrganisationInput {
  code: string;
  name: string;
  kind: OrganisationKind;
  parentId: number | null;
  aliases: string[];
}

export interface OrganisationUpdate {
  name: string;
  parentId: number | null;
  aliases: string[];
}

const CODE_RE = /^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$/;

/** Every organisation with what hangs on it (files, members), for the tree page. */
export async function listOrganisations(ctx: ServiceContext, actor: Actor) {
  requireBureauAdmin(actor);
  const orgs = await ctx.db
    .selectFrom('organisation')
    .select(['id', 'code', 'name', 'kind', 'parentId', 'aliases', 'active'])
    .orderBy('id')
    .execute();
  const files = await fileCounts(ctx.db);
  const members = await ctx.db
    .selectFrom('membership')
    .select(['organisationId', (eb) => eb.fn.countAll<string>().as('n')])
    .where('organisationId', 'is not', null)
    .groupBy('organisationId')
    .execute();
  const memberCount = new Map(members.map((m) => [m.organisationId!, Number(m.n)]));
  return orgs.map((o) => ({
    ...o,
    kindLabel: ORGANISATION_KIND_LABELS[o.kind],
    fileCount: files.get(o.id) ?? 0,
    memberCount: memberCount.get(o.id) ?? 0,
  }));
}

/** Files naming each organisation at any stage (recommending, competent, committee). */
async function fileCounts(db: Kysely<DB>, orgId?: number): Promise<Map<number, number>> {
  const out = new Map<number, number>();
  for (const col of ['recommendingOrgId', 'competentOrgId', 'committeeOrgId'] as const) {
    const rows = await db
      .selectFrom('application')
      .select([col, (eb) => eb.fn.countAll<string>().as('n')])
      .where(col, 'is not', null)
      .$if(orgId !== undefined, (qb) => qb.where(col, '=', orgId!))
      .groupBy(col)
      .execute();
    for (const r of rows) {
      const id = (r as unknown as Record<string, number>)[col];
      out.set(id, (out.get(id) ?? 0) + Number(r.n));
    }
  }
  return out;
}

async function allNodes(db: Kysely<DB>): Promise<OrgNode[]> {
  return db.selectFrom('organisation').select(['id', 'kind', 'parentId', 'active']).execute();
}

function checkName(name: string): string {
  const n = name.trim();
  if (!n) throw new Refused('INVALID_INPUT', '请填写单位全称', [{ field: 'name', message: '请填写单位全称' }]);
  if (n.length > 100) throw new Refused('INVALID_INPUT', '单位全称不能超过100个字', [{ field: 'name', message: '单位全称不能超过100个字' }]);
  return n;
}

function placeOrRefuse(kind: OrganisationKind, parentId: number | null, nodes: readonly OrgNode[], selfId?: number): void {
  const parent = parentId === null ? null : nodes.find((n) => n.id === parentId);
  if (parentId !== null && !parent) throw new Refused('INVALID_INPUT', '所选上级单位不存在', [{ field: 'parentId', message: '请选择上级单位' }]);
  const r = whyNotPlace(kind, parent ?? null, nodes, selfId);
  if (r) throw new Refused(r.code, r.message, [{ field: 'parentId', message: r.message }]);
}

export async function createOrganisation(ctx: ServiceContext, actor: Actor, input: OrganisationInput, meta: RequestMeta = {}) {
  requireBureauAdmin(actor);
  const code = input.code.trim();
  if (!CODE_RE.test(code)) {
    throw new Refused('INVALID_INPUT', '单位编码须由字母、数字、下划线或连字符组成（不超过40位）', [{ field: 'code', message: '编码格式不正确' }]);
  }
  const name = checkName(input.name);
  const aliases = input.aliases.flatMap((a) => splitList(a));
  return ctx.db.transaction().execute(async (trx) => {
    placeOrRefuse(input.kind, input.parentId, await allNodes(trx));
    const taken = await trx.selectFrom('organisation').select('id').where('code', '=', code).executeTakeFirst();
    if (taken) throw new Refused('ALREADY_EXISTS', `单位编码“${code}”已被使用`, [{ field: 'code', message: '编码已被使用' }]);
    const row = await trx
      .insertInto('organisation')
      .values({ code, name, kind: input.kind, parentId: input.parentId, aliases })
      .returning('id')
      .executeTakeFirstOrThrow();
    await writeAudit(trx, { actorId: actor.userId, action: 'organisation_create', detail: { organisationId: row.id, code, name, kind: input.kind, parentId: input.parentId }, ip: meta.ip, at: ctx.now() });
    return { id: row.id };
  });
}

async function requireOrg(db: Kysely<DB>, id: number) {
  const org = await db.selectFrom('organisation').select(['id', 'code', 'name', 'kind', 'parentId', 'aliases', 'active']).where('id', '=', id).executeTakeFirst();
  if (!org) throw new Refused('NOT_FOUND', '单位不存在');
  return org;
}

/** Rename, move (re-parent under the kind rules) and set aliases, in one audited change. */
export async function updateOrganisation(ctx: ServiceContext, actor: Actor, id: number, input: OrganisationUpdate, meta: RequestMeta = {}) {
  requireBureauAdmin(actor);
  const name = checkName(input.name);
  const aliases = input.aliases.flatMap((a) => splitList(a));
  await ctx.db.transaction().execute(async (trx) => {
    const org = await requireOrg(trx, id);
    if (input.parentId !== org.parentId) placeOrRefuse(org.kind, input.parentId, await allNodes(trx), id);
    await trx.updateTable('organisation').set({ name, parentId: input.parentId, aliases }).where('id', '=', id).execute();
    await writeAudit(trx, {
      actorId: actor.userId,
      action: 'organisation_update',
      detail: { organisationId: id, from: { name: org.name, parentId: org.parentId, aliases: org.aliases }, to: { name, parentId: input.parentId, aliases } },
      ip: meta.ip,
      at: ctx.now(),
    });
  });
  return { id };
}

/** Deactivate (active=false) or reactivate. A unit under a deactivated parent may stay active: its files go on. */
export async function setOrganisationActive(ctx: ServiceContext, actor: Actor, id: number, active: boolean, meta: RequestMeta = {}) {
  requireBureauAdmin(actor);
  await ctx.db.transaction().execute(async (trx) => {
    const org = await requireOrg(trx, id);
    if (org.kind === 'bureau' && !active) throw new Refused('ORG_IN_USE', '州人社局是系统的根单位，不能停用');
    if (org.active === active) return;
    await trx.updateTable('organisation').set({ active }).where('id', '=', id).execute();
    await writeAudit(trx, { actorId: actor.userId, action: active ? 'organisation_activate' : 'organisation_deactivate', detail: { organisationId: id, code: org.code, name: org.name }, ip: meta.ip, at: ctx.now() });
  });
  return { id };
}

/** Deletes an organisation created by mistake: never one with files, members or sub-units. */
export async function deleteOrganisation(ctx: ServiceContext, actor: Actor, id: number, meta: RequestMeta = {}) {
  requireBureauAdmin(actor);
  await ctx.db.transaction().execute(async (trx) => {
    const org = await requireOrg(trx, id);
    const files = (await fileCounts(trx, id)).get(id) ?? 0;
    if (files > 0) {
      throw new Refused('ORG_HAS_FILES', `“${org.name}”已有${files}份申报材料，不能删除；如不再使用，请停用该单位（已有材料不受影响）`);
    }
    const child = await trx.selectFrom('organisation').select(({ fn }) => fn.countAll<string>().as('n')).where('parentId', '=', id).executeTakeFirstOrThrow();
    if (Number(child.n) > 0) throw new Refused('ORG_IN_USE', `“${org.name}”下还有${Number(child.n)}个下级单位，请先移走或删除下级单位`);
    const members = await trx.selectFrom('membership').select(({ fn }) => fn.countAll<string>().as('n')).where('organisationId', '=', id).executeTakeFirstOrThrow();
    if (Number(members.n) > 0) throw new Refused('ORG_IN_USE', `“${org.name}”还有${Number(members.n)}个人员账号，请先移除人员或停用该单位`);
    const used = await trx
      .selectFrom('specialty')
      .select('id')
      .where('committeeId', '=', id)
      .union(trx.selectFrom('entrustment').select('id').where((eb) => eb.or([eb('requesterOrgId', '=', id), eb('targetOrgId', '=', id)])))
      .union(trx.selectFrom('meeting').select('id').where('committeeOrgId', '=', id))
      .union(trx.selectFrom('feeBatch').select('id').where('recommendingOrgId', '=', id))
      .executeTakeFirst();
    if (used) throw new Refused('ORG_IN_USE', `“${org.name}”已有评审专业、评审会、委托或缴费记录，不能删除；如不再使用，请停用该单位`);
    await trx.deleteFrom('organisation').where('id', '=', id).execute();
    await writeAudit(trx, { actorId: actor.userId, action: 'organisation_delete', detail: { organisationId: id, code: org.code, name: org.name, kind: org.kind }, ip: meta.ip, at: ctx.now() });
  });
}
