// 附件3 推荐单位公示结果 (T3, U3): the unit states what the publicity drew and recommends. With no
// objection it is the template's sentence word for word; otherwise each objection and its
// resolution are listed before the recommendation.
import { chineseDate, requireFields, titleApplied, titleBlock, type Block, type DocLayout } from './layout';
import { DocDataError, type PublicityResultData } from './templates-data';

/** Text as one sentence: ends with 。 unless it already ends with a full stop of its own. */
function sentence(text: string): string {
  const t = text.trim().replace(/\s*\n+\s*/g, '；').replace(/[；;，,、]+$/, '');
  return /[。！？]$/.test(t) ? t : `${t}。`;
}

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
  const objections = d.objections ?? [];
  const missing = objections.flatMap((o, i) => [
    ...(o.content.trim() ? [] : [`第${i + 1}条异议的内容`]),
    ...(o.resolution.trim() ? [] : [`第${i + 1}条异议的处理结果`]),
  ]);
  if (missing.length > 0) throw new DocDataError(missing);
  const body: Block[] =
    objections.length === 0
      ? [
          {
            type: 'paragraph',
            text: `${d.applicantName}同志申报材料已在本单位公示${d.publicityDays}天，公示期间无投诉、举报，公示无异议，申报材料真实、完整、有效，同意推荐${subject}。`,
          },
        ]
      : [
          {
            type: 'paragraph',
            text: `${d.applicantName}同志申报材料已在本单位公示${d.publicityDays}天，公示期间收到反映${objections.length}件，本单位逐件核实处理如下：`,
          },
          ...objections.map((o, i): Block => ({
            type: 'paragraph',
            text: `${i + 1}．${chineseDate(o.raisedOn, '异议提出日期')}反映：${sentence(o.content)}处理结果：${sentence(o.resolution)}`,
          })),
          { type: 'paragraph', text: `经核实，上述反映均已处理完毕，申报材料真实、完整、有效，同意推荐${subject}。` },
        ];
  return {
    title: `关于${subject}的公示结果`,
    blocks: [
      titleBlock(d, '公示结果'),
      { type: 'space', lines: 1 },
      ...body,
      { type: 'space', lines: 3 },
      { type: 'signoff', signoff: { unit: `${d.unitName}（公章）`, date: chineseDate(d.issuedOn, '落款日期') } },
    ],
  };
}
