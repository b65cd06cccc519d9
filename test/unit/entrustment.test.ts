// R5 委托评审 / 联合评审 as rules (src/domain/entrustment.ts) and the letter's words (src/docs).
import { describe, expect, it } from 'vitest';
import { needsPlan, needsRegionStep, whyNotIssueLetter, whyNotStartReviewPending } from '../../src/domain/entrustment';
import { entrustmentLetterText } from '../../src/docs';

describe('R5: what a request needs before the letter', () => {
  it.each([
    // kind, from a county → plan needed, region step needed
    ['entrusted', false, false, true],
    ['entrusted', true, true, false],
    ['joint', false, true, false],
    ['joint', true, true, false],
  ] as const)('%s, from a county %s → plan %s, region %s', (kind, fromCounty, plan, region) => {
    expect(needsPlan({ kind, fromCounty })).toBe(plan);
    expect(needsRegionStep({ kind, fromCounty })).toBe(region);
  });

  it('refuses the letter without the plan, then without the region’s answer, then allows it', () => {
    expect(whyNotIssueLetter({ kind: 'joint', fromCounty: false, hasPlan: false, regionRecorded: false })).toMatchObject({ code: 'PLAN_REQUIRED', message: expect.stringContaining('联合评审须在评审开始前') });
    expect(whyNotIssueLetter({ kind: 'entrusted', fromCounty: true, hasPlan: false, regionRecorded: false })).toMatchObject({ code: 'PLAN_REQUIRED', message: expect.stringContaining('县（市）委托评审') });
    expect(whyNotIssueLetter({ kind: 'entrusted', fromCounty: false, hasPlan: true, regionRecorded: false })).toMatchObject({ code: 'REGION_STEP_REQUIRED' });
    expect(whyNotIssueLetter({ kind: 'entrusted', fromCounty: false, hasPlan: false, regionRecorded: true })).toBeNull();
    expect(whyNotIssueLetter({ kind: 'entrusted', fromCounty: true, hasPlan: true, regionRecorded: false })).toBeNull();
  });

  it('holds the review of a specialty while its request is undecided', () => {
    expect(whyNotStartReviewPending([])).toBeNull();
    expect(whyNotStartReviewPending([{ series: '卫生系列', specialtyName: '护理', kind: 'joint' }])).toEqual({
      code: 'ENTRUSTMENT_PENDING',
      message: '卫生系列护理专业已申请联合评审，州人社局批准（评审方案报备）前不能开始评审',
    });
  });
});

describe('R5: the entrustment letter', () => {
  const base = {
    targetName: '伊犁哈萨克自治州工程系列中级职称评审委员会',
    requesterName: '伊宁县人力资源和社会保障局',
    year: 2026,
    series: '卫生',
    specialtyName: '护理',
    kind: 'entrusted' as const,
    letterNo: '伊州人社函〔2026〕5号',
    bureauName: '伊犁哈萨克自治州人力资源和社会保障局',
    issuedOn: '2026-03-10',
  };

  it('names the request, the body entrusted, and the region’s answer when there is one', () => {
    const t = entrustmentLetterText(base);
    expect(t.title).toBe('关于同意2026年度卫生系列护理专业职称委托评审的函');
    expect(t.addressee).toBe('伊犁哈萨克自治州工程系列中级职称评审委员会：');
    expect(t.paragraphs[0]).toContain('经研究，同意该专业职称评审工作实行委托评审，由贵单位受托组织评审。');
    const r = entrustmentLetterText({ ...base, regionRef: '新人社函〔2026〕9号', regionDecidedOn: '2026-03-09' });
    expect(r.paragraphs[0]).toContain('经报自治区人力资源和社会保障厅同意（新人社函〔2026〕9号，2026年3月9日），');
    expect(entrustmentLetterText({ ...base, kind: 'joint' }).paragraphs[0]).toContain('由贵单位联合组织评审');
  });

  it('refuses a letter with a blank field, naming it', () => {
    expect(() => entrustmentLetterText({ ...base, letterNo: ' ' })).toThrow('委托函文号');
  });
});
