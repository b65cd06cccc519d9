import { describe, expect, it } from 'vitest';
import { allowedEdits, findMatches, findSplitMatches, normaliseForMatch, type MatchTargets } from '../../src/masking/text-match';

// B1: finding the applicant's name and unit in OCR output, whatever the recogniser did to them.

const targets: MatchTargets = {
  names: ['王建国', '阿依古丽·买买提', '李明'],
  units: ['伊犁哈萨克自治州人民医院', '伊犁州人民医院'],
};

/** The matched substrings of `line`, as "kind:text". */
function hits(line: string, t: MatchTargets = targets): string[] {
  return findMatches(line, t).map((m) => `${m.kind}:${line.slice(m.start, m.end)}`);
}

describe('normaliseForMatch', () => {
  it.each([
    ['王 建 国', '王建国'],
    ['阿依古丽·买买提', '阿依古丽买买提'],
    ['阿依古丽•买买提', '阿依古丽买买提'],
    ['阿依古丽‧买买提', '阿依古丽买买提'],
    ['阿依古丽・买买提', '阿依古丽买买提'],
    ['阿依古丽:买买提', '阿依古丽买买提'],
    ['阿依古丽．买买提', '阿依古丽买买提'],
    ['ＡＢＣ１２３', 'abc123'],
    ['已', '己'],
    ['巳', '己'],
    ['土', '士'],
    ['末', '未'],
    ['入', '人'],
    ['曰', '日'],
    ['〇O0', '000'],
    ['（申报人）：王建国，', '申报人王建国'],
  ])('%s → %s', (input, expected) => {
    expect(normaliseForMatch(input)).toBe(expected);
  });
});

describe('findMatches', () => {
  it.each<[string, string, string[]]>([
    ['finds a name inside a longer line', '申报人：王建国，男，1985年出生', ['name:王建国']],
    ['finds a spaced-out name in a table cell', '姓名 王 建 国 性别 男', ['name:王 建 国']],
    ['finds a Uyghur name with its dot', '合作者：阿依古丽·买买提，主治医师', ['name:阿依古丽·买买提']],
    ['finds a Uyghur name whose dot was read as a colon', '阿依古丽:买买提', ['name:阿依古丽:买买提']],
    ['finds a Uyghur name whose dot was dropped', '阿依古丽买买提', ['name:阿依古丽买买提']],
    ['finds a Uyghur name whose dot was read as 一', '阿依古丽一买买提同志', ['name:阿依古丽一买买提']],
    ['finds a full-width/half-width mix', '单位：伊犁哈萨克自治州人民医院（盖章）', ['unit:伊犁哈萨克自治州人民医院']],
    ['finds the unit alias', '现在伊犁州人民医院工作', ['unit:伊犁州人民医院']],
    ['prefers the full unit over an alias inside the same text', '伊犁哈萨克自治州人民医院', ['unit:伊犁哈萨克自治州人民医院']],
    ['tolerates one misread character in a 3-character name', '申报人：王建围', ['name:王建围']],
    ['tolerates two misread characters in a long unit name', '伊犁哈萨克白治州人民医宪', ['unit:伊犁哈萨克白治州人民医宪']],
    ['tolerates a dropped character in a long unit name', '伊犁哈萨克自治人民医院', ['unit:伊犁哈萨克自治人民医院']],
    ['finds a 2-character name exactly', '负责人：李明（签字）', ['name:李明']],
    ['does not accept a misread character in a 2-character name', '负责人：李朋', []],
    ['does not accept a 3-character name with two differences', '王小明', []],
    ['does not match a digit for an ideograph', '王建1', []],
    ['folds confusable glyphs on both sides', '张三已', ['name:张三已']],
    ['finds every occurrence', '王建国与王建国', ['name:王建国', 'name:王建国']],
    ['finds nothing in unrelated text', '熟练掌握本专业常见病的诊断和治疗方法。', []],
  ])('%s', (_label, line, expected) => {
    const t = line === '张三已' ? { names: ['张三己'], units: [] } : targets;
    expect(hits(line, t)).toEqual(expected);
  });

  it('reports indices into the line as given, and the target as given', () => {
    const line = '（申报人）王 建 国。';
    const [m] = findMatches(line, targets);
    expect(m).toMatchObject({ kind: 'name', start: 5, end: 10, target: '王建国', distance: 0 });
  });

  it('widens an exact short alias to a longer alias read with one wrong character around it', () => {
    const t: MatchTargets = { names: [], units: ['伊犁哈萨克自治州友谊医院', '州友谊医院', '伊犁州友谊医院'] };
    expect(hits('经伊梨州友谊医院研究', t)).toEqual(['unit:伊梨州友谊医院']);
  });

  it('keeps a name that sits inside a unit match', () => {
    const t: MatchTargets = { names: ['人民'], units: ['伊犁州人民医院'] };
    expect(hits('伊犁州人民医院', t).sort()).toEqual(['name:人民', 'unit:伊犁州人民医院']);
  });

  it('ignores empty targets', () => {
    expect(findMatches('任何文字', { names: ['', ' · '], units: [] })).toEqual([]);
  });
});

describe('allowedEdits', () => {
  it.each<[number, 'name' | 'unit', number]>([
    [2, 'name', 0],
    [3, 'name', 1],
    [7, 'name', 1],
    [5, 'unit', 1],
    [12, 'unit', 2],
  ])('%i characters, %s → %i', (len, kind, expected) => {
    expect(allowedEdits(len, kind)).toBe(expected);
  });
});

describe('findSplitMatches', () => {
  it('finds a name wrapped at the line end', () => {
    const upper = '兹证明我院医师王';
    const lower = '建国同志于2015年起任主治医师。';
    const [m] = findSplitMatches(upper, lower, targets);
    expect(m).toBeDefined();
    expect(upper.slice(m!.first.start, m!.first.end)).toBe('王');
    expect(lower.slice(m!.second.start, m!.second.end)).toBe('建国');
    expect(m!.kind).toBe('name');
  });

  it('finds a 5-character name wrapped at the line end with one character misread', () => {
    const [n] = findSplitMatches('同意推荐乌云其', '本格同志申报高级工程师资格。', { names: ['乌云其木格'], units: [] });
    expect(n).toMatchObject({ kind: 'name', first: { start: 4, end: 7 }, second: { start: 0, end: 2 }, distance: 1 });
  });

  it('does not accept a misread character in a 4-character name split across lines', () => {
    expect(findSplitMatches('同意推荐巴特', '本尔同志', { names: ['巴特木尔'], units: [] })).toEqual([]);
  });

  it('finds a unit wrapped with trailing punctuation and a Uyghur name split at its dot', () => {
    const [u] = findSplitMatches('工作单位：伊犁哈萨克自治州', '人民医院，职务：主任', targets);
    expect(u).toMatchObject({ kind: 'unit', target: '伊犁哈萨克自治州人民医院' });
    const [n] = findSplitMatches('合作者：阿依古丽·', '买买提，主治医师', targets);
    expect(n).toMatchObject({ kind: 'name', target: '阿依古丽·买买提' });
  });

  it('does not join lines whose ends only look like the name', () => {
    expect(findSplitMatches('这是王', '先生的文章', targets)).toEqual([]);
    expect(findSplitMatches('我们', '建国以来', targets)).toEqual([]);
  });
});

describe('generic unit aliases (issue 12 item 7: no false 「医院」 boxes)', () => {
  const short: MatchTargets = { names: [], units: ['伊犁哈萨克自治州友谊医院', '州医院', '县医院'] };

  it('does not read 本医院 or 市医院 as a 3-character alias made of generic words', () => {
    expect(hits('转本医院治疗，后到市医院复查', { names: [], units: ['州医院'] })).toEqual([]);
  });

  it('does not read 县医院 as 州医院, but still finds each listed alias written exactly', () => {
    expect(hits('在县医院进修一年', { names: [], units: ['州医院'] })).toEqual([]);
    expect(hits('在县医院和州医院进修一年', short)).toEqual(['unit:县医院', 'unit:州医院']);
  });

  it('does not join 县 at a line end and 医院 at the next line start into a generic alias', () => {
    expect(findSplitMatches('参与东海县', '医院改扩建项目', { names: [], units: ['县医院'] })).toEqual([]);
  });

  it('still joins a wrapped alias that has distinctive characters', () => {
    const [m] = findSplitMatches('现在伊犁州', '友谊医院工作', { names: [], units: ['伊犁州友谊医院'] });
    expect(m).toMatchObject({ kind: 'unit', target: '伊犁州友谊医院', distance: 0 });
  });

  it('accepts one misread character in an alias of two distinctive characters (精河县医院 read 经河县医院)', () => {
    expect(hits('经伊犁州友谊医完研究', { names: [], units: ['伊犁州友谊医院'] })).toEqual(['unit:伊犁州友谊医完']);
    expect(hits('经河县医院门审核', { names: [], units: ['精河县医院'] })).toEqual(['unit:经河县医院']);
  });

  it('rejects a loose match in which only generic words were read right', () => {
    // 14 characters allow two edits; both fall on the distinctive 精河.
    const t: MatchTargets = { names: [], units: ['精河县第一人民医院附属卫生院'] };
    expect(hits('某山县第一人民医院附属卫生院', t)).toEqual([]);
    expect(hits('精山县第一人民医院附属卫生院', t)).toEqual(['unit:精山县第一人民医院附属卫生院']);
  });

  it('matches an alias of one distinctive character exactly only (市一院 is not 市二院)', () => {
    expect(hits('曾在市二院工作', { names: [], units: ['市一院'] })).toEqual([]);
    expect(hits('曾在市一院工作', { names: [], units: ['市一院'] })).toEqual(['unit:市一院']);
  });

  it('leaves names as loose as before', () => {
    expect(hits('申报人：王建围', { names: ['王建国'], units: ['州医院'] })).toEqual(['name:王建围']);
  });
});
