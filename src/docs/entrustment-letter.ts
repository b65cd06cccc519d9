// R5 委托函: the prefecture bureau's letter entrusting (or approving a joint) review of a specialty,
// after the region's department agreed where the rule asks for it. One text for the stored letter
// and the printed one.
import { chineseDate, PAGE, requireFields, type DocLayout } from './layout';

export interface EntrustmentLetterData {
  /** Who the letter goes to: the entrusted body (another committee, the region's department…). */
  targetName: string;
  /** Who asked: a committee office or a county bureau. */
  requesterName: string;
  year: number;
  series: string;
  specialtyName: string;
  kind: 'entrusted' | 'joint';
  letterNo: string;
  bureauName: string;
  issuedOn: string;
  /** The region's department's answer, when it was needed (委托评审 of the prefecture). */
  regionRef?: string | null;
  regionDecidedOn?: string | null;
}

const REQUIRED: Partial<Record<keyof EntrustmentLetterData, string>> = {
  targetName: '受托（联合）评审机构',
  requesterName: '申请单位',
  series: '评审系列',
  specialtyName: '专业',
  letterNo: '委托函文号',
  bureauName: '出具单位',
  issuedOn: '落款日期',
};

const what = (d: EntrustmentLetterData) => (d.kind === 'joint' ? '联合评审' : '委托评审');

/** Title, addressee and body paragraphs of the letter. */
export function entrustmentLetterText(d: EntrustmentLetterData): { title: string; addressee: string; paragraphs: string[] } {
  requireFields(d, REQUIRED);
  const series = d.series.endsWith('系列') ? d.series : `${d.series}系列`;
  const region = d.regionRef && d.regionDecidedOn ? `经报自治区人力资源和社会保障厅同意（${d.regionRef}，${chineseDate(d.regionDecidedOn, '自治区人社厅意见日期')}），` : '经研究，';
  return {
    title: `关于同意${d.year}年度${series}${d.specialtyName}专业职称${what(d)}的函`,
    addressee: `${d.targetName}：`,
    paragraphs: [
      `${d.requesterName}关于${d.year}年度${series}${d.specialtyName}专业职称评审工作实行${what(d)}的申请收悉。${region}同意该专业职称评审工作实行${what(d)}，由贵单位${d.kind === 'joint' ? '联合组织' : '受托组织'}评审。`,
      '请按照职称评审有关规定，严格评审标准和程序，做好评审工作，评审结果按规定报我局备案。',
      '特此函告。',
    ],
  };
}

export function entrustmentLetterLayout(d: EntrustmentLetterData): DocLayout {
  const t = entrustmentLetterText(d);
  return {
    title: t.title,
    blocks: [
      { type: 'note', lines: [d.letterNo], size: PAGE.bodySize },
      { type: 'title', lines: [t.title], size: PAGE.titleSize },
      { type: 'space', lines: 1 },
      { type: 'note', lines: [t.addressee], size: PAGE.bodySize },
      ...t.paragraphs.map((p) => ({ type: 'paragraph' as const, text: p })),
      { type: 'space', lines: 3 },
      { type: 'signoff', signoff: { unit: `${d.bureauName}（公章）`, date: chineseDate(d.issuedOn, '落款日期') } },
    ],
  };
}
