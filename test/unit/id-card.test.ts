import { describe, expect, it } from 'vitest';
import { crossCheckIdNumber, idCheckChar, maskIdNumber, parseIdNumber, provinceOfRegion, whyNotValidIdNumber } from '../../src/domain/id-card';

/** A valid number with the given first 17 characters (check character computed). */
const withCheck = (first17: string) => first17 + idCheckChar(first17);

describe('A1 ID number (GB 11643-1999)', () => {
  it.each([
    ['11010519491231002X', 'the standard’s own example'],
    ['11010519491231002x', 'lowercase check character'],
    [' 11010519491231002X ', 'surrounding spaces'],
    ['650102198507150012', 'Ürümqi, 1985, male'],
  ])('accepts %j (%s)', (id) => {
    expect(whyNotValidIdNumber(id)).toBeNull();
  });

  it.each([
    ['110105194912310021', '身份证号校验位错误，请核对最后一位'],
    ['11010519491231002Y', '身份证号前17位应为数字，最后一位为数字或X，请核对'],
    ['1101051949123100', '身份证号应为18位，目前为16位，请核对'],
    ['1101051949123100211', '身份证号应为18位，目前为19位，请核对'],
    ['110105491231002', '身份证号应为18位，15位的旧号码请换用18位身份证号'],
    ['', '请填写身份证号'],
    ['   ', '请填写身份证号'],
    ['11010519490231002X', '身份证号中的出生日期无效，请核对第7至14位'],
    ['11010518991231002X', '身份证号中的出生日期无效，请核对第7至14位'],
    ['99010519491231002X', '身份证号前两位地区代码无效，请核对'],
    ['01010519491231002X', '身份证号前两位地区代码无效，请核对'],
    ['11 010519491231002', '身份证号前17位应为数字，最后一位为数字或X，请核对'],
  ])('refuses %j: %s', (id, message) => {
    expect(whyNotValidIdNumber(id)).toBe(message);
  });

  it('checks the whole checksum: changing any one digit is refused', () => {
    const good = '650102198507150012';
    for (let i = 0; i < 17; i++) {
      const d = (Number(good[i]) + 1) % 10;
      const bad = good.slice(0, i) + d + good.slice(i + 1);
      expect(whyNotValidIdNumber(bad), bad).not.toBeNull();
    }
  });

  it('refuses a birth date after `today` only when today is given', () => {
    const future = withCheck('65010220300101001');
    expect(whyNotValidIdNumber(future)).toBeNull();
    expect(whyNotValidIdNumber(future, '2023-06-15')).toBe('身份证号中的出生日期晚于今天，请核对第7至14位');
    expect(whyNotValidIdNumber(withCheck('65010220230615001'), '2023-06-15')).toBeNull();
  });

  it('parses birth date, sex (odd 17th digit = 男) and region', () => {
    expect(parseIdNumber('11010519491231002x')).toEqual({ birthDate: '1949-12-31', sex: '女', region: '110105' });
    expect(parseIdNumber('650102198507150012')).toEqual({ birthDate: '1985-07-15', sex: '男', region: '650102' });
    expect(provinceOfRegion('650102')).toBe('新疆');
    expect(parseIdNumber('110105194912310021')).toBeNull();
  });
});

describe('A1 ID number cross-check with birth date and sex', () => {
  const id = '11010519491231002X';
  it.each([
    [{ birthDate: '1949-12-31', sex: '女' }, []],
    [{}, []],
    [{ birthDate: '', sex: null }, []],
    [{ birthDate: '1949-12-30', sex: '女' }, ['birthDate']],
    [{ birthDate: '1949-12-31', sex: '男' }, ['sex']],
    [{ birthDate: '1950-01-01', sex: '男' }, ['birthDate', 'sex']],
  ] as const)('%j → %j', (filled, fields) => {
    expect(crossCheckIdNumber(id, filled).map((p) => p.field)).toEqual(fields);
  });

  it('names what the ID number says', () => {
    expect(crossCheckIdNumber(id, { birthDate: '1949-12-30', sex: '男' })).toEqual([
      { field: 'birthDate', message: '出生日期与身份证号不一致（身份证号显示为1949年12月31日），请核对' },
      { field: 'sex', message: '性别与身份证号不一致（身份证号显示为女），请核对' },
    ]);
  });

  it('reports nothing for an invalid ID number (its own message says what is wrong)', () => {
    expect(crossCheckIdNumber('110105194912310021', { birthDate: '2000-01-01', sex: '男' })).toEqual([]);
  });
});

describe('masked ID number (issue 11: two people of the same name in the fee list)', () => {
  it('keeps the first 3 and last 4 characters and hides the birth date', () => {
    expect(maskIdNumber('65400219850312202X')).toBe('654***********202X');
    expect(maskIdNumber('65400219850312202X')).not.toContain('19850312');
  });

  it('tells two different ID numbers apart by their tails', () => {
    expect(maskIdNumber('654002198503122026')).not.toBe(maskIdNumber('654002198503122034'));
  });

  it('shows nothing for an account without an ID number', () => {
    expect(maskIdNumber(null)).toBeNull();
    expect(maskIdNumber('')).toBeNull();
  });
});
