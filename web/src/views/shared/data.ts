// Pure helpers shared by the reviewers' pages (U1–U5, C1, R1–R3): read-only section blocks with
// the originals (B5), labels, date formats, and what each role's notification opens.
import { SECTIONS, type SectionDef } from '@domain/section-fields';
import { STAGES } from '@domain/stage';
import { statusTone } from '@domain/state-machine';
import type { Attachment, Role } from '../../api/types';
import type { DocKind, ReviewFile, ReviewStage, ScanKind } from '../../api/review';

type Cell = string | number | boolean | null | undefined;

/** A cell as a reviewer reads it: 是/否 for booleans, a dash for empty values. */
export function cellText(v: Cell): string {
  if (v === null || v === undefined || v === '') return '—';
  if (typeof v === 'boolean') return v ? '是' : '否';
  return String(v);
}

/** A slot as a label: 'diploma' → '学历证书'; the first row's 'diploma' → '学历1 · 毕业证书'. */
export function slotLabel(def: SectionDef, slot: string, rowIndex: number | null = null): string {
  if (rowIndex !== null && def.rows) {
    const s = def.rows.slots.find((x) => x.key === slot);
    return `${def.rows.label}${rowIndex + 1} · ${s?.label ?? slot}`;
  }
  return def.slots.find((x) => x.key === slot)?.label ?? slot;
}

export interface SectionBlock {
  def: SectionDef;
  fields: Record<string, Cell>;
  rows: Array<Record<string, Cell>>;
  attachments: Array<Attachment & { label: string }>;
}

/** All 13 sections in order, each with its originals. */
export function sectionBlocks(file: Pick<ReviewFile, 'sections' | 'attachments'>): SectionBlock[] {
  return SECTIONS.map((def) => {
    const data = file.sections[def.code];
    return {
      def,
      fields: data?.fields ?? {},
      rows: data?.rows ?? [],
      attachments: file.attachments.filter((a) => a.sectionCode === def.code).map((a) => ({ ...a, label: slotLabel(def, a.slot, a.rowIndex) })),
    };
  });
}

export function visibleFields(defs: SectionDef['fields'], record: Record<string, Cell>) {
  return defs.filter((f) => !f.when || record[f.when.key] === f.when.equals);
}

export { chineseDate, formatDateTime } from './format';


/** Today as YYYY-MM-DD in Asia/Shanghai (the server decides; this is only the form's default). */
export function shanghaiToday(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
}

/** One colour per status, the same on every page (src/domain/state-machine.ts). */
export const statusTagType = statusTone;

/** Statuses a stage filters by (what reaches it), with their labels. */
export const STAGE_FILTER_STATUSES: Record<ReviewStage, Array<{ value: string; label: string }>> = {
  unit: [
    { value: 'submitted', label: '待审核' },
    { value: 'in_publicity', label: '公示中' },
    { value: 'returned_by_unit', label: '已退回申报人' },
    { value: 'unit_recommended', label: '已推荐' },
    { value: 'returned_by_competent', label: '主管单位已退回' },
    { value: 'competent_recommended', label: '主管单位已推荐' },
    { value: 'returned_by_committee', label: '评审委员会已退回' },
    { value: 'accepted', label: '评审委员会已接收' },
    { value: 'abandoned', label: '自动放弃' },
  ],
  competent: [
    { value: 'unit_recommended', label: '待审核' },
    { value: 'returned_by_competent', label: '已退回' },
    { value: 'competent_recommended', label: '已推荐' },
    { value: 'returned_by_committee', label: '评审委员会已退回' },
    { value: 'accepted', label: '评审委员会已接收' },
    { value: 'abandoned', label: '自动放弃' },
  ],
  committee: [
    { value: 'competent_recommended', label: '待接收' },
    { value: 'returned_by_committee', label: '已退回补充' },
    { value: 'accepted', label: '已接收' },
    { value: 'abandoned', label: '自动放弃' },
    { value: 'in_review', label: '专家评审中' },
  ],
};

export const LEVEL_OPTIONS = [
  { value: 'junior', label: '初级' },
  { value: 'middle', label: '中级' },
  { value: 'deputy_senior', label: '副高级' },
  { value: 'senior', label: '正高级' },
] as const;

export const STAGE_TITLES: Record<ReviewStage, string> = { unit: STAGES.unit.title, competent: STAGES.competent.title, committee: STAGES.committee.title };

/** The route name of a file's page per stage (used by lists and notifications). */
export const FILE_ROUTE: Record<ReviewStage, string> = { unit: 'UnitFile', competent: 'CompetentFile', committee: 'CommitteeFile' };

export const DOC_LABELS: Record<DocKind, string> = {
  publicity_notice: '附件2 公示通知',
  publicity_result: '附件3 公示结果',
  competent_recommendation: '附件4 主管单位推荐意见',
  ce_exemption: '附件5 继续教育免修申请表',
};

export const SCAN_LABELS: Record<ScanKind, string> = {
  publicity_notice: '附件2（盖章扫描件）',
  publicity_result: '附件3（盖章扫描件）',
  aid_approval: '派出单位同意材料',
  competent_recommendation: '附件4（盖章扫描件）',
};

/** Where a notification about file `id` leads for a user with these roles (first match). */
export function notificationTarget(roles: readonly Role[], id: number): { name: string; params: { id: number } } | null {
  const order: Array<[Role, string]> = [
    ['applicant', 'ApplicantApplication'],
    ['unit_reviewer', 'UnitFile'],
    ['unit_leader', 'UnitFile'],
    ['competent_reviewer', 'CompetentFile'],
    ['committee_officer', 'CommitteeFile'],
  ];
  const hit = order.find(([r]) => roles.includes(r));
  return hit ? { name: hit[1], params: { id } } : null;
}
