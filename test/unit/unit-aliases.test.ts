import { describe, expect, it } from 'vitest';
import { derivedUnitAliases, forgottenUnitAliases } from '../../src/domain/unit-aliases';

// Issue 12 item 2: 简称 that follow the usual pattern, proposed to the applicant to confirm.
describe('derivedUnitAliases', () => {
  it.each([
    ['伊犁哈萨克自治州友谊医院', ['伊犁州友谊医院', '州友谊医院']],
    ['巴音郭楞蒙古自治州第一人民医院', ['巴音郭楞州第一人民医院', '巴州第一人民医院', '州第一人民医院']],
    ['克孜勒苏柯尔克孜自治州教育局教学研究室', ['克孜勒苏州教育局教学研究室', '克州教育局教学研究室', '州教育局教学研究室']],
    ['昌吉回族自治州农业技术推广中心', ['昌吉州农业技术推广中心', '州农业技术推广中心']],
    ['新疆维吾尔自治区人民医院', ['新疆人民医院', '自治区人民医院']],
    ['察布查尔锡伯自治县人民医院', ['察布查尔县人民医院', '县人民医院']],
  ])('drops the people and 自治 from %s', (unit, aliases) => {
    expect(derivedUnitAliases(unit)).toEqual(aliases);
  });

  it('derives nothing for a unit outside an autonomous area, or for the area itself', () => {
    expect(derivedUnitAliases('华东市第一人民医院')).toEqual([]);
    expect(derivedUnitAliases('伊犁哈萨克自治州')).toEqual([]);
  });

  it('never proposes an alias shorter than four characters', () => {
    expect(derivedUnitAliases('察布查尔锡伯自治县中学')).toEqual(['察布查尔县中学']);
  });
});

describe('forgottenUnitAliases', () => {
  it('proposes only aliases the applicant has not listed, each once', () => {
    expect(forgottenUnitAliases(['伊犁哈萨克自治州人民医院', '州人民医院', '伊犁哈萨克自治州人民医院'])).toEqual(['伊犁州人民医院']);
  });
});
