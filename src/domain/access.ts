// Who may do what to which application: permissions come in pairs, canX / whyNotX (STYLE §2).
// A refusal's code becomes the user's message; outside the actor's organisation the HTTP layer
// answers 404 so existence never leaks.
import type { Refusal } from './state-machine';
import { isEditableByApplicant, statusLabel } from './state-machine';

export type Role =
  | 'applicant'
  | 'unit_reviewer'
  | 'unit_leader'
  | 'competent_reviewer'
  | 'committee_officer'
  | 'finance'
  | 'expert'
  | 'bureau_admin';

export const ROLE_LABELS: Record<Role, string> = {
  applicant: '申报人',
  unit_reviewer: '推荐单位审核员',
  unit_leader: '推荐单位负责人',
  competent_reviewer: '主管单位审核员',
  committee_officer: '评审委员会办事机构',
  finance: '人社局财务',
  expert: '评审专家',
  bureau_admin: '州人社局管理员',
};

export interface Membership {
  role: Role;
  organisationId: number | null;
}

export interface Actor {
  userId: number;
  displayName: string;
  memberships: readonly Membership[];
}

export interface ApplicationRef {
  applicantId: number;
  recommendingOrgId: number;
  competentOrgId: number | null;
  committeeOrgId: number | null;
  status: string;
}

export function hasRole(actor: Actor, role: Role, organisationId?: number | null): boolean {
  return actor.memberships.some(
    (m) => m.role === role && (organisationId === undefined || m.organisationId === organisationId),
  );
}

/** Roles through which the actor may see this application at all (originals included, B5). */
export function viewingRoles(actor: Actor, app: ApplicationRef): Role[] {
  const roles: Role[] = [];
  if (app.applicantId === actor.userId) roles.push('applicant');
  for (const m of actor.memberships) {
    if ((m.role === 'unit_reviewer' || m.role === 'unit_leader') && m.organisationId === app.recommendingOrgId) roles.push(m.role);
    if (m.role === 'competent_reviewer' && m.organisationId === app.competentOrgId) roles.push(m.role);
    if (m.role === 'committee_officer' && m.organisationId === app.committeeOrgId) roles.push(m.role);
    if (m.role === 'bureau_admin') roles.push(m.role);
  }
  return roles;
}

export function canViewApplication(actor: Actor, app: ApplicationRef): boolean {
  return viewingRoles(actor, app).length > 0;
}

/** B5: originals stay with the applicant and the auditing units; experts never see them. */
export function canViewOriginals(actor: Actor, app: ApplicationRef): boolean {
  return viewingRoles(actor, app).length > 0;
}

export function whyNotEditDeclaration(actor: Actor, app: ApplicationRef): Refusal | null {
  if (app.applicantId !== actor.userId) return { code: 'NOT_FOUND', message: '申报材料不存在' };
  if (!isEditableByApplicant(app.status)) {
    return {
      code: 'NOT_EDITABLE',
      message: `申报材料当前状态为“${statusLabel(app.status)}”，已提交的材料不能修改；如需修改，请联系推荐单位退回`,
    };
  }
  return null;
}

export function canEditDeclaration(actor: Actor, app: ApplicationRef): boolean {
  return whyNotEditDeclaration(actor, app) === null;
}

export function whyNotSubmit(actor: Actor, app: ApplicationRef): Refusal | null {
  return whyNotEditDeclaration(actor, app);
}

export function canSubmit(actor: Actor, app: ApplicationRef): boolean {
  return whyNotSubmit(actor, app) === null;
}
