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
