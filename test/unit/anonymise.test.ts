// B5 the expert view's text anonymiser, rule by rule (issue 9 item 13): besides the name, ID number
// and unit names as written, the given name alone, traditional characters, the name in pinyin and
// mobile numbers are blanked; and what must stay readable stays.
import { describe, expect, it } from 'vitest';
import { blankIdentity, HIDDEN, nameParts, pinyinPattern, splitHanName, type Identity } from '../../src/domain/anonymise';
import { NAME_PINYIN } from '../../src/domain/name-pinyin';
import { TRADITIONAL_COUNT, toSimplified } from '../../src/domain/traditional-chars';

const wang: Identity = { name: '王建国', idNumber: '654002198805124563', units: ['伊犁哈萨克自治州人民医院', '州人民医院'] };
const fang: Identity = { name: '李芳', idNumber: '654002199001011234', units: ['伊犁哈萨克自治州中医医院'] };
const ouyang: Identity = { name: '欧阳修文', idNumber: '654002198001011111', units: [] };
const uyghur: Identity = { name: '阿依古丽·买买提', idNumber: '654002198503122026', units: [] };

type Case = [rule: string, identity: Identity, text: string, expected: string];
const H = HIDDEN;

const BLANKED: Case[] = [
  // B5-given-name: the given name alone
  ['B5-given-name: 2-character given name alone', wang, '建国同志主持了该项目', `${H}同志主持了该项目`],
  ['B5-given-name: given name in a sentence', wang, '由建国负责协调', `由${H}负责协调`],
  ['B5-given-name: 1-character given name as 小X', fang, '小芳参与了全部病例随访', `${H}参与了全部病例随访`],
  ['B5-given-name: 1-character given name as 阿X', fang, '阿芳完成了统计', `${H}完成了统计`],
  ['B5-given-name: 1-character given name doubled', fang, '芳芳负责护理', `${H}负责护理`],
  ['B5-given-name: 1-character given name with a title', fang, '芳医生牵头', `${H}牵头`],
  ['B5-given-name: compound surname, given name alone', ouyang, '修文主持', `${H}主持`],
  ['B5-given-name: each part of a dotted name', uyghur, '阿依古丽负责，买买提协助', `${H}负责，${H}协助`],
  // B5-traditional: traditional characters of the name and unit
  ['B5-traditional: full name', wang, '王建國主持', `${H}主持`],
  ['B5-traditional: given name', wang, '建國負責', `${H}負責`],
  ['B5-traditional: unit name', wang, '在伊犁哈薩克自治州人民醫院工作', `在${H}工作`],
  ['B5-traditional: unit alias', wang, '州人民醫院心內科', `${H}心內科`],
  // B5-pinyin: the name in pinyin
  ['B5-pinyin: surname first, spaced', wang, 'First author: Wang Jianguo.', `First author: ${H}.`],
  ['B5-pinyin: given name first', wang, 'by Jianguo Wang et al.', `by ${H} et al.`],
  ['B5-pinyin: capitals and a hyphen', wang, 'WANG Jian-guo (2023)', `${H} (2023)`],
  ['B5-pinyin: tone marks, no spaces', wang, '署名 wángjiànguó', `署名 ${H}`],
  ['B5-pinyin: comma between surname and given name', wang, 'Wang, J.G.; Wang, Jianguo', `Wang, J.G.; ${H}`],
  ['B5-pinyin: given name alone (2 characters)', wang, 'Dr. Jianguo reported', `Dr. ${H} reported`],
  ['B5-pinyin: 1-character given name with surname', fang, 'Li Fang, Zhang Wei', `${H}, Zhang Wei`],
  ['B5-pinyin: compound surname', ouyang, 'Ouyang Xiuwen', H],
  ['B5-pinyin: full-width letters', wang, 'ＷＡＮＧ　ＪＩＡＮＧＵＯ', H],
  // B5-mobile: mobile numbers, however written
  ['B5-mobile: plain', wang, '联系电话13999123456。', `联系电话${H}。`],
  ['B5-mobile: with spaces', wang, '电话 139 9912 3456', `电话 ${H}`],
  ['B5-mobile: with dashes', wang, '电话139-9912-3456', `电话${H}`],
  ['B5-mobile: with +86', wang, 'Tel: +86 139 9912 3456', `Tel: ${H}`],
  ['B5-mobile: full-width digits', wang, '手机１３９９９１２３４５６', `手机${H}`],
];

const KEPT: Case[] = [
  ['B5-given-name: a 1-character given name alone is left (芬芳, 芳香)', fang, '芳香烃类化合物的检测', '芳香烃类化合物的检测'],
  ['B5-given-name: the surname alone is left', wang, '王医生指导', '王医生指导'],
  ['B5-pinyin: a syllable inside a longer word is left', wang, 'Wangjianguoxyz', 'Wangjianguoxyz'],
  ['B5-pinyin: another name with the same surname is left', wang, 'Wang Lei et al.', 'Wang Lei et al.'],
  ['B5-pinyin: the surname alone is left', wang, 'Wang et al.', 'Wang et al.'],
  ['B5-mobile: a longer digit run (an ID number of someone else) is left', wang, '编号654002198001011399', '编号654002198001011399'],
  ['B5-mobile: a landline is left', wang, '0999-8021234', '0999-8021234'],
  ['B5-mobile: 12 digits are not a mobile number', wang, '139991234567', '139991234567'],
];

describe('B5 anonymiser: blanks', () => {
  it.each(BLANKED)('%s', (_rule, identity, text, expected) => {
    expect(blankIdentity(text, identity)).toBe(expected);
  });
});

describe('B5 anonymiser: keeps', () => {
  it.each(KEPT)('%s', (_rule, identity, text, expected) => {
    expect(blankIdentity(text, identity)).toBe(expected);
  });
});

describe('B5 anonymiser: building blocks', () => {
  it('splits Han names into surname and given name, compound surnames included', () => {
    expect(splitHanName('王建国')).toEqual({ surname: '王', given: '建国' });
    expect(splitHanName('欧阳修文')).toEqual({ surname: '欧阳', given: '修文' });
    expect(splitHanName('欧阳')).toEqual({ surname: '欧', given: '阳' });
    expect(splitHanName('王建國')).toEqual({ surname: '王', given: '建国' });
    expect(splitHanName('阿依古丽·买买提')).toBeNull();
  });

  it('names the call forms of a 1-character given name, never the character alone', () => {
    expect(nameParts('李芳')).not.toContain('芳');
    expect(nameParts('李芳')).toEqual(expect.arrayContaining(['小芳', '阿芳', '芳芳', '芳同志']));
    expect(nameParts('王建国')).toEqual(['建国']);
  });

  it('has no pinyin form for a name with a character outside the table', () => {
    expect(pinyinPattern('阿依古丽·买买提')).toBeNull();
    expect(pinyinPattern('王龘')).toBeNull();
  });

  it('ships a table of about a thousand name characters and eight hundred traditional forms', () => {
    expect(NAME_PINYIN.size).toBeGreaterThanOrEqual(1000);
    expect(NAME_PINYIN.get('单')).toEqual(['dan', 'shan']);
    expect(TRADITIONAL_COUNT).toBeGreaterThanOrEqual(800);
    expect(toSimplified('伊犁哈薩克自治州人民醫院')).toBe('伊犁哈萨克自治州人民医院');
  });
});
