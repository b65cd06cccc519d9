// Which expert reviews which file (R4) and who may not (回避, STYLE §2). Pure: the service passes
// the roster, the files and the conflicts it loaded; nothing here reads the database.
import { findIdentityInText } from './summary';

export type ConflictKind = 'same_unit' | 'past_unit' | 'declared' | 'manual' | 'expert_declared';

export const CONFLICT_LABELS: Record<ConflictKind, string> = {
  same_unit: '与申报人同一单位',
  past_unit: '申报人曾在专家所在单位工作',
  declared: '申报人申请回避',
  manual: '办事机构指定回避',
  expert_declared: '专家本人申请回避',
};

/** An organisation the expert works for (not the committee they sit on), or one they worked for before. */
export interface ExpertUnit {
  /** The organisation's id; null for a past unit written as text (expert pool, issue 10). */
  id: number | null;
  /** Full name and aliases. */
  names: readonly string[];
  /** A unit the expert worked for before. */
  past?: boolean;
}

export interface FileUnits {
  recommendingOrgId: number;
  /** A1 现工作单位 and the A3 row without an end date. */
  currentUnitTexts: readonly string[];
  /** A3 rows that ended. */
  pastUnitTexts: readonly string[];
}

function mentions(texts: readonly string[], names: readonly string[]): boolean {
  return texts.some((t) => findIdentityInText(t, names).length > 0);
}

/**
 * The conflict the system derives itself, strongest first: the expert's unit is the file's
 * recommending unit or named as the applicant's current unit → same_unit; named as a past unit
 * in the work history (A3) → past_unit; a unit the expert worked for before named as the applicant's
 * current or past unit → past_unit. Null when none holds.
 */
export function derivedConflict(file: FileUnits, expertUnits: readonly ExpertUnit[]): ConflictKind | null {
  const current = expertUnits.filter((u) => !u.past);
  if (current.some((u) => u.id === file.recommendingOrgId)) return 'same_unit';
  const names = current.flatMap((u) => u.names);
  if (names.length && mentions(file.currentUnitTexts, names)) return 'same_unit';
  if (names.length && mentions(file.pastUnitTexts, names)) return 'past_unit';
  // the expert's own past units: a file from (or through) a unit the expert worked for is one they may not judge
  const pastNames = expertUnits.filter((u) => u.past).flatMap((u) => u.names);
  if (pastNames.length && (mentions(file.currentUnitTexts, pastNames) || mentions(file.pastUnitTexts, pastNames))) return 'past_unit';
  return null;
}

export interface RosterExpert {
  expertId: number;
  specialties: readonly string[];
  /** Files already assigned to this expert in the meeting. */
  load: number;
}

export interface FileToAssign {
  applicationId: number;
  specialty: string;
  /** Experts already assigned to the file (kept; only the missing reviewers are added). */
  assigned: readonly number[];
}

export interface AssignmentPlan {
  assignments: Array<{ applicationId: number; expertId: number }>;
  /** Files that cannot get enough reviewers; the service writes nothing when there is one. */
  errors: Array<{ applicationId: number; message: string }>;
  /** Files that got a reviewer outside their specialty because too few specialists were free. */
  outsideSpecialty: Array<{ applicationId: number; expertId: number }>;
}

export const conflictKey = (applicationId: number, expertId: number) => `${applicationId}:${expertId}`;

/**
 * Automatic assignment: each file gets `perFile` reviewers, never a conflicted one; specialists of
 * the file's specialty first, then the least loaded, then the lower id (deterministic). Files with
 * the fewest possible reviewers are served first so a scarce specialist is not used up elsewhere.
 */
export function planAssignments(
  files: readonly FileToAssign[],
  roster: readonly RosterExpert[],
  conflicts: ReadonlySet<string>,
  perFile: number,
): AssignmentPlan {
  const load = new Map(roster.map((e) => [e.expertId, e.load]));
  const plan: AssignmentPlan = { assignments: [], errors: [], outsideSpecialty: [] };
  const free = (f: FileToAssign) => roster.filter((e) => !conflicts.has(conflictKey(f.applicationId, e.expertId)) && !f.assigned.includes(e.expertId));
  const order = [...files].sort((a, b) => free(a).length - free(b).length || a.applicationId - b.applicationId);
  for (const f of order) {
    const need = perFile - f.assigned.length;
    if (need <= 0) continue;
    const candidates = free(f);
    if (candidates.length < need) {
      plan.errors.push({
        applicationId: f.applicationId,
        message: `可分配的非回避专家只有${candidates.length}人，少于每份材料所需的${perFile}人（已分配${f.assigned.length}人），请增加评审专家`,
      });
      continue;
    }
    const isSpecialist = (e: RosterExpert) => e.specialties.includes(f.specialty);
    candidates.sort(
      (a, b) => Number(isSpecialist(b)) - Number(isSpecialist(a)) || load.get(a.expertId)! - load.get(b.expertId)! || a.expertId - b.expertId,
    );
    for (const e of candidates.slice(0, need)) {
      plan.assignments.push({ applicationId: f.applicationId, expertId: e.expertId });
      load.set(e.expertId, load.get(e.expertId)! + 1);
      if (!isSpecialist(e)) plan.outsideSpecialty.push({ applicationId: f.applicationId, expertId: e.expertId });
    }
  }
  plan.assignments.sort((a, b) => a.applicationId - b.applicationId || a.expertId - b.expertId);
  return plan;
}
