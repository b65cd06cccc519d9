// Review-year policy as data (STYLE §2, like hotcrp etc/settinginfo.json): every number that the
// source ties to a year or leaves to the bureau is declared once here (key, type, Chinese title,
// default, validator), stored per review year in policy_year.settings as snake_case JSON, and
// passed to the validators as a camelCase `Policy`. Defaults reproduce the 2023 source text.
import { parseDate } from './date-values';
import type { Status } from './state-machine';

export interface Fraction {
  num: number;
  den: number;
}

/** Value kinds a setting can have; each kind parses a JSON value or says why it can't. */
interface KindValues {
  /** Distinct years, sorted ascending. */
  year_list: number[];
  /** Integer ≥ 0. */
  count: number;
  /** Integer ≥ 1. */
  positive_count: number;
  /** Finite number ≥ 0. */
  amount: number;
  /** 'YYYY-MM-DD' or null (not set). */
  date_or_null: string | null;
  /** 0 < num/den ≤ 1, both integers. */
  fraction: Fraction;
  /** true or false. */
  flag: boolean;
}
type Kind = keyof KindValues;

type Parsed<T> = { ok: true; value: T } | { ok: false; why: string };

const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);

const KINDS: { [K in Kind]: (v: unknown) => Parsed<KindValues[K]> } = {
  year_list(v) {
    if (!Array.isArray(v) || !v.every((y) => isInt(y) && y >= 1990 && y <= 2100)) {
      return { ok: false, why: '应为年份列表（1990—2100之间的整数）' };
    }
    const ys = [...new Set(v as number[])].sort((a, b) => a - b);
    if (ys.length !== v.length) return { ok: false, why: '年份不能重复' };
    return { ok: true, value: ys };
  },
  count: (v) => (isInt(v) && v >= 0 ? { ok: true, value: v } : { ok: false, why: '应为不小于0的整数' }),
  positive_count: (v) => (isInt(v) && v >= 1 ? { ok: true, value: v } : { ok: false, why: '应为正整数' }),
  amount: (v) =>
    typeof v === 'number' && Number.isFinite(v) && v >= 0 ? { ok: true, value: v } : { ok: false, why: '应为不小于0的数' },
  date_or_null(v) {
    if (v === null) return { ok: true, value: null };
    return typeof v === 'string' && parseDate(v) ? { ok: true, value: v } : { ok: false, why: '应为日期（YYYY-MM-DD）或不设置' };
  },
  fraction(v) {
    const f = v as Partial<Fraction> | null;
    if (typeof f === 'object' && f !== null && isInt(f.num) && isInt(f.den) && f.num > 0 && f.den > 0 && f.num <= f.den) {
      return { ok: true, value: { num: f.num, den: f.den } };
    }
    return { ok: false, why: '应为不大于1的分数，如 {"num":2,"den":3}' };
  },
  flag: (v) => (typeof v === 'boolean' ? { ok: true, value: v } : { ok: false, why: '应为 true（是）或 false（否）' }),
};

interface SettingDecl<Key extends string, K extends Kind> {
  /** snake_case, noun first so related settings sort together (STYLE §3). */
  key: Key;
  kind: K;
  /** Chinese title shown to the bureau and named in errors. */
  title: string;
  /** Where the rule comes from and what the unit is. */
  description: string;
  /** Default for a review year (most don't depend on it). */
  default: (year: number) => KindValues[K];
  /** Extra check beyond the kind's own; Chinese reason or null. */
  check?: (value: KindValues[K]) => string | null;
  /**
   * Files in these statuses are judged by this setting now: changing it while such files exist is
   * shown to the administrator (count and file codes) before it is saved.
   */
  affects: readonly Status[];
}

function setting<Key extends string, K extends Kind>(d: SettingDecl<Key, K>): SettingDecl<Key, K> {
  return d;
}

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);
const MIB = 1024 * 1024;

/**
 * Issue 9 item 8: the most pixels an attachment may have, whatever a review year's policy says.
 * A4 at 300 dpi is 2480×3508 ≈ 8.7 million pixels, A3 ≈ 17.4 million; 40 million leaves room for
 * a 600 dpi A4 scan or a phone photo, and decoding it takes about 120 MB, so a few uploads at once
 * cannot exhaust the server's memory. Older review years stored 60 million; intake takes the smaller of the two, so they
 * still load.
 */
export const UPLOAD_PIXELS_CEILING = 40_000_000;

/** Files still with the applicant: the declaration rules (A-sections, uploads) apply at their next submission. */
const BEFORE_SUBMIT = ['draft', 'returned_by_unit', 'returned_by_competent', 'returned_by_committee'] as const satisfies readonly Status[];

export const POLICY_SETTINGS = [
  setting({
    key: 'appraisal_years',
    kind: 'year_list',
    title: '年度考核年份',
    description: 'A11：近3年年度考核表；2023年为2020—2022年，即评审年度之前的3年',
    default: (y) => range(y - 3, y - 1),
    check: (v) => (v.length === 0 ? '至少要有一个年份' : null),
    affects: BEFORE_SUBMIT,
  }),
  setting({
    key: 'ce_public_years',
    kind: 'year_list',
    title: '继续教育公需科目年份',
    description: 'A8：2023年要求2019年度以来5年，即截至评审年度的5年',
    default: (y) => range(y - 4, y),
    affects: BEFORE_SUBMIT,
  }),
  setting({
    key: 'ce_professional_years',
    kind: 'year_list',
    title: '继续教育专业科目年份',
    description: 'A8：2023年要求2021年度以来3年，即截至评审年度的3年',
    default: (y) => range(y - 2, y),
    affects: BEFORE_SUBMIT,
  }),
  setting({
    key: 'ce_public_min_hours',
    kind: 'amount',
    title: '公需科目每年最少学时',
    description: 'A8：每个要求年份的公需科目学时合计下限；0表示不限（有合格证书即可）',
    default: () => 0,
    affects: BEFORE_SUBMIT,
  }),
  setting({
    key: 'ce_professional_min_hours',
    kind: 'amount',
    title: '专业科目每年最少学时',
    description: 'A8：每个要求年份的专业科目学时合计下限；0表示不限',
    default: () => 0,
    affects: BEFORE_SUBMIT,
  }),
  setting({
    key: 'publicity_working_days',
    kind: 'positive_count',
    title: '推荐单位公示工作日数',
    description: 'U2：公示期不少于5个工作日（节假日、调休按官方日历）',
    default: () => 5,
    affects: ['submitted', 'in_publicity'],
  }),
  setting({
    key: 'return_deadline_days',
    kind: 'positive_count',
    title: '退回后补充期限（天）',
    description: 'R2：“2天内补充完善”，按自然日计，逾期视为自动放弃',
    default: () => 2,
    affects: ['competent_recommended', 'returned_by_committee'],
  }),
  setting({
    key: 'summary_min_chars',
    kind: 'positive_count',
    title: '工作总结最少字数',
    description: 'A12：2023年为2000字',
    default: () => 2000,
    affects: BEFORE_SUBMIT,
  }),
  setting({
    key: 'summary_max_chars',
    kind: 'positive_count',
    title: '工作总结最多字数',
    description: 'A12：2023年为3000字',
    default: () => 3000,
    affects: BEFORE_SUBMIT,
  }),
  setting({
    key: 'integrity_ban_years',
    kind: 'count',
    title: '失信禁报年限',
    description: 'I1：弄虚作假撤销职称后三年内不得申报',
    default: () => 3,
    affects: [],
  }),
  setting({
    key: 'upload_max_bytes',
    kind: 'positive_count',
    title: '单个附件最大字节数',
    description: 'A14：每张JPG图片的大小上限',
    default: () => 10 * MIB,
    affects: BEFORE_SUBMIT,
  }),
  setting({
    key: 'upload_max_pixels',
    kind: 'positive_count',
    title: '单个附件最大像素数',
    description: 'A14：宽×高上限，防止超大图片拖垮服务；A4按300dpi扫描约870万像素，最多4000万像素',
    default: () => UPLOAD_PIXELS_CEILING,
    affects: BEFORE_SUBMIT,
  }),
  setting({
    key: 'upload_min_side',
    kind: 'positive_count',
    title: '附件短边最少像素',
    description: 'A14：过小的图片看不清，短边不得少于此像素数',
    default: () => 600,
    affects: BEFORE_SUBMIT,
  }),
  setting({
    key: 'upload_pdf_max_pages',
    kind: 'positive_count',
    title: '上传PDF最多页数',
    description: 'A14：PDF附件逐页转为JPG图片，每页成为本栏目的一张附件；一次上传的PDF不得超过此页数',
    default: () => 20,
    affects: BEFORE_SUBMIT,
  }),
  setting({
    key: 'upload_photo_min_side',
    kind: 'positive_count',
    title: '证件照短边最少像素',
    description:
      'A1：近期一寸免冠照片有自己的尺寸规则；标准证件照按300dpi计，小一寸260×378、一寸295×413、二寸413×579像素，短边不得少于此像素数',
    default: () => 260,
    affects: BEFORE_SUBMIT,
  }),
  setting({
    key: 'fee_deadline',
    kind: 'date_or_null',
    title: '评审费缴纳截止日期',
    description: 'R3：逾期未缴视为自动放弃；不设置表示尚未公布。截止次日系统自动将未缴费材料视为自动放弃，前一个工作日提醒推荐单位',
    default: () => null,
    affects: ['accepted'],
  }),
  setting({
    key: 'application_opens_on',
    kind: 'date_or_null',
    title: '申报开始日期',
    description: '此日期之前不能新建或首次提交申报；不设置表示不限',
    default: () => null,
    affects: ['draft'],
  }),
  setting({
    key: 'application_closes_on',
    kind: 'date_or_null',
    title: '申报截止日期',
    description: '此日期之后不能新建或首次提交申报（退回修改后的重新提交不受影响）；前一个工作日提醒尚未提交的申报人；不设置表示不限',
    default: () => null,
    affects: ['draft'],
  }),
  setting({
    key: 'result_publicity_working_days',
    kind: 'positive_count',
    title: '评审结果公示工作日数',
    description: 'R4：评审结果公示不少于5个工作日',
    default: () => 5,
    affects: ['in_review'],
  }),
  setting({
    key: 'quorum_fraction',
    kind: 'fraction',
    title: '评审会议法定出席比例',
    description: 'R4：出席评审专家不少于评审委员会人数的2/3，会议方为有效',
    default: () => ({ num: 2, den: 3 }),
    affects: ['accepted', 'in_review'],
  }),
  setting({
    key: 'pass_fraction',
    kind: 'fraction',
    title: '评审通过所需同意票比例',
    description: 'R4：同意票数达到出席评审专家总数的2/3为通过',
    default: () => ({ num: 2, den: 3 }),
    affects: ['accepted', 'in_review'],
  }),
  setting({
    key: 'stamped_scans_required',
    kind: 'flag',
    title: '盖章扫描件（附件2—4）必须上传',
    description:
      'U3、C1：推荐单位上传盖章的公示（附件2）和公示结果（附件3），主管单位上传盖章的推荐意见（附件4）；三者同一规则：是＝上传后方可推荐，否＝可不上传',
    default: () => true,
    affects: ['submitted', 'in_publicity', 'unit_recommended'],
  }),
  setting({
    key: 'ballot_missing_as_abstain',
    kind: 'flag',
    title: '出席专家未投票计为弃权',
    description:
      'R4（issue 11）：是——出席且无须回避的专家未投票，按弃权计，仍计入通过所需同意票的基数；否——未投票的专家不计入基数（视同未出席该项表决），按实际投票数计算2/3',
    default: () => true,
    affects: ['in_review'],
  }),
] as const;

type Decls = (typeof POLICY_SETTINGS)[number];
export type PolicySettingKey = Decls['key'];

type CamelCase<S extends string> = S extends `${infer H}_${infer T}` ? `${H}${Capitalize<CamelCase<T>>}` : S;

/** The review year's policy, keys in camelCase (`appraisal_years` → `appraisalYears`). */
export type Policy = {
  [D in Decls as CamelCase<D['key']>]: D extends SettingDecl<string, infer K> ? KindValues[K] : never;
};

/** 'ce_public_min_hours' → 'cePublicMinHours'. */
export function policyProp(key: string): string {
  return key.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
}

/** Thrown by parsePolicy; the message names the setting in Chinese. */
export class PolicyError extends Error {
  override readonly name = 'PolicyError';
  readonly code = 'POLICY_INVALID';
  constructor(
    readonly key: string,
    message: string,
  ) {
    super(message);
  }
}

function cloneValue<T>(v: T): T {
  return Array.isArray(v) ? ([...v] as T) : v !== null && typeof v === 'object' ? ({ ...v } as T) : v;
}

/** Rules across settings, checked after each value is valid on its own. */
function crossCheck(p: Policy): void {
  if (p.summaryMinChars > p.summaryMaxChars) {
    throw new PolicyError('summary_min_chars', `评审政策设置“工作总结最少字数”（${p.summaryMinChars}）不能大于“工作总结最多字数”（${p.summaryMaxChars}）`);
  }
  if (p.applicationOpensOn && p.applicationClosesOn && p.applicationOpensOn > p.applicationClosesOn) {
    throw new PolicyError('application_closes_on', `评审政策设置“申报截止日期”（${p.applicationClosesOn}）不能早于“申报开始日期”（${p.applicationOpensOn}）`);
  }
}

/** The policy of review year `year` as the 2023 source derives it. */
export function defaultPolicyFor(year: number): Policy {
  if (!isInt(year) || year < 1990 || year > 2100) throw new RangeError(`评审年度应为1990—2100之间的整数：${year}`);
  const out: Record<string, unknown> = {};
  for (const d of POLICY_SETTINGS as readonly SettingDecl<string, Kind>[]) out[policyProp(d.key)] = d.default(year);
  return out as Policy;
}

/**
 * policy_year.settings (snake_case JSON) → Policy. Every value is validated; a missing setting
 * takes its default for `year` when a year is given (settings added after the row was written),
 * otherwise it is an error; an unknown key is an error (a typo must not silently fall back).
 * Throws PolicyError naming the setting in Chinese.
 */
export function parsePolicy(settings: Record<string, unknown>, year?: number): Policy {
  if (typeof settings !== 'object' || settings === null || Array.isArray(settings)) {
    throw new PolicyError('', '评审政策设置格式不正确，应为对象');
  }
  const decls = POLICY_SETTINGS as readonly SettingDecl<string, Kind>[];
  const known = new Set(decls.map((d) => d.key));
  for (const k of Object.keys(settings)) {
    if (!known.has(k)) throw new PolicyError(k, `评审政策中有无法识别的设置“${k}”，请删除或改正`);
  }
  const out: Record<string, unknown> = {};
  for (const d of decls) {
    const label = `评审政策设置“${d.title}”（${d.key}）`;
    if (!(d.key in settings) || settings[d.key] === undefined) {
      if (year === undefined) throw new PolicyError(d.key, `缺少${label}`);
      out[policyProp(d.key)] = d.default(year);
      continue;
    }
    const r = KINDS[d.kind](settings[d.key]);
    if (!r.ok) throw new PolicyError(d.key, `${label}${r.why}`);
    const extra = d.check?.(r.value as never);
    if (extra) throw new PolicyError(d.key, `${label}${extra}`);
    out[policyProp(d.key)] = r.value;
  }
  const p = out as Policy;
  crossCheck(p);
  return p;
}

/** Policy → snake_case JSON for policy_year.settings; parsePolicy(serializePolicy(p)) equals p. */
export function serializePolicy(p: Policy): Record<string, unknown> {
  const src = p as unknown as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const d of POLICY_SETTINGS) out[d.key] = cloneValue(src[policyProp(d.key)]);
  return out;
}

/** What the administration form shows for each setting, in declaration order (the form is built from it). */
export interface PolicyField {
  key: PolicySettingKey;
  kind: Kind;
  title: string;
  description: string;
}

export const POLICY_FIELDS: readonly PolicyField[] = POLICY_SETTINGS.map((d) => ({ key: d.key, kind: d.kind, title: d.title, description: d.description }));

export const POLICY_KINDS = Object.keys(KINDS) as Kind[];
export type PolicyKind = Kind;

/** The setting's Chinese title, or the key itself for an unknown one. */
export function policyTitle(key: string): string {
  return POLICY_SETTINGS.find((d) => d.key === key)?.title ?? key;
}

export interface PolicyChange {
  key: PolicySettingKey;
  title: string;
  from: unknown;
  to: unknown;
}

/** The settings whose values differ between two policies, in declaration order. */
export function diffPolicy(before: Policy, after: Policy): PolicyChange[] {
  const a = serializePolicy(before);
  const b = serializePolicy(after);
  return POLICY_SETTINGS.filter((d) => JSON.stringify(a[d.key]) !== JSON.stringify(b[d.key])).map((d) => ({
    key: d.key,
    title: d.title,
    from: a[d.key],
    to: b[d.key],
  }));
}

/** Statuses of the files that a change of these settings acts upon (union of their `affects`). */
export function statusesAffectedBy(keys: readonly string[]): Status[] {
  const out = new Set<Status>();
  for (const d of POLICY_SETTINGS) if (keys.includes(d.key)) for (const s of d.affects) out.add(s);
  return [...out];
}

/**
 * A new review year copied from the last one: year lists keep their distance from the review year
 * (2026's 2023—2025 appraisal years become 2024—2026 for 2027), dates are cleared because last
 * year's deadlines are over and the bureau publishes new ones, everything else is kept.
 */
export function copyPolicyToYear(p: Policy, fromYear: number, toYear: number): Policy {
  const shift = toYear - fromYear;
  const src = serializePolicy(p);
  const out: Record<string, unknown> = {};
  for (const d of POLICY_SETTINGS as readonly SettingDecl<string, Kind>[]) {
    const v = src[d.key];
    out[d.key] = d.kind === 'year_list' ? (v as number[]).map((y) => y + shift) : d.kind === 'date_or_null' ? null : v;
  }
  return parsePolicy(out, toYear);
}
