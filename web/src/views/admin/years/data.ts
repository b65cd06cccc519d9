// 评审年度 page: table columns and how each kind of policy setting is edited in the form. The form
// is built from the server's list of settings (src/domain/policy.ts), never from a list of its own.
import type { PolicyField, PolicySettings } from '../../../api/admin';

export const columns = [
  { prop: 'year', label: '评审年度', width: 120 },
  { prop: 'status', label: '状态', width: 120 },
  { prop: 'fileCount', label: '申报材料（份）', width: 140 },
] as const;

/** The form's value of one setting: year lists are typed as text, fractions as two numbers. */
export type FormValue = string | number | boolean | null | { num: number | null; den: number | null };

export function toFormValue(kind: PolicyField['kind'], v: unknown): FormValue {
  switch (kind) {
    case 'year_list':
      return Array.isArray(v) ? v.join('，') : '';
    case 'fraction': {
      const f = (v ?? {}) as { num?: number; den?: number };
      return { num: f.num ?? null, den: f.den ?? null };
    }
    case 'date_or_null':
      return typeof v === 'string' ? v : null;
    case 'flag':
      return v === true;
    default:
      return typeof v === 'number' ? v : null;
  }
}

/**
 * The value sent to the server. Text that is not a list of whole numbers is sent as it is, so the
 * server's validator answers with the setting's Chinese name (the one place that decides).
 */
export function fromFormValue(kind: PolicyField['kind'], v: FormValue): unknown {
  if (kind === 'year_list') {
    const parts = String(v ?? '')
      .split(/[,，、\s]+/)
      .filter(Boolean);
    return parts.every((p) => /^\d+$/.test(p)) ? parts.map(Number) : String(v ?? '');
  }
  if (kind === 'date_or_null') return v === '' ? null : v;
  return v;
}

/** Only the settings whose value the administrator changed. */
export function changedSettings(fields: readonly PolicyField[], before: PolicySettings, form: Record<string, FormValue>): PolicySettings {
  const out: PolicySettings = {};
  for (const f of fields) {
    const next = fromFormValue(f.kind, form[f.key] ?? null);
    if (JSON.stringify(next) !== JSON.stringify(before[f.key] ?? null)) out[f.key] = next;
  }
  return out;
}
