// Resident identity card numbers, GB 11643-1999: 6-digit region code, 8-digit birth date, 3-digit
// sequence (odd = 男, even = 女), check character by ISO 7064 MOD 11-2. Used at registration and
// for A1 (basic info must agree with the card).
import { parseDate } from './date-values';

export interface IdNumberFacts {
  /** 'YYYY-MM-DD' */
  birthDate: string;
  sex: '男' | '女';
  /** The 6-digit administrative division code (e.g. '110105'). */
  region: string;
}

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS = '10X98765432';

/** Province-level codes (first two digits); 81/82/83 are HK/Macao/Taiwan residence permits. */
const PROVINCES: Readonly<Record<string, string>> = {
  '11': '北京', '12': '天津', '13': '河北', '14': '山西', '15': '内蒙古',
  '21': '辽宁', '22': '吉林', '23': '黑龙江',
  '31': '上海', '32': '江苏', '33': '浙江', '34': '安徽', '35': '福建', '36': '江西', '37': '山东',
  '41': '河南', '42': '湖北', '43': '湖南', '44': '广东', '45': '广西', '46': '海南',
  '50': '重庆', '51': '四川', '52': '贵州', '53': '云南', '54': '西藏',
  '61': '陕西', '62': '甘肃', '63': '青海', '64': '宁夏', '65': '新疆',
  '71': '台湾', '81': '香港', '82': '澳门', '83': '台湾',
};

/** Trimmed, with a lowercase check character 'x' accepted as 'X'. */
export function normaliseIdNumber(id: string): string {
  return id.trim().toUpperCase();
}

/** The check character the first 17 digits call for. */
export function idCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]!;
  return CHECK_CHARS[sum % 11]!;
}

/**
 * Why `id` is not a valid 18-character ID number, in Chinese, or null if it is.
 * `today` ('YYYY-MM-DD'), when given, also refuses a birth date after it.
 */
export function whyNotValidIdNumber(id: string, today?: string): string | null {
  const s = normaliseIdNumber(id);
  if (s === '') return '请填写身份证号';
  if (s.length === 15 && /^\d{15}$/.test(s)) return '身份证号应为18位，15位的旧号码请换用18位身份证号';
  if (s.length !== 18) return `身份证号应为18位，目前为${s.length}位，请核对`;
  if (!/^\d{17}[\dX]$/.test(s)) return '身份证号前17位应为数字，最后一位为数字或X，请核对';
  if (!PROVINCES[s.slice(0, 2)]) return '身份证号前两位地区代码无效，请核对';
  const birth = `${s.slice(6, 10)}-${s.slice(10, 12)}-${s.slice(12, 14)}`;
  if (!parseDate(birth)) return '身份证号中的出生日期无效，请核对第7至14位';
  if (today !== undefined && birth > today) return '身份证号中的出生日期晚于今天，请核对第7至14位';
  if (idCheckChar(s) !== s[17]) return '身份证号校验位错误，请核对最后一位';
  return null;
}

/** Birth date, sex and region code of a valid ID number; null if it is not valid. */
export function parseIdNumber(id: string, today?: string): IdNumberFacts | null {
  if (whyNotValidIdNumber(id, today) !== null) return null;
  const s = normaliseIdNumber(id);
  return {
    birthDate: `${s.slice(6, 10)}-${s.slice(10, 12)}-${s.slice(12, 14)}`,
    sex: Number(s[16]) % 2 === 1 ? '男' : '女',
    region: s.slice(0, 6),
  };
}

/** Province name of a valid ID number's region code (e.g. '新疆'), or null. */
export function provinceOfRegion(region: string): string | null {
  return PROVINCES[region.slice(0, 2)] ?? null;
}

/**
 * A1: birth date and sex as filled in must agree with the ID number. An invalid ID number gives
 * no disagreement here (its own message says what is wrong); empty values are not compared.
 */
export function crossCheckIdNumber(
  id: string,
  filled: { birthDate?: string | null; sex?: string | null },
): Array<{ field: 'birthDate' | 'sex'; message: string }> {
  const facts = parseIdNumber(id);
  if (!facts) return [];
  const out: Array<{ field: 'birthDate' | 'sex'; message: string }> = [];
  const birth = filled.birthDate?.trim();
  if (birth && birth !== facts.birthDate) {
    const [y, m, d] = facts.birthDate.split('-').map(Number);
    out.push({ field: 'birthDate', message: `出生日期与身份证号不一致（身份证号显示为${y}年${m}月${d}日），请核对` });
  }
  const sex = filled.sex?.trim();
  if (sex && sex !== facts.sex) {
    out.push({ field: 'sex', message: `性别与身份证号不一致（身份证号显示为${facts.sex}），请核对` });
  }
  return out;
}

/**
 * An ID number shown only to tell two people of the same name apart (issue 11: the fee list): the
 * first 3 and the last 4 characters, the birth date and the rest hidden — 654***********123X.
 */
export function maskIdNumber(id: string | null): string | null {
  if (!id || id.length < 8) return null;
  return `${id.slice(0, 3)}${'*'.repeat(id.length - 7)}${id.slice(-4)}`;
}
