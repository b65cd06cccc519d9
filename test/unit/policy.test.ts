import { describe, expect, it } from 'vitest';
import { defaultPolicyFor, parsePolicy, POLICY_SETTINGS, PolicyError, policyProp, serializePolicy, type Policy } from '../../src/domain/policy';

describe('policy: defaults per review year', () => {
  it('reproduces the 2023 source', () => {
    const p: Policy = defaultPolicyFor(2023);
    expect(p).toEqual({
      appraisalYears: [2020, 2021, 2022],
      cePublicYears: [2019, 2020, 2021, 2022, 2023],
      ceProfessionalYears: [2021, 2022, 2023],
      cePublicMinHours: 0,
      ceProfessionalMinHours: 0,
      publicityWorkingDays: 5,
      returnDeadlineDays: 2,
      summaryMinChars: 2000,
      summaryMaxChars: 3000,
      integrityBanYears: 3,
      uploadMaxBytes: 10 * 1024 * 1024,
      uploadMaxPixels: 40_000_000,
      uploadMinSide: 600,
      uploadPdfMaxPages: 20,
      uploadPhotoMinSide: 260,
      feeDeadline: null,
      applicationOpensOn: null,
      applicationClosesOn: null,
      resultPublicityWorkingDays: 5,
      quorumFraction: { num: 2, den: 3 },
      passFraction: { num: 2, den: 3 },
      stampedScansRequired: true,
      ballotMissingAsAbstain: true,
    });
  });

  it('derives the years from the review year', () => {
    const p = defaultPolicyFor(2025);
    expect(p.appraisalYears).toEqual([2022, 2023, 2024]);
    expect(p.cePublicYears).toEqual([2021, 2022, 2023, 2024, 2025]);
    expect(p.ceProfessionalYears).toEqual([2023, 2024, 2025]);
  });

  it('refuses a review year that is not a plausible integer', () => {
    expect(() => defaultPolicyFor(2023.5)).toThrow(RangeError);
    expect(() => defaultPolicyFor(23)).toThrow(RangeError);
  });

  it('declares every setting once: snake_case key, Chinese title, a default its own validator accepts', () => {
    const keys = POLICY_SETTINGS.map((s) => s.key);
    expect(new Set(keys).size).toBe(keys.length);
    for (const s of POLICY_SETTINGS) {
      expect(s.key).toMatch(/^[a-z]+(_[a-z]+)*$/);
      expect(s.title).toMatch(/\p{Script=Han}/u);
      expect(s.description.length).toBeGreaterThan(0);
    }
    expect(Object.keys(defaultPolicyFor(2023)).sort()).toEqual(keys.map(policyProp).sort());
  });
});

describe('policy: stored JSON', () => {
  it('round-trips through serializePolicy / parsePolicy with snake_case keys', () => {
    const p = { ...defaultPolicyFor(2023), feeDeadline: '2023-09-30', cePublicMinHours: 24 };
    const json = serializePolicy(p);
    expect(json.appraisal_years).toEqual([2020, 2021, 2022]);
    expect(json.fee_deadline).toBe('2023-09-30');
    expect(json.quorum_fraction).toEqual({ num: 2, den: 3 });
    expect(parsePolicy(JSON.parse(JSON.stringify(json)))).toEqual(p);
  });

  it('does not share arrays with the policy it serialised', () => {
    const p = defaultPolicyFor(2023);
    const json = serializePolicy(p);
    (json.appraisal_years as number[]).push(2023);
    expect(p.appraisalYears).toEqual([2020, 2021, 2022]);
  });

  it('sorts year lists', () => {
    const json = { ...serializePolicy(defaultPolicyFor(2023)), appraisal_years: [2022, 2020, 2021] };
    expect(parsePolicy(json).appraisalYears).toEqual([2020, 2021, 2022]);
  });

  const base = () => serializePolicy(defaultPolicyFor(2023));
  it.each([
    ['appraisal_years', 'abc', '年度考核年份'],
    ['appraisal_years', [], '年度考核年份'],
    ['appraisal_years', [2020, 2020, 2021], '年份不能重复'],
    ['ce_public_years', [2019.5], '继续教育公需科目年份'],
    ['ce_professional_min_hours', -1, '专业科目每年最少学时'],
    ['publicity_working_days', 0, '推荐单位公示工作日数'],
    ['return_deadline_days', '2', '退回后补充期限'],
    ['summary_min_chars', 1.5, '工作总结最少字数'],
    ['upload_max_bytes', null, '单个附件最大字节数'],
    ['fee_deadline', '2023-02-30', '评审费缴纳截止日期'],
    ['fee_deadline', 20230930, '评审费缴纳截止日期'],
    ['quorum_fraction', { num: 3, den: 2 }, '评审会议法定出席比例'],
    ['pass_fraction', 0.67, '评审通过所需同意票比例'],
    ['ballot_missing_as_abstain', 'true', '出席专家未投票计为弃权'],
    ['ballot_missing_as_abstain', 1, '出席专家未投票计为弃权'],
  ])('refuses %s = %j, naming “%s”', (key, value, named) => {
    const settings = { ...base(), [key]: value };
    expect(() => parsePolicy(settings)).toThrow(PolicyError);
    expect(() => parsePolicy(settings)).toThrow(named);
  });

  it('counts missing votes as abstentions by default; a year may store false (issue 11)', () => {
    expect(defaultPolicyFor(2026).ballotMissingAsAbstain).toBe(true);
    expect(parsePolicy({ ...base(), ballot_missing_as_abstain: false }).ballotMissingAsAbstain).toBe(false);
    // a year stored before the key existed takes the default
    const { ballot_missing_as_abstain: _, ...older } = base();
    expect(parsePolicy(older, 2023).ballotMissingAsAbstain).toBe(true);
  });

  it('refuses a minimum summary length above the maximum', () => {
    expect(() => parsePolicy({ ...base(), summary_min_chars: 3500 })).toThrow('“工作总结最少字数”（3500）不能大于“工作总结最多字数”（3000）');
  });

  it('refuses an unknown key rather than silently ignoring a typo', () => {
    expect(() => parsePolicy({ ...base(), apraisal_years: [2020] })).toThrow('无法识别的设置“apraisal_years”');
  });

  it('fills a missing setting from the year’s default only when the year is given', () => {
    const { upload_min_side: _, ...rest } = base();
    expect(() => parsePolicy(rest)).toThrow('缺少评审政策设置“附件短边最少像素”（upload_min_side）');
    expect(parsePolicy(rest, 2023).uploadMinSide).toBe(600);
    const { appraisal_years: __, ...noYears } = base();
    expect(parsePolicy(noYears, 2024).appraisalYears).toEqual([2021, 2022, 2023]);
  });

  it('tells the error’s setting key', () => {
    try {
      parsePolicy({ ...base(), pass_fraction: { num: 0, den: 3 } });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(PolicyError);
      expect((e as PolicyError).key).toBe('pass_fraction');
      expect((e as PolicyError).code).toBe('POLICY_INVALID');
    }
  });
});
