import { describe, expect, it } from 'vitest';
import {
  checkDeclaration,
  countSummaryChars,
  type DeclarationInput,
  type RuleContext,
  validateSection,
} from '../../src/domain/declaration-rules';
import { defaultPolicyFor, type Policy } from '../../src/domain/policy';
import { PROBLEM_CODES, type Problem } from '../../src/domain/problem';
import { SECTIONS, type SectionCode, type SectionData } from '../../src/domain/section-fields';

// ---- A complete, valid 2023 declaration; each test breaks one thing ----

const APPLICANT = { name: '阿依古丽·买买提', idNumber: '650102198507150020' }; // 女, 1985-07-15
const UNITS = ['伊犁哈萨克自治州人民医院', '州人民医院', '州医院'];

function ctx(over: Partial<RuleContext> = {}): RuleContext {
  return { policy: defaultPolicyFor(2023), today: '2023-06-15', applicant: APPLICANT, unitNames: UNITS, ...over };
}

const SENTENCE = '本人任现职以来，认真履行岗位职责，努力提高业务能力和学术水平，积极参与急危重症患者的抢救工作。';
/** A summary of exactly n counted characters (each Han character and full-width mark counts 1). */
function summaryOf(n: number): string {
  const chars = Array.from(SENTENCE.repeat(Math.ceil(n / Array.from(SENTENCE).length) + 1)).slice(0, n);
  // line breaks every 100 characters: they count nothing
  return chars.map((c, i) => (i > 0 && i % 100 === 0 ? `\n${c}` : c)).join('');
}

type Row = Record<string, string | number | boolean | null>;

/** Rows carry their stable id; here `${code}-${index}`, which `at()` below refers to. */
function validSections(): Record<SectionCode, SectionData> {
  const sections = validSectionData();
  for (const [code, data] of Object.entries(sections)) data.rows = data.rows.map((r, i) => ({ rowId: `${code}-${i}`, ...r }));
  return sections;
}

function validSectionData(): Record<SectionCode, SectionData> {
  return {
    A1: {
      fields: {
        name: '阿依古丽·买买提',
        sex: '女',
        birthDate: '1985-07-15',
        ethnicity: '维吾尔族',
        politicalStatus: '群众',
        idNumber: '650102198507150020',
        mobile: '13912345678',
        unit: '伊犁哈萨克自治州人民医院',
        unitAliases: '州人民医院、州医院',
        workStartDate: '2008-07',
        currentTitle: '主治医师',
      },
      rows: [],
    },
    A2: {
      fields: {},
      rows: [
        { startDate: '2000-09', endDate: '2003-07', school: '伊宁市第三中学', major: '无', education: '高中', degree: '无', studyMode: '全日制' },
        { startDate: '2003-09', endDate: '2008-07', school: '新疆医科大学', major: '临床医学', education: '本科', degree: '学士', studyMode: '全日制' },
      ],
    },
    A3: {
      fields: {},
      rows: [
        { startDate: '2008-07', endDate: '2015-06', unit: '伊犁哈萨克自治州人民医院急诊科', position: '住院医师' },
        { startDate: '2015-07', endDate: '', unit: '伊犁哈萨克自治州人民医院急诊科', position: '主治医师' },
      ],
    },
    A4: {
      fields: {
        title: '主治医师',
        obtainedOn: '2015-05-20',
        appointedOn: '2015-07-01',
        yearsInProfession: 15,
        obtainedIn: '新疆',
        fromGovernmentOrgan: false,
      },
      rows: [],
    },
    A5: {
      fields: {},
      rows: [{ title: '急诊抢救流程改进', period: '2019年3月—2021年6月', role: '主要完成人', description: '牵头制定急诊分级救治流程，抢救成功率由91%提高到95%。' }],
    },
    A6: { fields: {}, rows: [] },
    A7: { fields: { promised: true }, rows: [] },
    A8: {
      fields: { exempt: false, exemptReason: '' },
      rows: [
        ...[2019, 2020, 2021, 2022, 2023].map((year) => ({ year, kind: '公需科目', hours: 30, provider: '伊犁州专业技术人员继续教育基地' })),
        ...[2021, 2022, 2023].map((year) => ({ year, kind: '专业科目', hours: 60, provider: '新疆医学会' })),
      ],
    },
    A9: { fields: {}, rows: [] },
    A10: { fields: {}, rows: [] },
    A11: {
      fields: {},
      rows: [
        { year: 2020, grade: '合格' },
        { year: 2021, grade: '优秀' },
        { year: 2022, grade: '基本合格' },
      ],
    },
    A12: { fields: { text: summaryOf(2500) }, rows: [] },
    A13: { fields: { aidPosting: false, confidentialDeclared: true }, rows: [] },
  };
}

type Attachment = DeclarationInput['attachments'][number];
/** An attachment in a section slot ('letter') or in a row's slot ('2:form' = row A…-2). */
function at(sectionCode: string, slot: string): Attachment {
  const m = /^(\d+):(.+)$/.exec(slot);
  return m ? { sectionCode, rowId: `${sectionCode}-${m[1]}`, slot: m[2]! } : { sectionCode, rowId: null, slot };
}
const isAt = (a: Attachment, sectionCode: string, slot: string) => {
  const b = at(sectionCode, slot);
  return a.sectionCode === b.sectionCode && a.rowId === b.rowId && a.slot === b.slot;
};

function validAttachments(): DeclarationInput['attachments'] {
  const a = (sectionCode: string, slot: string, n = 1) => Array.from({ length: n }, () => at(sectionCode, slot));
  return [
    ...a('A1', 'id_front'),
    ...a('A1', 'id_back'),
    ...a('A1', 'photo'),
    ...a('A2', '0:diploma'),
    ...a('A2', '0:record'),
    ...a('A2', '1:diploma'),
    ...a('A2', '1:record'),
    ...a('A2', '1:degree_certificate'),
    ...a('A4', 'certificate'),
    ...a('A4', 'review_form'),
    ...a('A5', '0:evidence', 3),
    ...a('A7', 'letter'),
    ...[0, 1, 2, 3, 4, 5, 6, 7].flatMap((i) => a('A8', `${i}:certificate`)),
    ...[0, 1, 2].flatMap((i) => a('A11', `${i}:form`, 2)),
  ];
}

function declaration(): DeclarationInput & { sections: Record<SectionCode, SectionData> } {
  return { sections: validSections(), attachments: validAttachments() };
}

/** Problems of one section after changing its data. */
function sectionProblems(code: SectionCode, change: (d: SectionData) => void, c: RuleContext = ctx()): Problem[] {
  const d = validSections()[code];
  change(d);
  return validateSection(code, d, c);
}
const codes = (ps: Problem[]) => ps.map((p) => p.code);
const one = (ps: Problem[]): Problem => {
  expect(ps, JSON.stringify(ps)).toHaveLength(1);
  return ps[0]!;
};
const setField = (key: string, value: Row[string]) => (d: SectionData) => {
  d.fields[key] = value;
};
const setRow = (i: number, key: string, value: Row[string]) => (d: SectionData) => {
  d.rows[i]![key] = value;
};

describe('the valid fixture', () => {
  it('has no problem at all', () => {
    expect(checkDeclaration(declaration(), ctx())).toEqual([]);
  });

  it.each(SECTIONS.map((s) => s.code))('section %s validates clean on its own', (code) => {
    expect(validateSection(code, validSections()[code], ctx())).toEqual([]);
  });
});

describe('A14 no blank field', () => {
  it.each(['', '   ', '\u3000', null])('refuses a blank text field (%j) and asks for “无”', (blank) => {
    const p = one(sectionProblems('A1', setField('currentTitle', blank)));
    expect(p).toMatchObject({ section: 'A1', field: 'fields.currentTitle', code: 'FIELD_BLANK' });
    expect(p.message).toContain('此项不能为空，没有内容请填写“无”');
    expect(p.message).toContain('“现任职称”');
  });

  it('refuses a missing field and names the row in the message', () => {
    const p = one(sectionProblems('A2', (d) => delete d.rows[1]!.school));
    expect(p).toMatchObject({ field: 'rows[1].school', code: 'FIELD_BLANK' });
    expect(p.message).toBe('第2行学历“毕业院校”：此项不能为空，没有内容请填写“无”');
  });

  it('accepts “无” in a text field', () => {
    expect(sectionProblems('A1', setField('currentTitle', '无'))).toEqual([]);
    expect(sectionProblems('A1', setField('unitAliases', ' 无 '))).toEqual([]);
  });

  it.each(['name', 'idNumber', 'mobile'])('refuses “无” for A1 %s, which everyone has, and marks it so the form offers no 无 button', (key) => {
    expect(SECTIONS[0]!.fields.find((f) => f.key === key)!.noNothing).toBe(true);
    expect(sectionProblems('A1', setField(key, '无')).filter((p) => p.field === `fields.${key}`)).not.toEqual([]);
  });

  it('marks no other field as one without a “无”', () => {
    const marked = SECTIONS.flatMap((d) => [...d.fields, ...(d.rows?.fields ?? [])].filter((f) => f.noNothing).map((f) => `${d.code}.${f.key}`));
    expect(marked).toEqual(['A1.name', 'A1.idNumber', 'A1.mobile']);
  });

  it.each([
    ['select', 'A1', 'politicalStatus', '请从列表中选择'],
    ['date', 'A1', 'birthDate', '请选择日期'],
    ['month', 'A1', 'workStartDate', '请选择年月'],
    ['number', 'A4', 'yearsInProfession', '请填写数字'],
  ] as const)('refuses a blank %s field with a hint for its kind', (_kind, code, key, hint) => {
    const p = one(sectionProblems(code, setField(key, '')));
    expect(p.code).toBe('FIELD_BLANK');
    expect(p.message).toContain(hint);
  });

  it('lets an optional field stay empty (A3 last row 至今)', () => {
    expect(sectionProblems('A3', setRow(1, 'endDate', null))).toEqual([]);
  });

  it('applies a `when` field only while its condition holds (A8 免学理由)', () => {
    expect(sectionProblems('A8', setField('exemptReason', ''))).toEqual([]);
    const p = one(sectionProblems('A8', (d) => ((d.fields.exempt = true), (d.fields.exemptReason = ''))));
    expect(p).toMatchObject({ field: 'fields.exemptReason', code: 'FIELD_BLANK' });
  });

  it('treats an unset boolean as “否”, not as blank', () => {
    expect(sectionProblems('A4', setField('fromGovernmentOrgan', null))).toEqual([]);
    expect(sectionProblems('A13', setField('aidPosting', null))).toEqual([]);
  });
});

describe('A14 no vague wording', () => {
  it.each(['略', '同上', '见附件', '详见附件。', '等等', '若干', '?', '？', '……', '/', '-', '×××', 'XX', '不详', '待定'])(
    'refuses %j as the whole value',
    (vague) => {
      const p = one(sectionProblems('A5', setRow(0, 'role', vague)));
      expect(p).toMatchObject({ field: 'rows[0].role', code: 'FIELD_VAGUE' });
      expect(p.message).toContain('含糊用语');
      expect(p.message).toContain('请填写具体内容');
    },
  );

  it.each(['参与若干项目', '同上单位', '详情见附件'])('refuses a single-line value containing a vague word: %j', (text) => {
    expect(codes(sectionProblems('A5', setRow(0, 'title', text)))).toEqual(['FIELD_VAGUE']);
  });

  it('accepts 若干 and 等等 closing a list inside a multi-line description', () => {
    expect(sectionProblems('A5', setRow(0, 'description', '带领团队完成若干项技术改进，包括流程优化、设备更新等等。'))).toEqual([]);
  });

  it.each(['牵头制定救治流程，具体成效详见附件。', '主要内容同上。', '完成人数不详，待补充。'])(
    'refuses a multi-line value that puts its content off: %j',
    (text) => {
      const p = one(sectionProblems('A5', setRow(0, 'description', text)));
      expect(p).toMatchObject({ field: 'rows[0].description', code: 'FIELD_VAGUE' });
      expect(p.message).toContain('含糊用语');
    },
  );

  it('refuses a vague word inside the A12 summary too', () => {
    const p = one(sectionProblems('A12', setField('text', `${summaryOf(2200)}其余业绩见附件。`)));
    expect(p).toMatchObject({ field: 'fields.text', code: 'FIELD_VAGUE' });
  });

  it('accepts ordinary words that merely contain a vague character (策略, 战略)', () => {
    expect(sectionProblems('A5', setRow(0, 'title', '急诊分级救治策略研究'))).toEqual([]);
  });
});

describe('A14 field formats, lengths and characters', () => {
  it.each([
    ['A1', 'sex', '男性', 'SELECT_INVALID'],
    ['A2', 'education', '研究生', 'SELECT_INVALID'],
    ['A4', 'obtainedOn', '2015-02-30', 'DATE_INVALID'],
    ['A4', 'obtainedOn', '2015/05/20', 'DATE_INVALID'],
    ['A4', 'obtainedOn', '1899-12-31', 'DATE_INVALID'],
    ['A1', 'workStartDate', '2008-13', 'DATE_INVALID'],
    ['A1', 'workStartDate', '2008-7', 'DATE_INVALID'],
    ['A4', 'yearsInProfession', '十五', 'NUMBER_INVALID'],
    ['A7', 'promised', 'yes', 'FIELD_INVALID'],
    ['A1', 'ethnicity', 42, 'FIELD_INVALID'],
  ] as const)('%s.%s = %j → %s', (code, key, value, expected) => {
    const ps = sectionProblems(code as SectionCode, (d) => {
      if (code === 'A2') d.rows[0]![key] = value;
      else d.fields[key] = value;
    });
    expect(codes(ps)).toContain(expected);
  });

  it.each([
    ['A4', 'obtainedOn', '2023-06-16', true],
    ['A4', 'obtainedOn', '2023-06-15', false],
    ['A1', 'workStartDate', '2023-07', true],
    ['A1', 'workStartDate', '2023-06', false],
  ] as const)('%s.%s = %s is in the future: %s (today 2023-06-15)', (code, key, value, future) => {
    const ps = sectionProblems(code, setField(key, value));
    expect(codes(ps).includes('DATE_IN_FUTURE')).toBe(future);
  });

  it('refuses a year in the future and a malformed year (A11)', () => {
    expect(codes(sectionProblems('A11', setRow(2, 'year', 2024)))).toContain('DATE_IN_FUTURE');
    expect(codes(sectionProblems('A11', setRow(2, 'year', '22')))).toContain('DATE_INVALID');
  });

  it('accepts a year given as a string (A11 "2022")', () => {
    expect(sectionProblems('A11', setRow(2, 'year', '2022'))).toEqual([]);
  });

  it('refuses a single-line field over 200 characters, accepts 200', () => {
    expect(sectionProblems('A1', setField('unit', '医'.repeat(200)))).toEqual([]);
    const p = one(sectionProblems('A1', setField('unit', '医'.repeat(201))));
    expect(p).toMatchObject({ field: 'fields.unit', code: 'FIELD_TOO_LONG' });
    expect(p.message).toBe('“现工作单位（全称）”内容过长（201字），最多200字，请精简');
  });

  it('refuses a 50 000-character field with a clear message', () => {
    const p = one(sectionProblems('A5', setRow(0, 'description', '字'.repeat(50_000))));
    expect(p).toMatchObject({ field: 'rows[0].description', code: 'FIELD_TOO_LONG' });
    expect(p.message).toBe('第1行业绩成果“主要内容及成效”内容过长（50000字），最多5000字，请精简');
  });

  it('refuses a 50 000-character work summary too', () => {
    const p = one(sectionProblems('A12', setField('text', '字'.repeat(50_000))));
    expect(p.code).toBe('FIELD_TOO_LONG');
    expect(p.message).toContain('50000字');
  });

  it('stores markup as text: <script> and HTML tags are not an error', () => {
    expect(sectionProblems('A5', setRow(0, 'title', '<script>alert(1)</script>'))).toEqual([]);
    expect(sectionProblems('A5', setRow(0, 'description', '<b>加粗</b><img src=x onerror=alert(1)>'))).toEqual([]);
  });

  it.each([
    ['\u0000', 'title'],
    ['\u0007', 'description'],
    ['\u001b[31m', 'description'],
    ['\u0085', 'title'],
    ['\uD800', 'title'],
    ['\n', 'title'],
    ['\t', 'title'],
  ])('refuses control character %j in %s', (ch, key) => {
    const p = one(sectionProblems('A5', setRow(0, key, `急诊${ch}流程`)));
    expect(p.code).toBe('FIELD_CONTROL_CHARS');
  });

  it('allows line breaks and tabs in a multi-line field', () => {
    expect(sectionProblems('A5', setRow(0, 'description', '第一段。\r\n\t第二段。'))).toEqual([]);
  });

  it('does not throw on malformed section data', () => {
    const bad = { fields: null, rows: 'x' } as unknown as SectionData;
    expect(codes(validateSection('A2', bad, ctx()))).toEqual(['ROWS_MISSING']);
    expect(codes(validateSection('A7', bad, ctx()))).toEqual(['PROMISE_REQUIRED']);
  });
});

describe('A1 basic info', () => {
  it('refuses a name other than the registered one', () => {
    const p = one(sectionProblems('A1', setField('name', '阿依古丽')));
    expect(p).toMatchObject({ field: 'fields.name', code: 'NAME_MISMATCH' });
    expect(p.message).toContain('阿依古丽·买买提');
  });

  it.each(['阿依古丽•买买提', '阿依古丽买买提', ' 阿依古丽·买买提 ', '阿依古丽 · 买买提'])('accepts the registered name written %j', (name) => {
    expect(sectionProblems('A1', setField('name', name))).toEqual([]);
  });

  it('refuses an ID number with a wrong check character', () => {
    const p = one(sectionProblems('A1', setField('idNumber', '650102198507150021')));
    expect(p).toEqual({ section: 'A1', field: 'fields.idNumber', code: 'ID_NUMBER_INVALID', message: '身份证号校验位错误，请核对最后一位' });
  });

  it('refuses a valid ID number that is not the registered one', () => {
    const c = ctx({ applicant: { name: '李华', idNumber: '11010519491231002X' } });
    const p = one(
      sectionProblems(
        'A1',
        (d) => Object.assign(d.fields, { name: '李华', idNumber: '11010519491231002x', birthDate: '1949-12-31', sex: '女' }),
        ctx({ applicant: { name: '李华', idNumber: '650102198507150020' } }),
      ),
    );
    expect(p.code).toBe('ID_NUMBER_MISMATCH');
    expect(
      sectionProblems('A1', (d) => Object.assign(d.fields, { name: '李华', idNumber: '11010519491231002x', birthDate: '1949-12-31', sex: '女' }), c),
    ).toEqual([]);
  });

  it('cross-checks birth date and sex with the ID number', () => {
    const ps = sectionProblems('A1', (d) => Object.assign(d.fields, { birthDate: '1985-07-16', sex: '男' }));
    expect(ps.map((p) => [p.field, p.code])).toEqual([
      ['fields.birthDate', 'BIRTH_DATE_MISMATCH'],
      ['fields.sex', 'SEX_MISMATCH'],
    ]);
    expect(ps[0]!.message).toContain('1985年7月15日');
  });

  it.each([
    ['13912345678', true],
    ['19912345678', true],
    ['12912345678', false],
    ['1391234567', false],
    ['139123456789', false],
    ['+8613912345678', false],
    ['139-1234-5678', false],
    ['无', false],
  ])('mobile %j valid: %s', (mobile, ok) => {
    const ps = sectionProblems('A1', setField('mobile', mobile));
    expect(ps.length === 0).toBe(ok);
    if (!ok) expect(codes(ps)).toEqual(['MOBILE_INVALID']);
  });

  it('refuses a work start before the age of 16', () => {
    expect(codes(sectionProblems('A1', setField('workStartDate', '2001-06')))).toEqual(['WORK_HISTORY_TOO_EARLY']);
    expect(sectionProblems('A1', setField('workStartDate', '2001-07'))).toEqual([]);
  });
});

describe('A2 education', () => {
  it('needs at least one row', () => {
    const p = one(sectionProblems('A2', (d) => (d.rows = [])));
    expect(p).toMatchObject({ field: 'rows', code: 'ROWS_MISSING' });
    expect(p.message).toContain('至少需要填写1行学历');
  });

  it('refuses education listed from high to low', () => {
    const p = one(sectionProblems('A2', (d) => d.rows.reverse()));
    expect(p).toMatchObject({ field: 'rows[1].education', code: 'EDUCATION_ORDER' });
    expect(p.message).toBe('学历应从低到高依次填写：第2行学历“高中”排在了第1行“本科”之后，请调整顺序');
  });

  it('allows two rows of the same level in graduation order', () => {
    const ps = sectionProblems('A2', (d) =>
      d.rows.push({ startDate: '2009-09', endDate: '2011-07', school: '石河子大学', major: '护理学', education: '本科', degree: '学士', studyMode: '非全日制' }),
    );
    expect(ps).toEqual([]);
  });

  it('refuses graduation dates going backwards at the same level', () => {
    const ps = sectionProblems('A2', (d) =>
      d.rows.push({ startDate: '2004-09', endDate: '2006-07', school: '石河子大学', major: '护理学', education: '本科', degree: '无', studyMode: '非全日制' }),
    );
    expect(one(ps)).toMatchObject({ field: 'rows[2].endDate', code: 'EDUCATION_DATE_ORDER' });
  });

  it('refuses a graduation before the enrolment', () => {
    const p = one(sectionProblems('A2', setRow(1, 'endDate', '2003-07')));
    expect(p).toMatchObject({ field: 'rows[1].endDate', code: 'END_BEFORE_START' });
    expect(p.message).toBe('第2行学历的毕业时间（2003年7月）早于入学时间（2003年9月），请核对');
  });

  it.each([
    ['本科', '学士', '全日制', true],
    ['本科', '无', '全日制', true],
    ['硕士研究生', '学士', '全日制', true],
    ['大专', '学士', '全日制', false],
    ['大专', '学士', '非全日制', false],
    ['本科', '硕士', '全日制', false],
    ['本科', '硕士', '非全日制', true],
    ['硕士研究生', '硕士', '全日制', true],
    ['硕士研究生', '博士', '全日制', false],
    ['硕士研究生', '博士', '非全日制', true],
    ['本科', '博士', '非全日制', false],
    ['博士研究生', '博士', '全日制', true],
  ])('%s with a %s degree (%s) fits: %s', (education, degree, studyMode, ok) => {
    const ps = sectionProblems('A2', (d) => Object.assign(d.rows[1]!, { education, degree, studyMode }));
    expect(codes(ps)).toEqual(ok ? [] : ['DEGREE_MISMATCH']);
  });
});

describe('A3 work history', () => {
  const rows = (...periods: Array<[string, string]>) => (d: SectionData) => {
    d.rows = periods.map(([startDate, endDate], i) => ({ startDate, endDate, unit: `单位${i + 1}`, position: '医师' }));
  };

  it('accepts rows that join the next month or in the same month (handover)', () => {
    expect(sectionProblems('A3', rows(['2008-07', '2010-12'], ['2011-01', '2015-06'], ['2015-06', '']))).toEqual([]);
  });

  it('rejects a gap of more than one month, naming the missing months', () => {
    const p = one(sectionProblems('A3', rows(['2008-07', '2015-06'], ['2016-04', ''])));
    expect(p).toMatchObject({ field: 'rows[1].startDate', code: 'WORK_HISTORY_GAP' });
    expect(p.message).toContain('2015年7月至2016年3月的工作经历有空档');
    expect(p.message).toContain('请补充或说明原因');
  });

  it('names a single missing month on its own', () => {
    const p = one(sectionProblems('A3', rows(['2008-07', '2015-06'], ['2015-08', ''])));
    expect(p.message.startsWith('2015年7月的工作经历有空档')).toBe(true);
  });

  it('rejects an overlap', () => {
    const p = one(sectionProblems('A3', rows(['2008-07', '2015-06'], ['2015-03', ''])));
    expect(p).toMatchObject({ field: 'rows[1].startDate', code: 'WORK_HISTORY_OVERLAP' });
    expect(p.message).toContain('2015年3月至2015年6月的工作经历重叠');
  });

  it('rejects a row lying inside a longer one', () => {
    const ps = sectionProblems('A3', rows(['2008-07', '2020-12'], ['2016-03', '2017-02'], ['2021-01', '']));
    expect(one(ps)).toMatchObject({ field: 'rows[1].startDate', code: 'WORK_HISTORY_OVERLAP' });
  });

  it('rejects rows out of time order', () => {
    const ps = sectionProblems('A3', rows(['2015-07', ''], ['2008-07', '2015-06']));
    expect(codes(ps)).toContain('WORK_HISTORY_ORDER');
    expect(codes(ps)).toContain('WORK_HISTORY_OPEN_END');
    expect(codes(ps)).not.toContain('WORK_HISTORY_GAP');
  });

  it('rejects an end before the start', () => {
    const p = one(sectionProblems('A3', rows(['2008-07', '2008-06'])));
    expect(p).toMatchObject({ field: 'rows[0].endDate', code: 'END_BEFORE_START' });
  });

  it('lets only the last row be open (至今)', () => {
    const p = one(sectionProblems('A3', rows(['2008-07', ''], ['2015-07', ''])));
    expect(p).toMatchObject({ field: 'rows[0].endDate', code: 'WORK_HISTORY_OPEN_END' });
    expect(p.message).toContain('请填写第1行工作经历的截止年月');
  });

  it('needs at least one row', () => {
    expect(codes(sectionProblems('A3', rows()))).toEqual(['ROWS_MISSING']);
  });

  it('rejects a first row before the age of 16 (birth from the ID number)', () => {
    expect(codes(sectionProblems('A3', rows(['2001-06', ''])))).toEqual(['WORK_HISTORY_TOO_EARLY']);
    expect(sectionProblems('A3', rows(['2001-07', '']))).toEqual([]);
  });

  it('must start at A1’s 参加工作时间 (checked across sections)', () => {
    const d = declaration();
    d.sections.A1.fields.workStartDate = '2008-08';
    const p = one(checkDeclaration(d, ctx()));
    expect(p).toMatchObject({ section: 'A3', field: 'rows[0].startDate', code: 'WORK_HISTORY_START_MISMATCH' });
    expect(p.message).toContain('2008年7月');
    expect(p.message).toContain('2008年8月');
  });
});

describe('A4 qualification', () => {
  it('refuses an appointment before the qualification was obtained', () => {
    const p = one(sectionProblems('A4', setField('appointedOn', '2015-05-19')));
    expect(p).toMatchObject({ field: 'fields.appointedOn', code: 'QUALIFICATION_DATE_ORDER' });
    expect(sectionProblems('A4', setField('appointedOn', '2015-05-20'))).toEqual([]);
  });

  it.each([
    [0, true],
    [15, true],
    ['15', true],
    [-1, false],
    [2.5, false],
    [61, false],
  ])('years in profession %j valid: %s', (years, ok) => {
    expect(codes(sectionProblems('A4', setField('yearsInProfession', years)))).toEqual(ok ? [] : ['NUMBER_INVALID']);
  });

  const withA4 = (fields: Row, slots: string[]) => {
    const d = declaration();
    Object.assign(d.sections.A4.fields, fields);
    d.attachments = [...d.attachments.filter((a) => a.sectionCode !== 'A4'), ...slots.map((slot) => at('A4', slot))];
    return checkDeclaration(d, ctx());
  };

  it.each([
    ['新疆', ['certificate', 'review_form'], []],
    ['新疆', ['qualification_document', 'certificate'], []],
    ['新疆', ['certificate', 'certificate'], ['QUALIFICATION_SLOTS_MISSING']],
    ['新疆', [], ['QUALIFICATION_SLOTS_MISSING']],
    ['其他省市', ['qualification_document', 'certificate', 'review_form'], []],
    ['其他省市', ['certificate', 'review_form'], ['QUALIFICATION_SLOTS_MISSING']],
  ])('obtained in %s with %j → %j', (obtainedIn, slots, expected) => {
    expect(codes(withA4({ obtainedIn }, slots))).toEqual(expected);
  });

  it('names which documents are missing', () => {
    expect(one(withA4({ obtainedIn: '新疆' }, ['certificate'])).message).toBe(
      '现任职资格在新疆取得，需上传“任职资格文件”“职称证书”“专业技术职务任职资格评审表”三项中的至少两项，目前只上传了“职称证书”，请再上传“任职资格文件”“专业技术职务任职资格评审表”中的1项',
    );
    const p = one(withA4({ obtainedIn: '其他省市' }, ['certificate', 'review_form']));
    expect(p.field).toBe('slot:qualification_document');
    expect(p.message).toContain('请补传“任职资格文件”');
  });

  it('needs the appointment document and cadre resume after a move from a government organ', () => {
    const proofs = ['certificate', 'review_form'];
    const p = one(withA4({ fromGovernmentOrgan: true }, [...proofs, 'cadre_resume']));
    expect(p).toMatchObject({ field: 'slot:appointment_document', code: 'GOVERNMENT_TRANSFER_SLOTS_MISSING' });
    expect(p.message).toContain('请补传“任命文件”');
    expect(one(withA4({ fromGovernmentOrgan: true }, proofs)).message).toContain('“任命文件”“干部履历表”');
    expect(withA4({ fromGovernmentOrgan: true }, [...proofs, 'appointment_document', 'cadre_resume'])).toEqual([]);
  });
});

describe('A5, A6, A9, A10 rows', () => {
  it('A5 needs at least one achievement', () => {
    expect(codes(sectionProblems('A5', (d) => (d.rows = [])))).toEqual(['ROWS_MISSING']);
  });

  it.each(['A6', 'A9', 'A10'] as const)('%s may have no rows (shown as “无”)', (code) => {
    expect(sectionProblems(code, (d) => (d.rows = []))).toEqual([]);
  });

  it('validates each row that exists (A6 paper)', () => {
    const ps = sectionProblems('A6', (d) => d.rows.push({ title: '急诊分诊研究', kind: '论文', publisher: '', publishedOn: '2021-05', authorRank: '第一作者' }));
    expect(ps.map((p) => [p.field, p.code])).toEqual([['rows[0].publisher', 'FIELD_BLANK']]);
  });

  it('needs each row’s attachment (A10 award certificate)', () => {
    const d = declaration();
    d.sections.A10.rows.push({ name: '自治州科技进步奖', level: '地厅级', grantor: '伊犁州人民政府', awardedOn: '2021-12', rank: '第一' });
    const p = one(checkDeclaration(d, ctx()));
    expect(p).toEqual({ section: 'A10', field: 'rows[0]slot:certificate', code: 'ATTACHMENT_MISSING', message: '请上传第1行获奖的“获奖证书”' });
  });
});

describe('A7 commitment', () => {
  it.each([false, null, 'true'])('refuses promised = %j', (v) => {
    expect(codes(sectionProblems('A7', setField('promised', v)))).toContain(v === 'true' ? 'FIELD_INVALID' : 'PROMISE_REQUIRED');
  });

  it('needs the signed letter', () => {
    const d = declaration();
    d.attachments = d.attachments.filter((a) => a.sectionCode !== 'A7');
    expect(one(checkDeclaration(d, ctx()))).toMatchObject({ section: 'A7', field: 'slot:letter', code: 'ATTACHMENT_MISSING' });
  });
});

describe('A8 continuing education', () => {
  const dropRows = (pred: (r: Row) => boolean) => (d: SectionData) => {
    d.rows = d.rows.filter((r) => !pred(r));
  };

  it('lists the missing years per kind', () => {
    const p = one(sectionProblems('A8', dropRows((r) => r.kind === '公需科目' && (r.year === 2020 || r.year === 2022))));
    expect(p).toMatchObject({ field: 'rows', code: 'CE_YEARS_MISSING' });
    expect(p.message.startsWith('公需科目缺少2020年、2022年的培训合格证书')).toBe(true);
  });

  it('checks 专业科目 separately', () => {
    const p = one(sectionProblems('A8', dropRows((r) => r.kind === '专业科目' && r.year === 2023)));
    expect(p.message.startsWith('专业科目缺少2023年的培训合格证书')).toBe(true);
  });

  it('a 公需 certificate does not count for 专业', () => {
    const ps = sectionProblems('A8', (d) => {
      for (const r of d.rows) r.kind = '公需科目';
    });
    expect(one(ps).message).toContain('专业科目缺少2021年、2022年、2023年');
  });

  it('takes the years from the policy, not from 2023', () => {
    const ps = sectionProblems('A8', () => {}, ctx({ policy: defaultPolicyFor(2025), today: '2025-06-01' }));
    expect(ps.map((p) => p.message.split('的')[0])).toEqual(['公需科目缺少2024年、2025年', '专业科目缺少2024年、2025年']);
  });

  it('applies a minimum of hours per year when the policy sets one', () => {
    const policy: Policy = { ...defaultPolicyFor(2023), cePublicMinHours: 40 };
    const p = one(sectionProblems('A8', () => {}, ctx({ policy })).filter((x) => x.message.startsWith('2019年')));
    expect(p).toMatchObject({ code: 'CE_HOURS_SHORT' });
    expect(p.message).toBe('2019年公需科目学时合计30，本年度要求每年不少于40学时，请补充');
    // two certificates in one year add up
    const ps = sectionProblems('A8', (d) => d.rows.push({ year: 2019, kind: '公需科目', hours: 10, provider: '线上' }), ctx({ policy }));
    expect(ps.some((x) => x.message.startsWith('2019年'))).toBe(false);
  });

  it('refuses hours of 0', () => {
    expect(one(sectionProblems('A8', setRow(0, 'hours', 0)))).toMatchObject({ field: 'rows[0].hours', code: 'NUMBER_INVALID' });
  });

  it('accepts an exemption with a reason and the 附件5 form instead of certificates', () => {
    const d = declaration();
    d.sections.A8 = { fields: { exempt: true, exemptReason: '2021年至2023年参加“访惠聚”驻村工作' }, rows: [] };
    d.attachments = [...d.attachments.filter((a) => a.sectionCode !== 'A8'), at('A8', 'exemption_form')];
    expect(checkDeclaration(d, ctx())).toEqual([]);
    d.attachments = d.attachments.filter((a) => a.sectionCode !== 'A8');
    const p = one(checkDeclaration(d, ctx()));
    expect(p).toMatchObject({ section: 'A8', field: 'slot:exemption_form', code: 'CE_EXEMPTION_FORM_MISSING' });
    expect(p.message).toContain('附件5');
  });

  it('needs each training row’s certificate, named by year and kind', () => {
    const d = declaration();
    d.attachments = d.attachments.filter((a) => !isAt(a, 'A8', '6:certificate'));
    expect(one(checkDeclaration(d, ctx()))).toEqual({
      section: 'A8',
      field: 'rows[6]slot:certificate',
      code: 'ATTACHMENT_MISSING',
      message: '请上传2022年专业科目培训记录的“培训合格证书”',
    });
  });
});

describe('A11 annual appraisal', () => {
  it('rejects a missing year', () => {
    const p = one(sectionProblems('A11', (d) => d.rows.splice(1, 1)));
    expect(p).toMatchObject({ field: 'rows', code: 'APPRAISAL_YEAR_MISSING' });
    expect(p.message.startsWith('缺少2021年度考核，未参加年度考核的不准推荐评审')).toBe(true);
  });

  it('rejects all years missing, one problem per year', () => {
    expect(sectionProblems('A11', (d) => (d.rows = [])).map((p) => p.message.slice(0, 8))).toEqual(['缺少2020年度', '缺少2021年度', '缺少2022年度']);
  });

  it.each(['不合格', '未参加考核'])('rejects a year rated %s, naming the year', (grade) => {
    const p = one(sectionProblems('A11', setRow(1, 'grade', grade)));
    expect(p).toMatchObject({ field: 'rows[1].grade', code: 'APPRAISAL_FAILED' });
    expect(p.message).toContain(`2021年度考核为“${grade}”`);
    expect(p.message).toContain('不准推荐评审');
  });

  it.each(['优秀', '合格', '基本合格'])('accepts %s', (grade) => {
    expect(sectionProblems('A11', setRow(1, 'grade', grade))).toEqual([]);
  });

  it('flags a year outside the policy', () => {
    const ps = sectionProblems('A11', (d) => d.rows.push({ year: 2019, grade: '合格' }));
    expect(one(ps)).toMatchObject({ field: 'rows[3].year', code: 'APPRAISAL_YEAR_OUTSIDE' });
    expect(ps[0]!.message).toContain('2020、2021、2022年');
  });

  it('flags a year entered twice', () => {
    const ps = sectionProblems('A11', setRow(2, 'year', 2021));
    expect(codes(ps).sort()).toEqual(['APPRAISAL_YEAR_DUPLICATE', 'APPRAISAL_YEAR_MISSING']);
  });

  it('takes the years from the policy', () => {
    const policy = { ...defaultPolicyFor(2023), appraisalYears: [2021, 2022] };
    const ps = sectionProblems('A11', () => {}, ctx({ policy }));
    expect(one(ps)).toMatchObject({ field: 'rows[0].year', code: 'APPRAISAL_YEAR_OUTSIDE' });
  });

  it('needs both sides of each year’s form (2 images)', () => {
    const d = declaration();
    d.attachments.splice(d.attachments.findIndex((a) => isAt(a, 'A11', '1:form')), 1);
    const p = one(checkDeclaration(d, ctx()));
    expect(p).toMatchObject({ section: 'A11', field: 'rows[1]slot:form', code: 'ATTACHMENT_MISSING' });
    expect(p.message).toBe('2021年度考核的“年度考核表（正、反面）”至少需要上传2张图片，目前1张，请补传');
  });
});

describe('A12 work summary', () => {
  it.each([
    [1999, 'SUMMARY_TOO_SHORT'],
    [2000, null],
    [3000, null],
    [3001, 'SUMMARY_TOO_LONG'],
  ])('%i characters → %s', (n, code) => {
    const text = summaryOf(n);
    expect(countSummaryChars(text)).toBe(n);
    expect(codes(sectionProblems('A12', setField('text', text)))).toEqual(code ? [code] : []);
  });

  it('gives the current count and the bound', () => {
    expect(one(sectionProblems('A12', setField('text', summaryOf(1999)))).message).toBe('工作总结目前1999字，本年度要求不少于2000字（不超过3000字），请补充');
    expect(one(sectionProblems('A12', setField('text', summaryOf(3001)))).message).toBe('工作总结目前3001字，超过本年度3000字的上限，请精简到3000字以内');
  });

  it('takes the bounds from the policy', () => {
    const policy = { ...defaultPolicyFor(2023), summaryMinChars: 1000, summaryMaxChars: 1500 };
    expect(codes(sectionProblems('A12', setField('text', summaryOf(1200)), ctx({ policy })))).toEqual([]);
    expect(codes(sectionProblems('A12', setField('text', summaryOf(2000)), ctx({ policy })))).toEqual(['SUMMARY_TOO_LONG']);
  });

  it('refuses a blank summary as blank and “无” as too short', () => {
    expect(codes(sectionProblems('A12', setField('text', '')))).toEqual(['FIELD_BLANK']);
    expect(codes(sectionProblems('A12', setField('text', '无')))).toEqual(['SUMMARY_TOO_SHORT']);
  });
});

describe('B3 no name or unit in the work summary', () => {
  const withText = (inserted: string) => setField('text', summaryOf(1200) + inserted + summaryOf(1200));

  it.each(['阿依古丽·买买提', '阿依古丽买买提', '阿依古丽•买买提', '阿依古丽 · 买买提', '阿 依 古 丽 买 买 提'])(
    'finds the Uyghur name written %j',
    (written) => {
      const p = one(sectionProblems('A12', withText(`患者家属感谢${written}医生。`)));
      expect(p).toMatchObject({ field: 'fields.text', code: 'SUMMARY_IDENTITY' });
      expect(p.message).toBe(`工作总结中出现了本人姓名“${written}”，盲评要求删除，请改用“本人”“本单位”等表述`);
    },
  );

  it('finds the name when registered without the dot', () => {
    const c = ctx({ applicant: { ...APPLICANT, name: '阿依古丽买买提' } });
    expect(codes(sectionProblems('A12', withText('阿依古丽·买买提'), c))).toEqual(['SUMMARY_IDENTITY']);
  });

  it('finds a Han name with spaces between characters', () => {
    const c = ctx({ applicant: { name: '王建国', idNumber: APPLICANT.idNumber } });
    const p = one(sectionProblems('A12', withText('我王 建 国在此'), c));
    expect(p.message).toContain('本人姓名“王 建 国”');
  });

  it('finds the unit, reporting a short alias inside the full name once, as the full name', () => {
    const p = one(sectionProblems('A12', withText('在伊犁哈萨克自治州人民医院急诊科')));
    expect(p.message).toBe('工作总结中出现了工作单位“伊犁哈萨克自治州人民医院”，盲评要求删除，请改用“本人”“本单位”等表述');
    const ps = sectionProblems('A12', withText('在州医院工作，州医院急诊科'));
    expect(one(ps).message).toContain('工作单位“州医院”（共2处）');
  });

  it('finds the ID number', () => {
    expect(one(sectionProblems('A12', withText('650102198507150020'))).message).toContain('本人身份证号');
  });

  it('reports the name and the unit separately', () => {
    expect(sectionProblems('A12', withText('阿依古丽·买买提在州人民医院')).map((p) => p.message.slice(0, 12))).toEqual([
      '工作总结中出现了本人姓名',
      '工作总结中出现了工作单位',
    ]);
  });
});

describe('A13 other attachments, B4, U5', () => {
  it('B4: the desensitisation declaration must be ticked', () => {
    const p = one(sectionProblems('A13', setField('confidentialDeclared', false)));
    expect(p).toMatchObject({ field: 'fields.confidentialDeclared', code: 'CONFIDENTIAL_DECLARATION_REQUIRED' });
  });

  it('U5: an aid posting needs the dispatching unit’s approval', () => {
    const d = declaration();
    d.sections.A13.fields.aidPosting = true;
    expect(one(checkDeclaration(d, ctx()))).toMatchObject({ section: 'A13', field: 'slot:aid_approval', code: 'AID_APPROVAL_MISSING' });
    d.attachments.push(at('A13', 'aid_approval'));
    expect(checkDeclaration(d, ctx())).toEqual([]);
  });
});

describe('attachments', () => {
  it.each([
    ['A1', 'id_front', 'slot:id_front', '请上传“身份证正面”'],
    ['A1', 'photo', 'slot:photo', '请上传“近期一寸免冠照片”'],
    ['A2', '1:record', 'rows[1]slot:record', '请上传第2行学历的“学历电子注册备案表或毕业生登记表”'],
    ['A5', '0:evidence', 'rows[0]slot:evidence', '请上传第1行业绩成果的“印证材料”'],
  ])('%s %s missing → %s', (sectionCode, slot, field, message) => {
    const d = declaration();
    d.attachments = d.attachments.filter((a) => !isAt(a, sectionCode, slot));
    expect(checkDeclaration(d, ctx())).toEqual([{ section: sectionCode, field, code: 'ATTACHMENT_MISSING', message }]);
  });

  it('optional slots may stay empty (A2 degree certificate)', () => {
    const d = declaration();
    d.attachments = d.attachments.filter((a) => !isAt(a, 'A2', '1:degree_certificate'));
    expect(checkDeclaration(d, ctx())).toEqual([]);
  });

  it('flags images left behind by a deleted row, once per slot', () => {
    const d = declaration();
    d.attachments.push(at('A5', '1:evidence'), at('A5', '1:evidence'));
    const p = one(checkDeclaration(d, ctx()));
    expect(p).toMatchObject({ section: 'attachments', field: 'A5:A5-1:evidence', code: 'ATTACHMENT_ORPHANED' });
    expect(p.message).toContain('有一行已删除');
  });

  it('keeps each image on its row when rows are reordered', () => {
    const d = declaration();
    d.sections.A8.rows.reverse();
    expect(checkDeclaration(d, ctx())).toEqual([]);
    // Row A8-6 (2022 专业科目) now stands second: the problem points at it there.
    d.attachments = d.attachments.filter((a) => !isAt(a, 'A8', '6:certificate'));
    expect(checkDeclaration(d, ctx())).toMatchObject([{ section: 'A8', field: 'rows[1]slot:certificate', message: '请上传2022年专业科目培训记录的“培训合格证书”' }]);
  });

  it('a row not yet stored (no id) has no images', () => {
    const d = declaration();
    delete d.sections.A5.rows[0]!.rowId;
    expect(codes(checkDeclaration(d, ctx()))).toEqual(['ATTACHMENT_MISSING', 'ATTACHMENT_ORPHANED']);
  });

  it('flags images in a slot the section does not have', () => {
    const d = declaration();
    d.attachments.push(at('A7', 'nonsense'), at('B9', 'x'), { sectionCode: 'A7', rowId: 'A7-0', slot: 'letter' });
    expect(codes(checkDeclaration(d, ctx()))).toEqual(['ATTACHMENT_ORPHANED', 'ATTACHMENT_ORPHANED', 'ATTACHMENT_ORPHANED']);
  });
});

describe('checkDeclaration on an empty file', () => {
  const problems = checkDeclaration({ sections: {}, attachments: [] }, ctx());

  it('blocks submission with a problem in every section', () => {
    const sections = new Set(problems.map((p) => p.section));
    for (const s of SECTIONS) {
      if (['A6', 'A9', 'A10'].includes(s.code)) continue;
      expect(sections.has(s.code), s.code).toBe(true);
    }
  });

  it('lists sections in A1…A13 order', () => {
    const order = problems.map((p) => SECTIONS.findIndex((s) => s.code === p.section));
    expect(order).toEqual([...order].sort((a, b) => a - b));
  });

  it('uses only registered codes, and every message is Chinese', () => {
    for (const p of problems) {
      expect(Object.keys(PROBLEM_CODES)).toContain(p.code);
      expect(p.message).toMatch(/\p{Script=Han}/u);
    }
  });

  it('includes the A11 missing years and the A1 blanks', () => {
    expect(problems.filter((p) => p.code === 'APPRAISAL_YEAR_MISSING')).toHaveLength(3);
    expect(problems.filter((p) => p.section === 'A1' && p.code === 'FIELD_BLANK').map((p) => p.field)).toContain('fields.name');
  });
});

describe('section hints (issue 11)', () => {
  it('never ask for a “无” row in a section that may stay empty (A6, A9: 没有可不填)', () => {
    for (const def of SECTIONS.filter((d) => d.rows?.minRows === 0)) {
      expect(def.hint, def.code).not.toMatch(/写一行/);
    }
    expect(SECTIONS.find((d) => d.code === 'A6')!.hint).toContain('没有可不填');
    expect(SECTIONS.find((d) => d.code === 'A9')!.hint).toContain('没有可不填');
  });

  it('leave yearly numbers to the policy: no year or 字数 in the A12 hint', () => {
    expect(SECTIONS.find((d) => d.code === 'A12')!.hint).not.toMatch(/\d/);
  });
});
