// Issue 12 item 2: 简称 an applicant may forget to list but that documents use all the time. Units
// in autonomous areas drop the people's name and "自治": 伊犁哈萨克自治州人民医院 is written
// 伊犁州人民医院, or inside the prefecture just 州人民医院; 巴音郭楞蒙古自治州… → 巴州…;
// 新疆维吾尔自治区… → 新疆… / 自治区…. Pure: the service proposes these for the applicant to confirm,
// and only confirmed ones are masked.

/** Peoples named in autonomous-area names, longest first so 哈萨克 wins over a shorter prefix. */
const PEOPLES = [
  '柯尔克孜', '哈萨克', '维吾尔', '塔吉克', '乌孜别克', '俄罗斯', '达斡尔', '鄂伦春', '鄂温克',
  '蒙古', '回族', '藏族', '彝族', '壮族', '苗族', '土家族', '朝鲜族', '锡伯', '布依族', '侗族', '白族', '哈尼族',
  '傣族', '傈僳族', '羌族', '黎族', '满族', '瑶族', '土族', '撒拉族', '纳西族', '仫佬族', '毛南族', '仡佬族',
  '水族', '畲族', '景颇族', '拉祜族', '佤族', '怒族', '独龙族', '普米族', '阿昌族', '德昂族', '布朗族', '基诺族',
  '保安族', '东乡族', '裕固族', '各族',
].sort((a, b) => b.length - a.length);

/** Shortest derived alias kept: shorter strings (州医院) match too much unrelated text. */
const MIN_ALIAS_CHARS = 4;

// place + peoples (one or more, 苗族侗族) + 自治 + 州/县/区/旗 + rest.
const PATTERN = new RegExp(`^(.+?)((?:${PEOPLES.join('|')})+)族?自治(州|县|区|旗)(.*)$`, 'u');

/**
 * Aliases that follow the usual pattern for `unit`, most specific first, without `unit` itself
 * and without duplicates. Empty when the name has no autonomous-area part or nothing after it.
 */
export function derivedUnitAliases(unit: string): string[] {
  const name = unit.trim().replace(/\s+/g, '');
  const m = PATTERN.exec(name);
  if (!m) return [];
  const place = m[1]!;
  const level = m[3]!;
  const rest = m[4]!;
  if (!rest) return [];
  const out: string[] = [];
  if (level === '区') {
    // 新疆维吾尔自治区人民医院 → 新疆人民医院, 自治区人民医院.
    out.push(place + rest, '自治区' + rest);
  } else {
    out.push(place + level + rest);
    // Prefectures with places of three or more characters go by their first one: 巴音郭楞 → 巴州, 克孜勒苏 → 克州.
    if (level === '州' && [...place].length >= 3) out.push([...place][0]! + level + rest);
    out.push(level + rest);
  }
  return [...new Set(out)].filter((a) => a !== name && [...a].length >= MIN_ALIAS_CHARS);
}

/** Derived aliases for every unit name and listed alias, minus those already listed. */
export function forgottenUnitAliases(units: readonly string[]): string[] {
  const listed = new Set(units.map((u) => u.trim().replace(/\s+/g, '')));
  const out: string[] = [];
  for (const u of units) for (const a of derivedUnitAliases(u)) if (!listed.has(a) && !out.includes(a)) out.push(a);
  return out;
}
