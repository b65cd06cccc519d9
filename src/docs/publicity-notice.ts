// 附件2 推荐单位公示 (T2, U2): posted inside the unit for at least 5 working days. Wording follows
// the bureau's template in 网上申报材料填写要求 word for word, with the placeholders filled.
import { chineseDate, requireFields, titleApplied, titleBlock, type Block, type DocLayout } from './layout';
import type { PublicityNoticeData } from './templates-data';

const REQUIRED: Partial<Record<keyof PublicityNoticeData, string>> = {
  applicantName: '申报人姓名',
  series: '评审系列',
  specialty: '专业',
  level: '级别',
  sex: '性别',
  ethnicity: '族别',
  politicalStatus: '政治面貌',
  idNumber: '身份证号',
  currentTitle: '现任职称',
  politicalConditions: '思想政治条件',
  achievements: '业绩成果',
  publicityStart: '公示开始日期',
  publicityEnd: '公示结束日期',
  officeName: '受理反映的办公室',
  supervisionPhone: '监督电话',
  unitName: '推荐单位名称',
  issuedOn: '落款日期',
};

/** A labelled section whose text may run to several paragraphs; the label opens the first. */
function section(label: string, text: string): Block[] {
  return text
    .split(/\n+/)
    .map((p) => p.trim())
    .filter((p) => p !== '')
    .map((p, i) => ({ type: 'paragraph', text: i === 0 ? `${label}${p}` : p }));
}

export function publicityNoticeLayout(d: PublicityNoticeData): DocLayout {
  requireFields(d, REQUIRED);
  const { subject } = titleApplied(d);
  const start = chineseDate(d.publicityStart, '公示开始日期');
  const end = chineseDate(d.publicityEnd, '公示结束日期');
  return {
    title: `关于${subject}的公示`,
    blocks: [
      titleBlock(d, '公示'),
      { type: 'space', lines: 1 },
      { type: 'paragraph', text: `根据自治区职称评审的工作要求，现对${subject}进行公示。` },
      {
        type: 'paragraph',
        text: `基本信息：${d.applicantName}，${d.sex}，${d.ethnicity}，${d.politicalStatus}，身份证号${d.idNumber}，现任职称${d.currentTitle}。`,
      },
      ...section('思想政治条件：', d.politicalConditions),
      ...section('业绩成果：', d.achievements),
      {
        type: 'paragraph',
        text: `公示时间从${start}起至${end}止。如对${d.applicantName}同志的相关信息有疑异，请电话或书面形式反映至${d.officeName}，监督电话：${d.supervisionPhone}。`,
      },
      { type: 'space', lines: 2 },
      { type: 'signoff', signoff: { signature: '签字：', unit: `${d.unitName}（公章）`, date: chineseDate(d.issuedOn, '落款日期') } },
    ],
  };
}
