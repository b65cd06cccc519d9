import { SECTIONS, type SectionDef } from '@domain/section-fields';
import type { ExpertFileView } from '../../../api/expert';

type Cell = string | number | boolean | null | undefined;

/** A cell as the expert reads it: 是/否 for booleans, a dash for empty values. */
export function cellText(v: Cell): string {
  if (v === null || v === undefined || v === '') return '—';
  if (typeof v === 'boolean') return v ? '是' : '否';
  return String(v);
}

export interface SectionBlock {
  def: SectionDef;
  fields: Record<string, Cell>;
  rows: Array<Record<string, Cell>>;
  attachments: Array<ExpertFileView['attachments'][number] & { label: string }>;
}

/** A slot as a label: 'diploma' → '学历证书'; the first row's 'diploma' → '学历1 · 毕业证书'. */
function slotLabel(def: SectionDef, slot: string, rowIndex: number | null): string {
  if (rowIndex !== null && def.rows) {
    const s = def.rows.slots.find((x) => x.key === slot);
    return `${def.rows.label}${rowIndex + 1} · ${s?.label ?? slot}`;
  }
  return def.slots.find((x) => x.key === slot)?.label ?? slot;
}

/** The sections the server sent (never A1, B5), in A2…A13 order, with their masked images. */
export function sectionBlocks(view: ExpertFileView): SectionBlock[] {
  const out: SectionBlock[] = [];
  for (const def of SECTIONS) {
    const data = view.sections[def.code as keyof typeof view.sections];
    const attachments = view.attachments.filter((a) => a.sectionCode === def.code).map((a) => ({ ...a, label: slotLabel(def, a.slot, a.rowIndex) }));
    if (!data && attachments.length === 0) continue;
    out.push({ def, fields: data?.fields ?? {}, rows: data?.rows ?? [], attachments });
  }
  return out;
}

/** Fields shown for a record: the defined ones whose `when` condition holds. */
export function visibleFields(def: SectionDef['fields'], record: Record<string, Cell>) {
  return def.filter((f) => !f.when || record[f.when.key] === f.when.equals);
}
