// 附件4 主管单位推荐意见 (T4, C1): uploaded stamped by the competent unit's HR department.
import { chineseDate, requireFields, titleApplied, titleBlock, type DocLayout } from './layout';
import type { CompetentRecommendationData } from './templates-data';

const REQUIRED: Partial<Record<keyof CompetentRecommendationData, string>> = {
  applicantName: '申报人姓名',
  series: '评审系列',
  specialty: '专业',
  level: '级别',
  competentUnitName: '主管单位名称',
  issuedOn: '落款日期',
};

export function competentRecommendationLayout(d: CompetentRecommendationData): DocLayout {
  requireFields(d, REQUIRED);
  const { subject } = titleApplied(d);
  // C1 asks for a clear opinion; without one we print the template's sentence.
  const opinion = d.opinion?.trim() || `经审核，同意推荐${subject}。`;
  return {
    title: `关于${subject}的推荐意见`,
    blocks: [
      titleBlock(d, '推荐意见'),
      { type: 'space', lines: 1 },
      ...opinion
        .split(/\n+/)
        .filter((p) => p.trim() !== '')
        .map((p) => ({ type: 'paragraph' as const, text: p.trim() })),
      { type: 'space', lines: 3 },
      { type: 'signoff', signoff: { unit: `${d.competentUnitName}（公章）`, date: chineseDate(d.issuedOn, '落款日期') } },
    ],
  };
}
