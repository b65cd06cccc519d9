// 附件5 免除继续教育学习申请表 (T5, A8): the applicant fills the upper rows; the 访惠聚 office
// (or the unit named in the notes) writes the 审核意见 and stamps it. Until then that cell stays
// blank with 「公章」 and 「年　月　日」, as on the printed form.
import { chineseDate, chineseMonth, mm, requireFields, titleLines, type DocLayout, type Row } from './layout';
import type { CeExemptionData } from './templates-data';

const REQUIRED: Partial<Record<keyof CeExemptionData, string>> = {
  name: '姓名',
  sex: '性别',
  birthMonth: '出生年月',
  idNumber: '身份证号',
  education: '学历',
  degree: '学位',
  graduation: '何时何学校何专业毕业',
  workUnit: '现工作单位',
  workStartedOn: '参加工作时间',
  currentTitle: '现有专业技术职务',
  proposedTitle: '拟申报专业技术职务',
  exemptionReason: '免学理由',
};

export const CE_EXEMPTION_TITLE = '自治区“访惠聚”驻村等专业技术人员职称评审免除继续教育学习申请表';

const NOTES = [
  '注：1.仍在参加“访惠聚”驻村（含抽调到各级“访惠聚”办公室）工作的专业技术人员，由同级“访惠聚”办公室审核；参加驻村管寺、南疆学前双语教育干部支教工作的专业技术人员，由同级党委统战部门或南疆四地州学前双语教育干部支教工作领导小组办公室审核。',
  '2.参加“访惠聚”驻村、驻村管寺、南疆学前双语教育干部支教工作已返回人员，由原派驻单位所属的地州市或自治区区属主管单位审核。',
  '3.各地各部门不得私自设置免除继续教育学习事项及申请表（审批表）。',
];

// Six grid columns in points, summing to the 441.6 pt body width, sized for 12 pt text: the
// 18-digit ID number (115 pt) needs the wide second column; the fourth holds both values (性别,
// 学历) and the two-line labels of rows 4–5.
const WIDTHS = [72, 128, 44, 72, 40, 85.6];

export function ceExemptionLayout(d: CeExemptionData): DocLayout {
  requireFields(d, REQUIRED);
  const label = (text: string) => ({ text, label: true });
  const rows: Row[] = [
    { cells: [label('姓名'), { text: d.name }, label('性别'), { text: d.sex }, label('出生\n年月'), { text: chineseMonth(d.birthMonth, '出生年月') }], minHeight: 30 },
    { cells: [label('身份证号'), { text: d.idNumber }, label('学历'), { text: d.education }, label('学位'), { text: d.degree }], minHeight: 30 },
    { cells: [label('何时何学校\n何专业毕业'), { text: d.graduation, span: 5 }], minHeight: 40 },
    { cells: [label('现工作单位'), { text: d.workUnit, span: 2 }, label('参加工作\n时间'), { text: chineseMonth(d.workStartedOn, '参加工作时间'), span: 2 }], minHeight: 40 },
    { cells: [label('现有专业\n技术职务'), { text: d.currentTitle, span: 2 }, label('拟申报专业\n技术职务'), { text: d.proposedTitle, span: 2 }], minHeight: 40 },
    { cells: [label('免学理由'), { text: d.exemptionReason, span: 5, top: true }], minHeight: 140 },
    {
      cells: [
        label('审核意见'),
        {
          text: d.reviewOpinion?.trim() ?? '',
          span: 5,
          top: true,
          signoff: {
            unit: d.reviewUnitName?.trim() ? `${d.reviewUnitName.trim()}（公章）` : '公　章',
            date: d.reviewedOn ? chineseDate(d.reviewedOn, '审核日期') : '年　　月　　日',
          },
        },
      ],
      minHeight: 160,
    },
  ];
  return {
    title: CE_EXEMPTION_TITLE,
    // The form must fit one page, so narrower top and bottom margins than a 公文.
    margins: { top: mm(25), bottom: mm(20) },
    blocks: [
      // the form's own two lines: 「…技术人员 / 职称评审…申请表」
      titleLines(CE_EXEMPTION_TITLE, 18, [Array.from('自治区“访惠聚”驻村等专业技术人员').length]),
      { type: 'space', lines: 0.5 },
      { type: 'table', widths: WIDTHS, rows, size: 12 },
      { type: 'space', lines: 0.3 },
      { type: 'note', lines: NOTES, size: 10.5 },
    ],
  };
}
