import { describe, expect, it } from 'vitest';
import { countSummaryChars, findIdentityInText } from '../../src/domain/declaration-rules';

describe('A12 countSummaryChars: counted as a person counts Chinese text', () => {
  it.each([
    ['', 0, 'empty'],
    ['本人任现职以来', 7, 'each Han character is 1'],
    ['认真，负责。', 6, 'full-width punctuation is 1 each'],
    ['工作 总结\n第二段\t', 7, 'spaces, tabs and line breaks are 0'],
    ['\u3000\u3000首行缩进', 4, 'ideographic spaces are 0'],
    ['使用Python编程', 5, 'a Latin word is 1'],
    ['共完成1280例手术', 7, 'a number is 1'],
    ['COVID-19防控', 3, 'a hyphenated word is 1'],
    ['增长3.5%', 4, 'a decimal is 1, the % sign 1'],
    ['1,000元', 2, 'a thousands separator stays inside the number'],
    ['Hello, world!', 4, 'half-width punctuation outside a word is 1'],
    ['ＰＤＣＡ循环', 3, 'full-width Latin letters form one word'],
    ['《中华医学杂志》', 8, 'book-title marks are 1 each'],
    ['e\u0301', 1, 'a combining accent adds nothing'],
    ['a\u200Bb', 2, 'a zero-width space separates and counts 0'],
    ['ئۇيغۇرچە تېكىست', 2, 'Uyghur words in Arabic script are words'],
  ])('%j counts %i (%s)', (text, n) => {
    expect(countSummaryChars(text)).toBe(n);
  });
});

describe('B3 findIdentityInText', () => {
  const names = ['王建国'];
  it.each([
    ['我叫王建国。', '王建国'],
    ['我叫王 建 国。', '王 建 国'],
    ['我叫王\u3000建\u3000国。', '王\u3000建\u3000国'],
    ['我叫王\n建国。', '王\n建国'],
  ])('finds the name in %j', (text, match) => {
    const found = findIdentityInText(text, names);
    expect(found.map((m) => m.match)).toEqual([match]);
    expect(text.slice(found[0]!.start, found[0]!.end)).toBe(match);
  });

  it.each([
    '阿依古丽·买买提',
    '阿依古丽•买买提',
    '阿依古丽‧买买提',
    '阿依古丽・买买提',
    '阿依古丽.买买提',
    '阿依古丽-买买提',
    '阿依古丽买买提',
    '阿依古丽 · 买买提',
  ])('finds a Uyghur name written %j, whichever middle dot (or none) the list has', (written) => {
    for (const listed of ['阿依古丽·买买提', '阿依古丽买买提', '阿依古丽•买买提']) {
      expect(findIdentityInText(`患者家属感谢${written}医生。`, [listed]).map((m) => m.match)).toEqual([written]);
    }
  });

  it('finds full-width and any-case Latin names and digits', () => {
    const found = findIdentityInText('我在ＸＪ医院和xj医院工作，身份证６５０１０２１９８５０７１５００２０', ['XJ医院', '650102198507150020']);
    expect(found.map((m) => m.match)).toEqual(['ＸＪ医院', 'xj医院', '６５０１０２１９８５０７１５００２０']);
  });

  it('finds every occurrence, sorted, and overlapping names each', () => {
    const text = '伊犁州人民医院（州人民医院）';
    const found = findIdentityInText(text, ['州人民医院', '伊犁州人民医院']);
    expect(found.map((m) => [m.start, m.match])).toEqual([
      [0, '伊犁州人民医院'],
      [2, '州人民医院'],
      [8, '州人民医院'],
    ]);
  });

  it('skips names that would match everywhere: blank, one character, “无”', () => {
    expect(findIdentityInText('无王某工作认真', ['', '  ', '王', '无', '·'])).toEqual([]);
  });

  it('does not find a different name', () => {
    expect(findIdentityInText('王建军和建国同志', ['王建国'])).toEqual([]);
  });
});
