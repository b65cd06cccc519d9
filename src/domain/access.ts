// Who may do what to which application: permissions come in pairs, canX / whyNotX (STYLE §2).
// A refusal's code becomes the user's message; outside the actor's organisation the HTTP layer
// answers 404 so existence never leaks.
import type { Refusal } from './state-machine';
import { isEditableByApplicant, statusLabel } from './state-machine';
import { isVisibleAtStage, type ReviewStage, STAGES } from './stage';

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
  /**
   * The kind of that organisation, loaded with the session: the prefecture bureau ('bureau') and a
   * county bureau ('county_bureau') have administrators of the same role, and only this tells them
   * apart. Absent: not known, so no prefecture power follows from the membership.
   */
  organisationKind?: string | null;
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

/**
 * 州人社局管理员: `bureau_admin` held at the prefecture bureau (an organisation of kind 'bureau').
 * Its powers are the prefecture's: administration (系统管理), the integrity archive and certificate
 * revocation (I1), the dashboard, fee confirmation (R3), approval of entrustment (R5). A county
 * bureau's (县人社局) administrator holds the same role at a 'county_bureau' and gets only what R5
 * gives a county: its own entrustment and joint-review requests, and its county's files where the
 * county bureau is their competent unit (the stage rules match the organisation, not the role).
 */
export function isPrefectureAdmin(actor: Pick<Actor, 'memberships'>): boolean {
  return actor.memberships.some((m) => m.role === 'bureau_admin' && m.organisationKind === 'bureau');
}

/** Why the actor may not use a prefecture power (`what`: 进行系统管理, 管理诚信档案…); null when they may. */
export function whyNotPrefectureAdmin(actor: Pick<Actor, 'memberships'>, what: string): Refusal | null {
  if (isPrefectureAdmin(actor)) return null;
  const county = actor.memberships.some((m) => m.role === 'bureau_admin' && m.organisationKind === 'county_bureau');
  return { code: 'FORBIDDEN', message: county ? `只有州人社局管理员可以${what}；县（市）人社局管理员可办理本县的委托评审、联合评审申请和本县材料` : `只有州人社局管理员可以${what}` };
}

/**
 * Whether the actor sees the file as `stage`: they hold one of the stage's roles at the organisation
 * the application names for it, and the file has reached the stage (issue 9 item 5). The one rule
 * for every route that serves a file's data: the stage's own pages, attachments, the timeline and
 * the generated documents; a draft reaches no stage, a file at the unit reaches neither the
 * competent unit nor the committee.
 */
export function seesAtStage(actor: Actor, app: ApplicationRef, stage: ReviewStage): boolean {
  const def = STAGES[stage];
  const orgId = app[def.orgColumn];
  if (orgId === null || !isVisibleAtStage(stage, app.status)) return false;
  return actor.memberships.some((m) => def.roles.includes(m.role) && m.organisationId === orgId);
}

/** Roles through which the actor sees this application now (originals included, B5): its applicant always, a stage once the file reached it. */
export function viewingRoles(actor: Actor, app: ApplicationRef): Role[] {
  const roles = new Set<Role>();
  if (app.applicantId === actor.userId) roles.add('applicant');
  for (const stage of Object.keys(STAGES) as ReviewStage[]) {
    if (!seesAtStage(actor, app, stage)) continue;
    const orgId = app[STAGES[stage].orgColumn];
    for (const m of actor.memberships) if (STAGES[stage].roles.includes(m.role) && m.organisationId === orgId) roles.add(m.role);
  }
  return [...roles];
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

// ── Experts (B5, R4). An expert is not a viewer of the application (viewingRoles never lists
// 'expert'), so every path above denies them; these rules open the masked view of assigned files.

/** What the service found about one expert and one file. */
export interface ExpertFileFacts {
  /** The expert is assigned to review the file in a meeting whose roster holds them. */
  assigned: boolean;
  /** Any conflict (回避) between the expert and the file, derived or recorded. */
  conflicted: boolean;
}

/** Not assigned or conflicted reads as "does not exist", so a file's existence never leaks. */
export function whyNotExpertOpen(actor: Actor, f: ExpertFileFacts): Refusal | null {
  if (!hasRole(actor, 'expert') || !f.assigned || f.conflicted) return { code: 'NOT_FOUND', message: '评审材料不存在或无权查看' };
  return null;
}

export function canExpertOpen(actor: Actor, f: ExpertFileFacts): boolean {
  return whyNotExpertOpen(actor, f) === null;
}

export interface ExpertBallotFacts {
  onRoster: boolean;
  present: boolean;
  conflicted: boolean;
  /** The file is on the meeting's agenda. */
  fileInMeeting: boolean;
  meetingStatus: string;
  hasVoted: boolean;
}

/** R4: only present, non-conflicted roster members vote, once, while the ballot is open (no proxy or late votes). */
export function whyNotVote(actor: Actor, f: ExpertBallotFacts): Refusal | null {
  if (!hasRole(actor, 'expert') || !f.onRoster || !f.fileInMeeting || f.conflicted) return { code: 'NOT_FOUND', message: '评审材料不存在或无权查看' };
  if (f.meetingStatus !== 'voting') {
    return { code: 'BALLOT_NOT_OPEN', message: f.meetingStatus === 'planned' ? '投票尚未开始，请等待办事机构开始投票' : '投票已结束，不能再投票' };
  }
  if (!f.present) return { code: 'NOT_PRESENT', message: '您未登记出席本次评审会，不能投票；如已到会，请联系办事机构登记出席' };
  if (f.hasVoted) return { code: 'ALREADY_VOTED', message: '您已对该材料投票，投票后不能更改' };
  return null;
}

export function canVote(actor: Actor, f: ExpertBallotFacts): boolean {
  return whyNotVote(actor, f) === null;
}

export type ImageVariantName = 'original' | 'thumb' | 'masked' | 'masked-thumb';

export interface AttachmentMaskFacts {
  sectionCode: string;
  needsMasking: boolean | null;
  maskStatus: string;
  maskedSha256: string | null;
}

/**
 * B5: an expert may fetch only masked variants, never a section-1 image (ID card, photo), and
 * only an image that is masked or that applicant and units confirmed needs no masking (B2 否).
 */
export function expertMayFetch(a: AttachmentMaskFacts, variant: ImageVariantName): boolean {
  if (variant !== 'masked' && variant !== 'masked-thumb') return false;
  if (a.sectionCode === 'A1') return false;
  if (a.needsMasking === true) return a.maskStatus === 'masked' && a.maskedSha256 !== null;
  return a.needsMasking === false;
}
