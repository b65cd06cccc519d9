// Administration rules (issue 10): where each kind of organisation sits in the tree, which role
// belongs to which kind of organisation, and who may grant which role. Pure: the service loads the
// actor's memberships and the organisations and passes them in.
import type { Actor, Role } from './access';
import { isPrefectureAdmin, ROLE_LABELS } from './access';
import type { Refusal } from './errors';

/** bureau 州人社局; county_bureau 县人社局 (R5); competent 主管单位; recommending 推荐单位;
 *  agency 人事代理机构 (U4); dispatching 派出单位 (U5); committee 评审委员会 */
export type OrganisationKind = 'bureau' | 'county_bureau' | 'competent' | 'recommending' | 'agency' | 'dispatching' | 'committee';

export const ORGANISATION_KINDS: readonly OrganisationKind[] = ['bureau', 'county_bureau', 'competent', 'recommending', 'agency', 'dispatching', 'committee'];

export const ORGANISATION_KIND_LABELS: Record<OrganisationKind, string> = {
  bureau: '州人社局',
  county_bureau: '县人社局',
  competent: '主管单位',
  recommending: '推荐单位',
  agency: '人事代理机构',
  dispatching: '派出单位',
  committee: '评审委员会',
};

/**
 * The kinds an organisation of each kind may sit under (null: the root). A recommending unit sits
 * under its competent unit or, for a county's own units, the county bureau (R5); a personnel agency
 * (U4) and a dispatching unit (U5) under the bureau, a county bureau or a competent unit.
 */
export const PARENT_KINDS: Record<OrganisationKind, ReadonlyArray<OrganisationKind | null>> = {
  bureau: [null],
  county_bureau: ['bureau'],
  competent: ['bureau', 'county_bureau'],
  recommending: ['competent', 'county_bureau'],
  agency: ['bureau', 'county_bureau', 'competent'],
  dispatching: ['bureau', 'county_bureau', 'competent'],
  committee: ['bureau', 'county_bureau'],
};

export interface OrgNode {
  id: number;
  kind: OrganisationKind;
  parentId: number | null;
  active: boolean;
}

/**
 * Whether an organisation of `kind` may sit under `parent` (null: at the root). `selfId` is the
 * organisation being moved: it may not go under itself or any of its descendants.
 */
export function whyNotPlace(kind: OrganisationKind, parent: OrgNode | null, all: readonly OrgNode[], selfId?: number): Refusal | null {
  const allowed = PARENT_KINDS[kind];
  const label = ORGANISATION_KIND_LABELS[kind];
  if (!parent) {
    if (allowed.includes(null)) return null;
    return { code: 'ORG_PLACEMENT', message: `${label}须设在${allowed.map((k) => ORGANISATION_KIND_LABELS[k as OrganisationKind]).join('或')}之下，请选择上级单位` };
  }
  if (!allowed.includes(parent.kind)) {
    const where = allowed.filter((k): k is OrganisationKind => k !== null).map((k) => ORGANISATION_KIND_LABELS[k]);
    return {
      code: 'ORG_PLACEMENT',
      message: where.length ? `${label}不能设在${ORGANISATION_KIND_LABELS[parent.kind]}之下，只能设在${where.join('或')}之下` : `${label}是最上级单位，不能设在其他单位之下`,
    };
  }
  if (!parent.active) return { code: 'ORG_INACTIVE', message: '所选上级单位已停用，请先启用或选择其他上级单位' };
  if (selfId !== undefined) {
    const byId = new Map(all.map((o) => [o.id, o]));
    const seen = new Set<number>();
    for (let p: OrgNode | undefined = parent; p && !seen.has(p.id); p = p.parentId === null ? undefined : byId.get(p.parentId)) {
      if (p.id === selfId) return { code: 'ORG_PLACEMENT', message: '不能把单位移到它自己或它的下级单位之下' };
      seen.add(p.id);
    }
  }
  return null;
}

/**
 * Rank of each role: a role may be granted only by someone holding a role of at least its rank
 * (and then only where the grant rules below allow). Applicants register themselves.
 */
export const ROLE_RANK: Record<Role, number> = {
  applicant: 0, // 申报人: registers themselves, never granted
  unit_reviewer: 1, // 推荐单位审核员
  expert: 1, // 评审专家: sees only the files assigned to them
  unit_leader: 2, // 推荐单位负责人: manages the unit's reviewer accounts
  competent_reviewer: 2, // 主管单位审核员
  committee_officer: 3, // 评审委员会办事机构
  finance: 3, // 人社局财务
  bureau_admin: 4, // 州人社局管理员: everything
};

/** The kinds of organisation each role is held at (applicants hold theirs at none). */
export const ROLE_ORG_KINDS: Record<Role, readonly OrganisationKind[]> = {
  applicant: [],
  unit_reviewer: ['recommending', 'agency', 'dispatching'],
  unit_leader: ['recommending', 'agency', 'dispatching'],
  competent_reviewer: ['competent', 'county_bureau'],
  committee_officer: ['committee'],
  finance: ['bureau', 'county_bureau'],
  // on a committee: a member of its expert pool; elsewhere: the expert's own unit (回避 derives from it)
  expert: ['committee', 'recommending', 'competent', 'agency', 'dispatching', 'county_bureau', 'bureau'],
  // at the prefecture bureau: 州人社局管理员; at a county bureau: the county's administrator, who files
  // R5 requests and sees its own county's files but holds no prefecture power (access.ts isPrefectureAdmin)
  bureau_admin: ['bureau', 'county_bureau'],
};

export function highestRank(actor: Pick<Actor, 'memberships'>): number {
  return Math.max(-1, ...actor.memberships.map((m) => ROLE_RANK[m.role]));
}

export interface GrantTarget {
  role: Role;
  /** The organisation the role is held at. */
  org: { id: number; kind: OrganisationKind; active: boolean } | null;
}

/**
 * Why the actor may not grant (or take away, or manage an account through) `role` at `org`:
 * nobody grants a role above their own; a bureau administrator grants any role; a unit leader
 * grants only 推荐单位审核员, only at a unit they lead; nobody else grants anything.
 */
export function whyNotGrant(actor: Pick<Actor, 'memberships'>, target: GrantTarget): Refusal | null {
  const label = ROLE_LABELS[target.role];
  if (target.role === 'applicant') return { code: 'ROLE_NOT_GRANTABLE', message: '申报人账号由申报人本人注册，不能由管理员授予' };
  if (ROLE_RANK[target.role] > highestRank(actor)) return { code: 'ROLE_ABOVE_OWN', message: `不能授予比自己更高的角色（${label}）` };
  const isAdmin = isPrefectureAdmin(actor);
  if (!isAdmin) {
    const leads = actor.memberships.filter((m) => m.role === 'unit_leader').map((m) => m.organisationId);
    if (leads.length === 0 || target.role !== 'unit_reviewer') return { code: 'FORBIDDEN', message: `您没有授予“${label}”角色的权限` };
    if (!target.org || !leads.includes(target.org.id)) return { code: 'NOT_FOUND', message: '单位不存在或不在您的管理范围内' };
  }
  if (!target.org) return { code: 'INVALID_INPUT', message: `“${label}”须指定所在单位` };
  if (!ROLE_ORG_KINDS[target.role].includes(target.org.kind)) {
    return {
      code: 'ROLE_ORG_KIND',
      message: `“${label}”不能设在${ORGANISATION_KIND_LABELS[target.org.kind]}，只能设在${ROLE_ORG_KINDS[target.role].map((k) => ORGANISATION_KIND_LABELS[k]).join('、')}`,
    };
  }
  if (!target.org.active) return { code: 'ORG_INACTIVE', message: '该单位已停用，不能再添加人员' };
  return null;
}

export function canGrant(actor: Pick<Actor, 'memberships'>, target: GrantTarget): boolean {
  return whyNotGrant(actor, target) === null;
}

/**
 * Whether the actor may manage another person's account (deactivate, reset the password): they
 * must be able to grant every role the person holds, at its organisation, so a unit leader reaches
 * only their own unit's reviewers and nobody reaches an account above their own.
 */
export function whyNotManageAccount(actor: Pick<Actor, 'memberships' | 'userId'>, targetUserId: number, targetRoles: readonly GrantTarget[]): Refusal | null {
  if (targetUserId === actor.userId) return { code: 'FORBIDDEN', message: '不能对自己的账号执行此操作' };
  // the prefecture administrator's rank is the highest: every account is within reach
  if (isPrefectureAdmin(actor)) return null;
  if (targetRoles.length === 0) return { code: 'NOT_FOUND', message: '账号不存在或不在您的管理范围内' };
  for (const t of targetRoles) {
    // the org's active flag does not matter for managing an existing account
    const r = whyNotGrant(actor, { role: t.role, org: t.org ? { ...t.org, active: true } : null });
    if (r) return r.code === 'FORBIDDEN' ? { code: 'NOT_FOUND', message: '账号不存在或不在您的管理范围内' } : r;
  }
  return null;
}

/** Splits an alias cell or field: 、，, ; and line breaks separate; blanks and repeats go. */
export function splitList(text: string | null | undefined): string[] {
  if (!text) return [];
  return [...new Set(text.split(/[、，,;；\n]+/).map((s) => s.trim()).filter(Boolean))];
}

/** Staff usernames (applicants sign in with their ID number): a letter, then 3–32 letters, digits, _ . -. */
export function whyNotUsername(username: string): string | null {
  if (!/^[A-Za-z][A-Za-z0-9_.-]{2,31}$/.test(username)) return '用户名须以字母开头，由3—32位字母、数字、下划线、点或连字符组成';
  return null;
}

/** 11-digit mainland mobile number; empty means none. */
export function whyNotMobile(mobile: string): string | null {
  if (mobile && !/^1[3-9]\d{9}$/.test(mobile)) return '手机号码须为11位数字';
  return null;
}
