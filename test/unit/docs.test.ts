import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  DocDataError,
  docLayout,
  renderDoc,
  type CeExemptionData,
  type CompetentRecommendationData,
  type DocData,
  type DocKind,
  type PublicityNoticeData,
  type PublicityResultData,
} from '../../src/docs/index';
import { chineseDate, titleApplied } from '../../src/docs/layout';

const dir = mkdtempSync(join(tmpdir(), 'zhiping-docs-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const UNIT = '新疆某某建筑设计研究院有限公司';
const COMPETENT = '乌鲁木齐市住房和城乡建设局';
const applied = { applicantName: '王建国', series: '工程系列', specialty: '土木工程', level: '中级' };

const notice: PublicityNoticeData = {
  ...applied,
  sex: '男',
  ethnicity: '汉族',
  politicalStatus: '中共党员',
  idNumber: '650102198506150011',
  currentTitle: '助理工程师',
  politicalConditions: '坚决拥护中国共产党的领导，遵纪守法，恪守职业道德。',
  achievements: '近五年主持完成市政道路设计项目12项。\n负责结构设计与施工图审核，实际贡献约占40%。',
  publicityStart: '2023-09-28',
  publicityEnd: '2023-10-11',
  officeName: '单位人事科',
  supervisionPhone: '0991-1234567',
  unitName: UNIT,
  issuedOn: '2023-09-28',
};
const result: PublicityResultData = { ...applied, publicityDays: 5, unitName: UNIT, issuedOn: '2023-10-12' };
const recommendation: CompetentRecommendationData = { ...applied, competentUnitName: COMPETENT, issuedOn: '2023-10-16' };
const exemption: CeExemptionData = {
  name: '王建国',
  sex: '男',
  birthMonth: '1985-06',
  idNumber: '650102198506150011',
  education: '大学本科',
  degree: '工学学士',
  graduation: '2008年7月毕业于新疆大学土木工程专业',
  workUnit: UNIT,
  workStartedOn: '2008-07',
  currentTitle: '助理工程师',
  proposedTitle: '工程师',
  exemptionReason: '本人2021年3月至2023年2月参加自治区“访惠聚”驻村工作，申请免除相应年度继续教育学习。',
};

const TITLE = '王建国同志申报工程系列土木工程专业中级职称';

// kind, data, texts that must come back out of both formats (whitespace ignored; in a table a
// long value wraps inside its cell, so only unwrapped pieces are looked for)
const CASES: [DocKind, DocData, string[]][] = [
  ['publicity_notice', notice, [`关于${TITLE}的公示`, '签字：', `${UNIT}（公章）`, '2023年9月28日', '公示时间从2023年9月28日起至2023年10月11日止', '监督电话：0991-1234567']],
  ['publicity_result', result, [`关于${TITLE}的公示结果`, '已在本单位公示5天', `同意推荐${TITLE}`, `${UNIT}（公章）`, '2023年10月12日']],
  ['competent_recommendation', recommendation, [`关于${TITLE}的推荐意见`, `经审核，同意推荐${TITLE}。`, `${COMPETENT}（公章）`, '2023年10月16日']],
  ['ce_exemption', exemption, ['自治区“访惠聚”驻村等专业技术人员职称评审免除继续教育学习申请表', '何时何学校', '何专业毕业', '650102198506150011', '1985年6月', '2008年7月', '新疆某某建筑设计研究院', '免学理由', '审核意见', '公章', '年月日']],
];

const squash = (s: string) => s.replace(/\s+/g, '');

function pdfText(pdf: Buffer, name: string, pages?: [number, number]): string {
  const file = join(dir, `${name}.pdf`);
  writeFileSync(file, pdf);
  const range = pages ? ['-f', String(pages[0]), '-l', String(pages[1])] : [];
  // -layout keeps each printed line together (the stamp area's spaced 「公　章」 included).
  return execFileSync('pdftotext', ['-layout', ...range, file, '-'], { encoding: 'utf8' });
}

function pdfPages(pdf: Buffer, name: string): number {
  const file = join(dir, `${name}.pdf`);
  writeFileSync(file, pdf);
  return Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))![1]);
}

function docxXml(docx: Buffer, name: string): string {
  const file = join(dir, `${name}.docx`);
  writeFileSync(file, docx);
  return execFileSync('unzip', ['-p', file, 'word/document.xml'], { encoding: 'utf8' });
}

/** The visible text of document.xml: a line break or paragraph end adds nothing. */
const xmlText = (xml: string) => xml.replace(/<[^>]+>/g, '');

describe('T2–T5 render as PDF', () => {
  it.each(CASES)('%s: a PDF with the embedded CJK font and the filled text', async (kind, data, texts) => {
    const pdf = await renderDoc(kind, data, 'pdf');
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    // Subset fonts are named ABCDEF+PostScriptName.
    expect(pdf.toString('latin1')).toMatch(/\/BaseFont \/[A-Z]{6}\+NotoSerifCJKsc-Regular/);
    expect(pdf.toString('latin1')).toMatch(/\/BaseFont \/[A-Z]{6}\+NotoSerifCJKsc-Bold/);
    const text = squash(pdfText(pdf, kind));
    for (const t of texts) expect(text).toContain(squash(t));
    expect(pdfPages(pdf, kind)).toBe(1);
  });
});

describe('T2–T5 render as DOCX', () => {
  it.each(CASES)('%s: a zip whose word/document.xml holds the filled text', async (kind, data, texts) => {
    const docx = await renderDoc(kind, data, 'docx');
    expect(docx.subarray(0, 2).toString('latin1')).toBe('PK');
    const xml = docxXml(docx, kind);
    const text = squash(xmlText(xml));
    for (const t of texts) expect(text).toContain(squash(t));
    expect(xml).toContain('w:eastAsia="仿宋"');
  });

  it('T5: the exemption form is a bordered table with merged value cells', async () => {
    const xml = docxXml(await renderDoc('ce_exemption', exemption, 'docx'), 'ce-table');
    expect(xml).toContain('<w:tbl>');
    expect(xml.match(/<w:tr[ >]/g)).toHaveLength(7);
    expect(xml).toContain('<w:gridSpan w:val="5"/>');
    expect(xml).toMatch(/<w:tblBorders>.*<w:top w:val="single"/s);
  });
});

describe('T2–T5 content from data', () => {
  it('titles the documents like the source template', () => {
    expect(titleApplied(applied).subject).toBe(TITLE);
    // 「工程」 and 「土木工程专业」 are accepted without doubling 系列 / 专业
    expect(titleApplied({ ...applied, series: '工程', specialty: '土木工程专业' }).subject).toBe(TITLE);
    expect(docLayout('publicity_notice', notice).title).toBe(`关于${TITLE}的公示`);
    expect(docLayout('publicity_result', result).title).toBe(`关于${TITLE}的公示结果`);
    expect(docLayout('competent_recommendation', recommendation).title).toBe(`关于${TITLE}的推荐意见`);
  });

  it.each([
    ['2023-09-28', '2023年9月28日'],
    ['2023-10-12', '2023年10月12日'],
    ['2024-01-05', '2024年1月5日'],
  ])('writes %s as %s', (iso, zh) => {
    expect(chineseDate(iso)).toBe(zh);
  });

  it('prints the competent unit’s own opinion when given', async () => {
    const pdf = await renderDoc('competent_recommendation', { ...recommendation, opinion: '经审核，该同志材料齐全，同意推荐。' }, 'pdf');
    const text = squash(pdfText(pdf, 'opinion'));
    expect(text).toContain('经审核，该同志材料齐全，同意推荐。');
    expect(text).not.toContain(`同意推荐${TITLE}`);
  });

  it('T5: prints the review opinion, the reviewing office and the date once known', async () => {
    const reviewed = { ...exemption, reviewOpinion: '情况属实，同意免除。', reviewUnitName: '自治区“访惠聚”办公室', reviewedOn: '2023-10-20' };
    const text = squash(pdfText(await renderDoc('ce_exemption', reviewed, 'pdf'), 'reviewed'));
    for (const t of ['情况属实，同意免除。', '自治区“访惠聚”办公室（公章）', '2023年10月20日']) expect(text).toContain(t);
  });

  it('A14: refuses empty fields, naming them in Chinese', () => {
    let caught: unknown;
    try {
      docLayout('publicity_notice', { ...notice, ethnicity: '', supervisionPhone: '  ' });
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(DocDataError);
    expect((caught as DocDataError).fields).toEqual(['族别', '监督电话']);
    expect((caught as Error).message).toBe('生成文书所需信息不完整：族别、监督电话未填写');
  });

  it('refuses a malformed date instead of printing it', () => {
    expect(() => docLayout('publicity_result', { ...result, issuedOn: '2023/10/12' })).toThrow(DocDataError);
    expect(() => docLayout('publicity_result', { ...result, publicityDays: 0 })).toThrow(/公示天数/);
  });

  it('rejects an unknown format', async () => {
    await expect(renderDoc('publicity_result', result, 'odt' as 'pdf')).rejects.toThrow(/不支持的文件格式/);
  });

  it('keeps the last paragraph on the page with the stamp when the notice runs long', async () => {
    const long = { ...notice, achievements: Array.from({ length: 6 }, (_, i) => `第${i + 1}项：主持完成某市政道路改造工程设计，负责结构设计与施工图审核，实际贡献约占40%。`).join('\n') };
    const pdf = await renderDoc('publicity_notice', long, 'pdf');
    expect(pdfPages(pdf, 'long')).toBe(2);
    const last = squash(pdfText(pdf, 'long', [2, 2]));
    expect(last).toContain(`${UNIT}（公章）`);
    expect(last).toContain('监督电话：0991-1234567');
  });
});

describe('T2–T4 titles as printed', () => {
  // The case: first-fit wrapping printed 「…专业中 / 级 / 职称的公示」.
  const long = { applicantName: '买买提·艾力', series: '工程系列', specialty: '给水排水工程', level: '中级' };
  const docs: [DocKind, DocData, string][] = [
    ['publicity_notice', { ...notice, ...long }, '公示'],
    ['publicity_result', { ...result, ...long }, '公示结果'],
    ['competent_recommendation', { ...recommendation, ...long }, '推荐意见'],
  ];

  it.each(docs)('%s: no title line of the PDF holds a single character', async (kind, data, ending) => {
    const text = pdfText(await renderDoc(kind, data, 'pdf'), `title-${kind}`);
    const lines = text.split('\n').map((l) => l.trim()).filter(Boolean);
    const end = lines.findIndex((l) => squash(l).endsWith(`职称的${ending}`));
    expect(end).toBeGreaterThan(0);
    const title = lines.slice(0, end + 1);
    expect(squash(title.join(''))).toBe(`关于买买提·艾力同志申报工程系列给水排水工程专业中级职称的${ending}`);
    for (const l of title) expect(Array.from(squash(l)).length).toBeGreaterThan(1);
  });

  it.each(docs)('%s: the DOCX title carries the same line breaks', async (kind, data) => {
    const layout = docLayout(kind, data as never);
    const title = layout.blocks[0];
    if (title.type !== 'title') throw new Error('no title');
    const xml = docxXml(await renderDoc(kind, data, 'docx'), `title-${kind}`);
    const para = /<w:p>.*?<\/w:p>/s.exec(xml.slice(xml.indexOf('<w:body>')))![0];
    expect(para.split('<w:br/>').map((p) => xmlText(p))).toEqual(title.lines);
  });
});

describe('T3 follows what happened during the publicity', () => {
  it('keeps the template sentence when nothing was raised', async () => {
    const text = squash(pdfText(await renderDoc('publicity_result', { ...result, objections: [] }, 'pdf'), 'no-objection'));
    expect(text).toContain('公示期间无投诉、举报，公示无异议');
  });

  it('lists each objection with its resolution instead of 「无异议」', async () => {
    const objections = [
      { raisedOn: '2023-09-30', content: '反映其业绩材料中的项目时间有误', resolution: '经核实，项目时间填写无误，异议不成立' },
      { raisedOn: '2023-10-08', content: '反映其论文存在一稿多投。', resolution: '经向期刊核实，不存在一稿多投' },
    ];
    for (const format of ['pdf', 'docx'] as const) {
      const bytes = await renderDoc('publicity_result', { ...result, objections }, format);
      const text = squash(format === 'pdf' ? pdfText(bytes, 'objections') : xmlText(docxXml(bytes, 'objections')));
      expect(text).not.toContain('无投诉');
      expect(text).not.toContain('公示无异议');
      expect(text).toContain('公示期间收到反映2件');
      expect(text).toContain('1．2023年9月30日反映：反映其业绩材料中的项目时间有误。处理结果：经核实，项目时间填写无误，异议不成立。');
      expect(text).toContain('2．2023年10月8日反映：反映其论文存在一稿多投。处理结果：经向期刊核实，不存在一稿多投。');
      expect(text).toContain(`上述反映均已处理完毕，申报材料真实、完整、有效，同意推荐${TITLE}。`);
    }
  });

  it('refuses an objection without its resolution', () => {
    expect(() => docLayout('publicity_result', { ...result, objections: [{ raisedOn: '2023-09-30', content: '反映某事', resolution: ' ' }] })).toThrow(
      '生成文书所需信息不完整：第1条异议的处理结果未填写',
    );
  });
});
