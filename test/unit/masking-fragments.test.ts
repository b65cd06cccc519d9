import { describe, expect, it } from 'vitest';
import { distinctivePart, findFragments, identifyingRuns, isDistinctiveUnit } from '../../src/masking/fragments';

// Issue 12 item 6 and issue 11: verification looks for the name and unit, whole or in readable
// runs of ≥ 4 characters, never for a generic word such as 医院.

const targets = { names: ['王建国', '阿卜杜热合曼·买买提'], units: ['伊犁哈萨克自治州人民医院', '州人民医院', '州医院'] };

describe('distinctive part of a unit name', () => {
  it.each([
    ['伊犁哈萨克自治州人民医院', '伊犁哈萨克', true],
    ['新疆维吾尔自治区人民医院', '新疆维吾尔', true],
    ['乌鲁木齐市第一人民医院', '乌鲁木齐', true],
    ['州人民医院', '', false],
    ['州医院', '', false],
    ['医院', '', false],
  ])('%s → %s', (unit, part, distinctive) => {
    expect(distinctivePart(unit)).toBe(part);
    expect(isDistinctiveUnit(unit)).toBe(distinctive);
  });
});

describe('findFragments', () => {
  it('finds the readable head of a unit name whose tail is masked', () => {
    const f = findFragments('工作单位：伊犁哈萨克自治', targets);
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ kind: 'unit', text: '伊犁哈萨克自治', start: 5, end: 12 });
  });

  it('finds a run of a long name split by the mask, with the dot read as a bullet or dropped', () => {
    expect(findFragments('合作者：阿卜杜热合', targets).map((f) => f.text)).toEqual(['阿卜杜热合']);
    expect(findFragments('曼•买买提同志', targets).map((f) => f.text)).toEqual(['曼•买买提']);
  });

  it('does not take a generic run or another hospital for the unit', () => {
    expect(findFragments('本医院与县人民医院及第一人民医院', targets)).toEqual([]);
    expect(findFragments('自治州人民医院', { names: [], units: ['伊犁哈萨克自治州人民医院'] })).toEqual([]);
  });

  it('matches a generic alias the applicant listed only exactly', () => {
    expect(findFragments('调入州医院工作', targets).map((f) => [f.kind, f.text])).toEqual([['unit', '州医院']]);
    expect(findFragments('调入县医院工作', targets)).toEqual([]);
  });

  it('finds a whole short name, but not two of its three characters', () => {
    expect(findFragments('申报人：王建国', targets).map((f) => f.text)).toEqual(['王建国']);
    expect(findFragments('建国以来', targets)).toEqual([]);
  });
});

describe('identifyingRuns', () => {
  it('keeps unit runs with two distinctive characters, all ≥ 4 long', () => {
    const runs = identifyingRuns({ names: [], units: ['伊犁哈萨克自治州人民医院'] }).map((r) => r.run);
    expect(runs).toContain('伊犁哈萨');
    expect(runs).toContain('萨克自治');
    expect(runs).not.toContain('克自治州'); // one distinctive character only
    expect(runs.every((r) => [...r].length >= 4)).toBe(true);
  });
});
