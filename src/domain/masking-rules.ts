// B1/B2: every attachment outside section A1 is marked 需要遮盖 是/否, each 是 is masked, and a
// verified leak blocks submission.
import type { Problem } from './problem';
import { SECTION_BY_CODE, isSectionCode } from './section-fields';

export interface MaskingState {
  id: number;
  sectionCode: string;
  originalName: string;
  needsMasking: boolean | null;
  maskStatus: string;
  leakCount: number;
  /** Regions detection proposed (name, unit, seal, face); null while detection has not run. */
  foundCount?: number | null;
}

export function needsMaskingDecision(sectionCode: string): boolean {
  return isSectionCode(sectionCode) && SECTION_BY_CODE[sectionCode].masked;
}

export function checkMasking(attachments: readonly MaskingState[]): Problem[] {
  const problems: Problem[] = [];
  for (const a of attachments) {
    if (!needsMaskingDecision(a.sectionCode)) continue;
    const where = `${SECTION_BY_CODE[a.sectionCode as keyof typeof SECTION_BY_CODE].title}的附件“${a.originalName}”`;
    const field = `attachment:${a.id}`;
    if (a.needsMasking === null) {
      problems.push({ section: 'masking', field, code: 'MASKING_UNMARKED', message: `${where}尚未标记是否需要遮盖，请到“检查姓名掩盖”页面选择“是”或“否”` });
    } else if (a.needsMasking && a.maskStatus !== 'masked') {
      problems.push({ section: 'masking', field, code: 'MASKING_NOT_DONE', message: `${where}标记为需要遮盖，但尚未完成遮盖，请在“检查姓名掩盖”页面遮盖后确认` });
    } else if (a.needsMasking && a.leakCount > 0) {
      problems.push({ section: 'masking', field, code: 'MASKING_LEAK', message: `${where}遮盖后复检仍发现${a.leakCount}处姓名、单位、公章或眼部未遮住，请补充遮盖` });
    } else if (a.needsMasking === false && (a.foundCount ?? 0) > 0) {
      // Issue 9 item 6: 否 stays the applicant's call (a seal or face may be no one's identity), but
      // they are told before submission, and the committee office sees the same flag.
      problems.push({
        section: 'masking',
        field,
        code: 'MASKING_IDENTITY_FOUND',
        severity: 'warning',
        message: `${where}标记为“无需遮盖”，但自动检测发现${a.foundCount}处可能的姓名、单位、公章或人像，请到“检查姓名掩盖”页面核对，需要遮盖的请改为“是”`,
      });
    }
  }
  return problems;
}

interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

interface KindRect extends Rect {
  kind: string;
}

function overlapArea(a: Rect, b: Rect): number {
  const w = Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y);
  return w > 0 && h > 0 ? w * h : 0;
}

/**
 * Issue 11: the proposals the applicant removed. A proposal is kept when the boxes to burn cover at
 * least half of it (a box moved or resized still counts); otherwise it was dropped.
 */
export function droppedProposals<T extends KindRect>(proposals: readonly T[], regions: readonly Rect[]): T[] {
  return proposals.filter((p) => {
    const a = p.w * p.h;
    // Union of the overlaps is at most their sum; sums above half already mean kept.
    const covered = regions.reduce((s, r) => s + overlapArea(p, r), 0);
    return a > 0 && covered < 0.5 * a;
  });
}

/**
 * Issue 11: the applicant's decision to drop a proposal is respected. A seal, face or eyes the
 * re-check still sees where the applicant removed that same proposal (another body's seal, a
 * portrait that is no one's identity) is their call, not a leak; the office sees the image under
 * B5 all the same. A readable name or unit is always a leak: verification found the text itself,
 * whichever boxes were proposed.
 */
export function leaksAfterDecision<T extends KindRect>(leaks: readonly T[], dropped: readonly KindRect[]): T[] {
  return leaks.filter((l) => {
    if (l.kind === 'name' || l.kind === 'unit') return true;
    const mine = dropped.filter((d) => d.kind === l.kind || (d.kind === 'face' && l.kind === 'eyes') || (d.kind === 'eyes' && l.kind === 'face'));
    return !mine.some((d) => overlapArea(l, d) >= 0.5 * Math.min(l.w * l.h, d.w * d.h));
  });
}
