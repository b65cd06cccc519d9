// The review stages as data (STYLE §2, policy as data): one row per stage says which organisation of
// the application acts, with which roles, which statuses it sees, which events it performs, the
// opinion it forwards by default, and which stamped scans it uploads. Services and the web read this
// table instead of branching on the stage, so a new stage (派出单位, 县人社局) is a new row.
// Pure data; imported by both the server and the web app.
import type { Role } from './access';
import type { Event, Status } from './state-machine';

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
  /** Scans that must be uploaded (since the file last arrived) before the stage forwards it. */
  requiredScans: readonly ScanKind[];
  /** Scans required only for some files, by a fact of the declaration (see FileFlags). */
  requiredScansIf?: ReadonlyArray<{ kind: ScanKind; when: keyof FileFlags }>;
}

/** Facts of a declaration that change what a stage must collect. */
export interface FileFlags {
  /** U5, A13 援派期一年以上且正在援疆: the dispatching unit (派出单位) must approve first. */
  aidPosting: boolean;
}

/** Every scan `stage` needs before forwarding this file: the fixed ones, then those its facts call for. */
export function requiredScansFor(stage: ReviewStage, flags: FileFlags): ScanKind[] {
  const def = STAGES[stage];
  return [...def.requiredScans, ...(def.requiredScansIf ?? []).filter((c) => flags[c.when]).map((c) => c.kind)];
}

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
    requiredScans: [],
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
    requiredScans: ['competent_recommendation'],
  },
  committee: {
    title: '评审委员会办事机构',
    orgColumn: 'committeeOrgId',
    roles: ['committee_officer'],
    statuses: ['competent_recommended', 'returned_by_committee', ...AFTER_COMMITTEE],
    events: ['committee_return', 'committee_accept'],
    defaultOpinion: '',
    scans: { kinds: [], whileIn: [] },
    requiredScans: [],
  },
};

export function isVisibleAtStage(stage: ReviewStage, status: string): boolean {
  return (STAGES[stage].statuses as readonly string[]).includes(status);
}
