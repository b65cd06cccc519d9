// The review stages as data (STYLE §2, policy as data): one row per stage says which organisation of
// the application acts, with which roles, which statuses it sees, which events it performs, the
// opinion it forwards by default, and which stamped scans it uploads. Services and the web read this
// table instead of branching on the stage, so a new stage (派出单位, 县人社局) is a new row.
// Pure data; imported by both the server and the web app.
import type { Role } from './access';
import type { Policy } from './policy';
import type { Event, Refusal, Status } from './state-machine';

export type ReviewStage = 'unit' | 'competent' | 'committee';

/** Stamped scans uploaded during the review chain (T2–T5, U5). */
export type ScanKind =
  | 'publicity_notice' // 附件2 公示通知, stamped by the unit
  | 'publicity_result' // 附件3 公示结果, stamped by the unit
  | 'competent_recommendation' // 附件4 主管单位推荐意见, stamped
  | 'aid_approval'; // U5 派出单位审核同意材料 for an aid posting

/** What each scan is, as a message names it: 「请先上传盖章的主管单位推荐意见（附件4）扫描件」. */
export const SCAN_TITLES: Record<ScanKind, string> = {
  publicity_notice: '推荐单位公示（附件2）',
  publicity_result: '推荐单位公示结果（附件3）',
  competent_recommendation: '主管单位推荐意见（附件4）',
  aid_approval: '派出单位审核同意材料',
};

/** U3 default opinion of the recommending unit, exactly as the source words it (editable). */
export const DEFAULT_UNIT_OPINION = '本单位已对提供的申报材料逐一审核，真实准确，同意推荐';
/** C1 default opinion of the competent unit, printed on 附件4 as its opinion (editable). */
export const DEFAULT_COMPETENT_OPINION = '经审核，该同志申报材料真实有效，符合申报条件，同意推荐。';

export interface StageDef {
  /** Who the stage is, as the user reads it. */
  title: string;
  /** The application column naming the organisation that acts for this stage. */
  orgColumn: 'recommendingOrgId' | 'competentOrgId' | 'committeeOrgId';
  /** Roles that act for the stage at that organisation. */
  roles: readonly Role[];
  /** Statuses in which the stage sees the file: it reached the stage, whatever happened after. */
  statuses: readonly Status[];
  /** Events the stage performs on a file, in the order its page offers them. */
  events: readonly Event[];
  /** Opinion prefilled when forwarding; '' when the stage writes none by default. */
  defaultOpinion: string;
  /** Stamped scans the stage uploads, and in which statuses of the file it may. */
  scans: { kinds: readonly ScanKind[]; whileIn: readonly Status[] };
  /**
   * The stamped scans of the stage's generated documents (附件2–4). Whether they must be uploaded
   * (since the file last arrived) before the stage forwards it is the review year's policy
   * `stamped_scans_required`, one rule for all three: see `requiredScans`.
   */
  stampedScans: readonly ScanKind[];
  /** Scans required only for some files, by a fact of the declaration (see FileFlags). */
  requiredScansIf?: ReadonlyArray<{ kind: ScanKind; when: keyof FileFlags }>;
}

/** Facts of a declaration that change what a stage must collect. */
export interface FileFlags {
  /** U5, A13 援派期一年以上且正在援疆: the dispatching unit (派出单位) must approve first. */
  aidPosting: boolean;
}

export const NO_FILE_FLAGS: FileFlags = { aidPosting: false };

const AFTER_COMMITTEE: readonly Status[] = ['accepted', 'abandoned', 'in_review', 'passed', 'failed', 'revoked'];

export const STAGES: Record<ReviewStage, StageDef> = {
  unit: {
    title: '推荐单位',
    orgColumn: 'recommendingOrgId',
    roles: ['unit_reviewer', 'unit_leader'],
    statuses: [
      'submitted',
      'returned_by_unit',
      'in_publicity',
      'unit_recommended',
      'returned_by_competent',
      'competent_recommended',
      'returned_by_committee',
      ...AFTER_COMMITTEE,
    ],
    events: ['unit_return', 'start_publicity', 'unit_recommend'],
    defaultOpinion: DEFAULT_UNIT_OPINION,
    // U3 附件2/3 stamped; U5 the dispatching unit's approval
    scans: { kinds: ['publicity_notice', 'publicity_result', 'aid_approval'], whileIn: ['submitted', 'in_publicity'] },
    stampedScans: ['publicity_notice', 'publicity_result'],
    // U5: an aid posting is recommended only with the dispatching unit's approval on record
    requiredScansIf: [{ kind: 'aid_approval', when: 'aidPosting' }],
  },
  competent: {
    title: '主管单位',
    orgColumn: 'competentOrgId',
    // U4: files of a personnel agency go to the bureau above it, whose administrator acts as 主管单位
    roles: ['competent_reviewer', 'bureau_admin'],
    statuses: ['unit_recommended', 'returned_by_competent', 'competent_recommended', 'returned_by_committee', ...AFTER_COMMITTEE],
    events: ['competent_return', 'competent_recommend'],
    defaultOpinion: DEFAULT_COMPETENT_OPINION,
    // C1 stamped 附件4
    scans: { kinds: ['competent_recommendation'], whileIn: ['unit_recommended'] },
    stampedScans: ['competent_recommendation'],
  },
  committee: {
    title: '评审委员会办事机构',
    orgColumn: 'committeeOrgId',
    roles: ['committee_officer'],
    statuses: ['competent_recommended', 'returned_by_committee', ...AFTER_COMMITTEE],
    events: ['committee_return', 'committee_accept'],
    defaultOpinion: '',
    scans: { kinds: [], whileIn: [] },
    stampedScans: [],
  },
};

export function isVisibleAtStage(stage: ReviewStage, status: string): boolean {
  return (STAGES[stage].statuses as readonly string[]).includes(status);
}

/**
 * Scans the stage must upload before it forwards the file: the stamped 附件2–4 under the review
 * year's policy, then those the file's facts call for (U5 the dispatching unit's approval).
 */
export function requiredScans(stage: ReviewStage, policy: Pick<Policy, 'stampedScansRequired'>, flags: FileFlags = NO_FILE_FLAGS): readonly ScanKind[] {
  const def = STAGES[stage];
  return [...(policy.stampedScansRequired ? def.stampedScans : []), ...(def.requiredScansIf ?? []).filter((c) => flags[c.when]).map((c) => c.kind)];
}

/**
 * U3/C1/U5: the required scans not uploaded yet, as the user is told it. The dispatching unit's
 * approval has its own message, since the unit must get it from another organisation.
 */
export function whyScansMissing(required: readonly ScanKind[], uploaded: readonly string[]): Refusal | null {
  const missing = required.filter((k) => !uploaded.includes(k));
  if (missing.length === 0) return null;
  if (missing.includes('aid_approval')) {
    return {
      code: 'AID_APPROVAL_REQUIRED',
      message: '该申报人为援派人员（援派期一年以上且正在援疆），须经派出单位（原所在单位）组织人事部门审核同意：请先上传派出单位盖章的审核同意材料，再推荐',
    };
  }
  return { code: 'SCAN_REQUIRED', message: `请先上传盖章的${missing.map((k) => SCAN_TITLES[k]).join('、')}扫描件，再推荐` };
}
