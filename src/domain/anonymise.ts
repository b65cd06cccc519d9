// B5/B3 second safety net for the expert view: the applicant and unit checks (B3) should already
// have kept names out of the text; here every name, ID number and unit string that still appears is
// blanked before an expert sees it, and the identity-bearing parts are removed outright.
import { findIdentityInText } from './summary';
import type { SectionCode, SectionData } from './section-fields';

export const HIDDEN = '（已隐去）';

export interface Identity {
  name: string;
  idNumber: string;
  /** Current and past unit names and aliases. */
  units: readonly string[];
}

/** `text` with every occurrence of the identity strings replaced by HIDDEN (overlaps merged). */
export function blankIdentity(text: string, identity: Identity): string {
  const names = [identity.name, identity.idNumber, ...identity.units].filter((s) => typeof s === 'string' && s.trim() !== '');
  const matches = findIdentityInText(text, names);
  if (matches.length === 0) return text;
  let out = '';
  let at = 0;
  let cur: { start: number; end: number } | null = null;
  for (const m of matches) {
    if (cur && m.start < cur.end) {
      cur.end = Math.max(cur.end, m.end);
      continue;
    }
    if (cur) {
      out += text.slice(at, cur.start) + HIDDEN;
      at = cur.end;
    }
    cur = { start: m.start, end: m.end };
  }
  if (cur) out += text.slice(at, cur.start) + HIDDEN + text.slice(cur.end);
  return out;
}

type Value = string | number | boolean | null;

function blankRecord(r: Record<string, Value>, identity: Identity): Record<string, Value> {
  return Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === 'string' ? blankIdentity(v, identity) : v]));
}

export type ExpertSectionCode = Exclude<SectionCode, 'A1'>;

/**
 * The sections an expert may read: A1 (name, ID, photo, unit) is left out entirely; A3 unit names
 * become HIDDEN whatever they say (a past unit identifies as well as the current one); every other
 * string has the identity strings blanked, the A12 summary included.
 */
export function anonymiseSections(
  sections: Partial<Record<SectionCode, SectionData>>,
  identity: Identity,
): Partial<Record<ExpertSectionCode, SectionData>> {
  const out: Partial<Record<ExpertSectionCode, SectionData>> = {};
  for (const [code, data] of Object.entries(sections) as Array<[SectionCode, SectionData | undefined]>) {
    if (code === 'A1' || !data) continue;
    const rows = (data.rows ?? []).map((row) => {
      const blanked = blankRecord(row, identity);
      if (code === 'A3' && 'unit' in blanked) blanked.unit = HIDDEN;
      return blanked;
    });
    out[code] = { fields: blankRecord(data.fields ?? {}, identity), rows };
  }
  return out;
}
