import { describe, expect, it } from 'vitest';
import { BODY_WIDTH, titleBlock } from '../../src/docs/layout';
import { textWidth } from '../../src/docs/text-measure';
import { breakTitle, MIN_LINE_CHARS } from '../../src/docs/title-break';

// One em per CJK character, half for Latin: close to the font, easy to reason about.
const em = (s: string) => Array.from(s).reduce((w, c) => w + (c.codePointAt(0)! < 0x2e80 ? 0.5 : 1), 0);

describe('breakTitle', () => {
  it('keeps a title that fits on one line', () => {
    expect(breakTitle('关于某同志的公示', 10, em)).toEqual(['关于某同志的公示']);
  });

  it('never leaves a single character on a line (the lone 「级」)', () => {
    // 11 characters in 10 ems: first-fit would leave 「示」 alone
    const lines = breakTitle('关于某某同志申报中级的公示', 12, em);
    expect(lines.join('')).toBe('关于某某同志申报中级的公示');
    for (const l of lines) expect(Array.from(l).length).toBeGreaterThanOrEqual(MIN_LINE_CHARS);
    expect(lines.every((l) => em(l) <= 12)).toBe(true);
  });

  it('balances the lines when no joint is given', () => {
    expect(breakTitle('一二三四五六七八九十', 8, em)).toEqual(['一二三四五', '六七八九十']);
  });

  it('breaks at a joint of the title rather than evenly', () => {
    expect(breakTitle('一二三四五六七八九十', 8, em, { preferred: [3] })).toEqual(['一二三', '四五六七八九十']);
  });

  it('does not open a line with closing punctuation nor end one with opening punctuation', () => {
    const lines = breakTitle('一二三四，五六七八（九十）', 7, em);
    for (const l of lines) {
      expect('，。）》”').not.toContain(l[0]);
      expect('（《“').not.toContain(l[l.length - 1]);
    }
  });

  it('does not split a run of Latin letters or digits', () => {
    const lines = breakTitle('二〇二三年度ABCD12345职称评审', 8, em);
    expect(lines.some((l) => l.includes('ABCD12345'))).toBe(true);
  });

  it('uses three lines when two do not fit', () => {
    const lines = breakTitle('一二三四五六七八九十甲乙丙丁戊', 6, em);
    expect(lines).toHaveLength(3);
  });

  it('refuses a word wider than the line', () => {
    expect(() => breakTitle('ABCDEFGHIJKLMNOPQRSTUVWXYZ', 4, em)).toThrow(RangeError);
  });
});

describe('titles of 附件2–4 measured with the bold CJK face', () => {
  const applied = (specialty: string, name = '王建国') => ({ applicantName: name, series: '工程系列', specialty, level: '中级' });

  it.each([
    ['土木工程', '公示'],
    ['给水排水工程', '公示'], // the case: first-fit wrapped to 「…专业中 / 级 / 职称的公示」
    ['给水排水工程', '公示结果'],
    ['建筑电气与智能化工程', '推荐意见'],
    ['城乡规划与市政工程设计', '公示'],
  ])('%s … 的%s: every line fits the body width and holds at least 2 characters', (specialty, ending) => {
    const block = titleBlock(applied(specialty, '买买提·艾力'), ending);
    if (block.type !== 'title') throw new Error('not a title');
    expect(block.lines.join('')).toBe(`关于买买提·艾力同志申报工程系列${specialty}专业中级职称的${ending}`);
    for (const line of block.lines) {
      expect(Array.from(line).length).toBeGreaterThanOrEqual(2);
      expect(textWidth(line, 'bold', block.size)).toBeLessThanOrEqual(BODY_WIDTH);
    }
  });

  it('breaks 「…专业中级 / 职称的公示」-style titles at a joint', () => {
    const block = titleBlock(applied('给水排水工程'), '公示');
    if (block.type !== 'title') throw new Error('not a title');
    expect(block.lines).toHaveLength(2);
    expect(block.lines[1]).not.toBe('示');
    // the break falls between two parts of the title, not inside one
    expect(['工程系列', '给水排水工程专业', '中级', '职称的公示'].some((p) => block.lines[1].startsWith(p))).toBe(true);
  });
});
