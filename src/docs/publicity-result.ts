// 附件3 推荐单位公示结果 (T3, U3): the unit states the publicity drew no objection and recommends.
import { chineseDate, requireFields, titleApplied, titleBlock, type DocLayout } from './layout';
import type { PublicityResultData } from './templates-data';

const REQUIRED: Partial<Record<keyof PublicityResultData, string>> = {
  applicantName: '申报人姓名',
  series: '评审系列',
  specialty: '专业',
  level: '级别',
  publicityDays: '公示天数',
  unitName: '推荐单位名称',
  issuedOn: '落款日期',
};

export function publicityResultLayout(d: PublicityResultData): DocLayout {
  requireFields(d, REQUIRED);
  if (!Number.isInteger(d.publicityDays) || d.publicityDays <= 0) {
    throw new RangeError(`公示天数应为正整数，收到 ${d.publicityDays}`);
  }
  const { subject } = titleApplied(d);
  return {
    title: `关于${subject}的公示结果`,
    blocks: [
      titleBlock(d, '公示结果'),
      { type: 'space', lines: 1 },
      {
        type: 'paragraph',
        text: `${d.applicantName}同志申报材料已在本单位公示${d.publicityDays}天，公示期间无投诉、举报，公示无异议，申报材料真实、完整、有效，同意推荐${subject}。`,
      },
      { type: 'space', lines: 3 },
      { type: 'signoff', signoff: { unit: `${d.unitName}（公章）`, date: chineseDate(d.issuedOn, '落款日期') } },
    ],
  };
}
