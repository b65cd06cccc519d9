// The 13 sections of a declaration (A1–A13) as data: the web form is rendered from this, the
// validators in declaration-rules.ts and field-checks.ts check against it, and attachment slots are
// named here.
// Pure data; imported by both the server and the web app.

export type SectionCode =
  | 'A1' | 'A2' | 'A3' | 'A4' | 'A5' | 'A6' | 'A7' | 'A8' | 'A9' | 'A10' | 'A11' | 'A12' | 'A13';

export type FieldType = 'text' | 'textarea' | 'date' | 'month' | 'year' | 'number' | 'select' | 'boolean';

export interface FieldDef {
  key: string;
  label: string;
  type: FieldType;
  options?: readonly string[];
  /** May stay empty (then the UI writes nothing; A14 "无" applies to text fields only where required). */
  optional?: boolean;
  placeholder?: string;
  /** Everyone has one (姓名, 身份证号, 手机号): “无” is no answer, so the form offers no 本项填“无”. */
  noNothing?: boolean;
  /** Field only applies when another field of the same record has a given value. */
  when?: { key: string; equals: string | boolean };
}

export interface SlotDef {
  /** Stored in attachment.slot; a per-row slot's attachment also names its row (attachment.row_id). */
  key: string;
  label: string;
  /** At least this many images are required in the slot (0 = optional). */
  min: number;
  hint?: string;
}

export interface SectionDef {
  code: SectionCode;
  title: string;
  /** Spec text shown above the form. */
  hint: string;
  /** Single-record fields. */
  fields: readonly FieldDef[];
  /** Repeatable rows (education, work history, …); absent for single-record sections. */
  rows?: { label: string; fields: readonly FieldDef[]; slots: readonly SlotDef[]; minRows: number };
  /** Section-level attachment slots. */
  slots: readonly SlotDef[];
  /** B1: section-1 images are not masked. */
  masked: boolean;
}

export const SEXES = ['男', '女'] as const;
export const EDUCATION_LEVELS = ['初中', '高中', '中专', '大专', '本科', '硕士研究生', '博士研究生'] as const;
export const DEGREES = ['无', '学士', '硕士', '博士'] as const;
export const STUDY_MODES = ['全日制', '非全日制'] as const;
export const APPRAISAL_GRADES = ['优秀', '合格', '基本合格', '不合格', '未参加考核'] as const;
export const CE_KINDS = ['公需科目', '专业科目'] as const;
export const POLITICAL_STATUSES = ['中共党员', '中共预备党员', '共青团员', '民主党派', '无党派人士', '群众'] as const;
export const QUALIFICATION_PLACES = ['新疆', '其他省市'] as const;
export const PAPER_KINDS = ['论文', '著作', '代表作品'] as const;
export const IP_KINDS = ['发明专利', '实用新型专利', '外观设计专利', '软件著作权', '其他'] as const;
export const AWARD_LEVELS = ['国家级', '省部级', '地厅级', '县处级', '其他'] as const;

export const SECTIONS: readonly SectionDef[] = [
  {
    code: 'A1',
    title: '基本信息',
    hint: '按要求填报个人信息，上传身份证正反面和近期一寸免冠照片（作为电子职称证书照片）。此项无需遮盖。',
    masked: false,
    fields: [
      { key: 'name', label: '姓名', type: 'text', noNothing: true },
      { key: 'sex', label: '性别', type: 'select', options: SEXES },
      { key: 'birthDate', label: '出生日期', type: 'date' },
      { key: 'ethnicity', label: '族别', type: 'text', placeholder: '如：汉族、维吾尔族、哈萨克族' },
      { key: 'politicalStatus', label: '政治面貌', type: 'select', options: POLITICAL_STATUSES },
      { key: 'idNumber', label: '身份证号', type: 'text', noNothing: true },
      { key: 'mobile', label: '手机号码', type: 'text', noNothing: true },
      { key: 'unit', label: '现工作单位（全称）', type: 'text' },
      {
        key: 'unitAliases',
        label: '单位简称或别称',
        type: 'text',
        placeholder: '多个用顿号分隔，如：州医院、州人民医院',
      },
      { key: 'workStartDate', label: '参加工作时间', type: 'month' },
      { key: 'currentTitle', label: '现任职称', type: 'text', placeholder: '没有写“无”' },
    ],
    slots: [
      { key: 'id_front', label: '身份证正面', min: 1 },
      { key: 'id_back', label: '身份证反面', min: 1 },
      { key: 'photo', label: '近期一寸免冠照片', min: 1 },
    ],
  },
  {
    code: 'A2',
    title: '学历学位情况',
    hint: '从低到高依次填写，并上传毕业证书及学信网《教育部学历证书电子注册备案表》；无法查询的上传人事档案中的《毕业生登记表》。',
    masked: true,
    fields: [],
    rows: {
      label: '学历',
      minRows: 1,
      fields: [
        { key: 'startDate', label: '入学时间', type: 'month' },
        { key: 'endDate', label: '毕业时间', type: 'month' },
        { key: 'school', label: '毕业院校', type: 'text' },
        { key: 'major', label: '所学专业', type: 'text' },
        { key: 'education', label: '学历', type: 'select', options: EDUCATION_LEVELS },
        { key: 'degree', label: '学位', type: 'select', options: DEGREES },
        { key: 'studyMode', label: '学习形式', type: 'select', options: STUDY_MODES },
      ],
      slots: [
        { key: 'diploma', label: '毕业证书', min: 1 },
        { key: 'record', label: '学历电子注册备案表或毕业生登记表', min: 1 },
        { key: 'degree_certificate', label: '学位证书', min: 0 },
      ],
    },
    slots: [],
  },
  {
    code: 'A3',
    title: '工作简历',
    hint: '参加工作以来的工作经历，时间段上下衔接；借调、驻村、访惠聚等可写在单位名称内，也可另起一行。',
    masked: true,
    fields: [],
    rows: {
      label: '工作经历',
      minRows: 1,
      fields: [
        { key: 'startDate', label: '起始年月', type: 'month' },
        { key: 'endDate', label: '截止年月', type: 'month', optional: true, placeholder: '至今留空' },
        { key: 'unit', label: '工作单位名称', type: 'text' },
        { key: 'position', label: '职务/岗位', type: 'text' },
      ],
      slots: [],
    },
    slots: [],
  },
  {
    code: 'A4',
    title: '专业技术资格',
    hint: '新疆取得的，上传任职资格文件、职称证书、评审表三项中的两项；其他省市取得的三项都要上传。由机关调动（含分流、转移）的，还需上传任命文件和干部履历表。',
    masked: true,
    fields: [
      { key: 'title', label: '现专业技术任职资格', type: 'text' },
      { key: 'obtainedOn', label: '取得时间', type: 'date' },
      { key: 'appointedOn', label: '聘任时间', type: 'date' },
      { key: 'yearsInProfession', label: '从事专业技术工作年限', type: 'number' },
      { key: 'obtainedIn', label: '取得地', type: 'select', options: QUALIFICATION_PLACES },
      { key: 'fromGovernmentOrgan', label: '由机关调动（含分流、转移）', type: 'boolean' },
    ],
    slots: [
      { key: 'qualification_document', label: '任职资格文件', min: 0 },
      { key: 'certificate', label: '职称证书', min: 0 },
      { key: 'review_form', label: '专业技术职务任职资格评审表', min: 0 },
      { key: 'appointment_document', label: '任命文件', min: 0, hint: '机关调动人员必传' },
      { key: 'cadre_resume', label: '干部履历表', min: 0, hint: '机关调动人员必传' },
    ],
  },
  {
    code: 'A5',
    title: '实践能力、业绩成果',
    hint: '按专业任职资格条件填报，并上传印证材料；单位出具的证明不能作为印证材料。',
    masked: true,
    fields: [],
    rows: {
      label: '业绩成果',
      minRows: 1,
      fields: [
        { key: 'title', label: '成果名称', type: 'text' },
        { key: 'period', label: '完成时间', type: 'text', placeholder: '如：2021年3月—2022年6月' },
        { key: 'role', label: '本人作用', type: 'text' },
        { key: 'description', label: '主要内容及成效', type: 'textarea' },
      ],
      slots: [{ key: 'evidence', label: '印证材料', min: 1 }],
    },
    slots: [],
  },
  {
    code: 'A6',
    title: '发表论文情况',
    hint: '不做数量要求。论文、著作上传封面、目录、正文、检索报告；代表作品经单位审核盖章后上传。没有可不填。',
    masked: true,
    fields: [],
    rows: {
      label: '论文著作',
      minRows: 0,
      fields: [
        { key: 'title', label: '题目', type: 'text' },
        { key: 'kind', label: '类别', type: 'select', options: PAPER_KINDS },
        { key: 'publisher', label: '刊物/出版社', type: 'text' },
        { key: 'publishedOn', label: '发表时间', type: 'month' },
        { key: 'authorRank', label: '本人排名', type: 'text', placeholder: '如：独著、第一作者' },
      ],
      slots: [{ key: 'pages', label: '封面、目录、正文、检索报告', min: 1 }],
    },
    slots: [],
  },
  {
    code: 'A7',
    title: '个人承诺书',
    hint: '申报人对本人申报材料的真实性负责，填写并上传本人签字的承诺书。',
    masked: true,
    fields: [{ key: 'promised', label: '本人承诺所填报信息及上传材料真实、准确、完整', type: 'boolean' }],
    slots: [{ key: 'letter', label: '签字的个人承诺书', min: 1 }],
  },
  {
    code: 'A8',
    title: '继续教育',
    hint: '公需科目、专业科目培训合格证书按本年度政策要求的年份上传；继续教育免试的，上传免除继续教育学习申请表（附件5）。',
    masked: true,
    fields: [
      { key: 'exempt', label: '申请免除继续教育', type: 'boolean' },
      { key: 'exemptReason', label: '免学理由', type: 'textarea', when: { key: 'exempt', equals: true } },
    ],
    rows: {
      label: '培训记录',
      minRows: 0,
      fields: [
        { key: 'year', label: '年度', type: 'year' },
        { key: 'kind', label: '科目', type: 'select', options: CE_KINDS },
        { key: 'hours', label: '学时', type: 'number' },
        { key: 'provider', label: '培训机构', type: 'text' },
      ],
      slots: [{ key: 'certificate', label: '培训合格证书', min: 1 }],
    },
    slots: [{ key: 'exemption_form', label: '免除继续教育学习申请表（附件5）', min: 0 }],
  },
  {
    code: 'A9',
    title: '获得的知识产权',
    hint: '任现职以来取得的发明专利等；有则上传扫描件，没有可不填。',
    masked: true,
    fields: [],
    rows: {
      label: '知识产权',
      minRows: 0,
      fields: [
        { key: 'name', label: '名称', type: 'text' },
        { key: 'kind', label: '类别', type: 'select', options: IP_KINDS },
        { key: 'number', label: '专利号/登记号', type: 'text' },
        { key: 'grantedOn', label: '授权时间', type: 'date' },
      ],
      slots: [{ key: 'scan', label: '证书扫描件', min: 1 }],
    },
    slots: [],
  },
  {
    code: 'A10',
    title: '获奖情况',
    hint: '如实填写，所有内容须与证书一致，并上传证书原件。获奖情况只在此栏填写，不在“其他附件”重复上传。',
    masked: true,
    fields: [],
    rows: {
      label: '获奖',
      minRows: 0,
      fields: [
        { key: 'name', label: '奖项名称', type: 'text' },
        { key: 'level', label: '级别', type: 'select', options: AWARD_LEVELS },
        { key: 'grantor', label: '授奖单位', type: 'text' },
        { key: 'awardedOn', label: '获奖时间', type: 'month' },
        { key: 'rank', label: '本人排名', type: 'text' },
      ],
      slots: [{ key: 'certificate', label: '获奖证书', min: 1 }],
    },
    slots: [],
  },
  {
    code: 'A11',
    title: '年度考核情况',
    hint: '上传近3年年度考核表（正、反面）。未参加年度考核或考核不合格的，一律不准推荐评审。',
    masked: true,
    fields: [],
    rows: {
      label: '年度考核',
      minRows: 3,
      fields: [
        { key: 'year', label: '考核年度', type: 'year' },
        { key: 'grade', label: '考核等次', type: 'select', options: APPRAISAL_GRADES },
      ],
      slots: [{ key: 'form', label: '年度考核表（正、反面）', min: 2 }],
    },
    slots: [],
  },
  {
    code: 'A12',
    title: '任现职以来个人工作总结',
    hint: '反映任现职后的工作态度、业务能力、工作业绩、学术水平等情况，字数按本年度要求（见下方）。不得出现本人姓名和工作单位。',
    masked: true,
    fields: [{ key: 'text', label: '工作总结', type: 'textarea' }],
    slots: [],
  },
  {
    code: 'A13',
    title: '其他附件或证明材料',
    hint: '推荐单位公示（附件2）、公示结果（附件3）、主管单位推荐意见（附件4）由各单位在审核时上传；援疆人员上传派出单位审核同意材料。获奖情况不在此栏反映。',
    masked: true,
    fields: [
      { key: 'aidPosting', label: '援派期一年以上且正在援疆', type: 'boolean' },
      { key: 'confidentialDeclared', label: '本人确认涉密材料已作脱密处理（无涉密材料也请勾选）', type: 'boolean' },
    ],
    slots: [
      { key: 'aid_approval', label: '派出单位审核同意材料', min: 0, hint: '援疆人员必传' },
      { key: 'other', label: '其他证明材料', min: 0 },
    ],
  },
];

export const SECTION_BY_CODE: Readonly<Record<SectionCode, SectionDef>> = Object.fromEntries(
  SECTIONS.map((s) => [s.code, s]),
) as Record<SectionCode, SectionDef>;

export function isSectionCode(x: string): x is SectionCode {
  return x in SECTION_BY_CODE;
}

/** Record shape of one section as stored in section.data. */
export interface SectionData {
  fields: Record<string, string | number | boolean | null>;
  /** Each stored row carries its stable id under ROW_ID_KEY (its position may change). */
  rows: Array<Record<string, string | number | boolean | null>>;
}

/**
 * Key of a row's stable id inside the row record. Attachments link to a row by this id, never by
 * the row's position, so rows can be reordered without their images moving to another row.
 */
export const ROW_ID_KEY = 'rowId';

/** A row id: short, URL- and JSON-safe; chosen by the browser for a new row or by the server when missing. */
export const ROW_ID_PATTERN = /^[A-Za-z0-9_-]{1,40}$/;

export function isRowId(x: unknown): x is string {
  return typeof x === 'string' && ROW_ID_PATTERN.test(x);
}

/** The stable id of a stored row, or null for a row not yet stored (or data from before row ids). */
export function rowIdOf(row: Record<string, unknown>): string | null {
  const id = row[ROW_ID_KEY];
  return isRowId(id) ? id : null;
}

/** Where a row now stands (0-based), for labels such as “学历 2”; null when the row is gone. */
export function rowIndexOf(data: SectionData | undefined, rowId: string | null): number | null {
  if (rowId === null || !data || !Array.isArray(data.rows)) return null;
  const i = data.rows.findIndex((r) => rowIdOf(r) === rowId);
  return i < 0 ? null : i;
}

/** A1's 近期一寸免冠照片 (printed on the electronic certificate): a standard ID photo, not a scanned page. */
export function isIdPhotoSlot(code: SectionCode, slot: string): boolean {
  return code === 'A1' && slot === 'photo';
}
