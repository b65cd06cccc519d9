import { inflateSync } from 'node:zlib';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { declarationLayout, type DeclarationPrintData } from '../../src/docs/declaration-form';
import { CELL_PAD, balancedLabel, type Block } from '../../src/docs/layout';
import { renderPdf } from '../../src/docs/render-pdf';
import { textWidth } from '../../src/docs/text-measure';
import { pdfText, squash } from '../support/pdf-text';

async function data(): Promise<DeclarationPrintData> {
  return {
    applicantName: '王建国',
    year: 2026,
    seriesSpecialty: '工程系列　土木工程',
    level: '中级',
    recommendingUnit: '新疆某某建筑设计研究院有限公司',
    fileCode: 'YL2026-0001',
    photo: await sharp({ create: { width: 295, height: 413, channels: 3, background: '#8ab' } }).jpeg().toBuffer(),
    sections: [
      { title: '基本信息', fields: [['姓名', '王建国'], ['性别', '男'], ['身份证号', '650102198506150011']], texts: [], attachments: ['近期一寸免冠照片1张'] },
      {
        title: '学历学位情况',
        fields: [],
        texts: [],
        table: { columns: ['入学时间', '毕业院校', '学历', '附件'], rows: [{ cells: ['2004-09', '新疆大学', '本科', '2张'], notes: [] }] },
        attachments: [],
      },
      { title: '任现职以来个人工作总结', fields: [], texts: [{ label: '工作总结', text: '任现职以来，本人认真履行岗位职责。\n主持完成道路设计项目12项。' }], attachments: [] },
    ],
    commitment: '本人承诺所填报信息及上传材料真实、准确、完整。',
    opinions: [
      { title: '推荐单位意见', text: '同意推荐', unitName: '新疆某某建筑设计研究院有限公司', on: '2026-03-10' },
      { title: '主管单位意见', text: '', unitName: '乌鲁木齐市住房和城乡建设局', on: null },
    ],
    printedOn: '2026-03-12',
  };
}

describe('专业技术职务任职资格评审表 (the whole declaration)', () => {
  it('prints the cover, each section numbered, tables, paragraphs and signature blocks', async () => {
    const pdf = await renderPdf(declarationLayout(await data()));
    expect(pdf.toString('latin1')).toMatch(/\/Subtype\s*\/Image/);
    const text = squash(pdfText(pdf));
    for (const t of [
      '专业技术职务任职资格评审表',
      'YL2026-0001',
      '一、基本信息',
      '650102198506150011',
      '附件：近期一寸免冠照片1张',
      '二、学历学位情况',
      '毕业院校',
      '新疆大学',
      '三、任现职以来个人工作总结',
      '主持完成道路设计项目12项。',
      '四、承诺与审核意见',
      '申报人（签字）：',
      '同意推荐',
      '新疆某某建筑设计研究院有限公司（公章）',
      '2026年3月10日',
      '乌鲁木齐市住房和城乡建设局（公章）',
      '年月日',
    ])
      expect(text).toContain(t);
  });

  it('writes 无 into an empty field and an empty table (A14)', async () => {
    const d = await data();
    d.sections = [{ title: '获奖情况', fields: [['备注', ' ']], texts: [], table: { columns: ['年度', '奖项'], rows: [] }, attachments: [] }];
    const text = squash(pdfText(await renderPdf(declarationLayout(d))));
    expect(text).toContain('备注无');
    expect(text).toContain('年度奖项无');
  });

  it('breaks a long field name into even lines that fit its cell, never a lone character on a line (issue 11)', async () => {
    const d = await data();
    d.sections[0]!.fields = [
      ['现工作单位（全称）', '伊犁哈萨克自治州人民医院'],
      ['单位简称或别称', '州人民医院、州医院'],
      ['参加工作时间', '2008-07'],
      ['现任职称', '主治医师'],
    ];
    const tables = declarationLayout(d).blocks.filter((b): b is Extract<Block, { type: 'table' }> => b.type === 'table');
    const labels: Array<{ text: string; width: number; size: number }> = [];
    for (const t of tables) {
      for (const row of t.rows) {
        let col = 0;
        for (const cell of row.cells) {
          const span = cell.span ?? 1;
          const width = t.widths.slice(col, col + span).reduce((a, b) => a + b, 0);
          col += span;
          if (cell.label && cell.text) labels.push({ text: cell.text, width, size: t.size });
        }
      }
    }
    expect(labels.find((l) => l.text.replace('\n', '') === '单位简称或别称')!.text).toBe('单位简称\n或别称');
    expect(labels.find((l) => l.text.replace('\n', '') === '现工作单位（全称）')!.text).toBe('现工作单位\n（全称）');
    expect(labels.find((l) => l.text === '参加工作时间')).toBeDefined(); // fits: one line
    // 避头尾: no line ends with an opening bracket nor starts with closing punctuation
    expect(balancedLabel('本人确认涉密材料已作脱密处理（无涉密材料也请勾选）', 80, 10.5)).toBe('本人确认涉\n密材料已作\n脱密处理\n（无涉密材\n料也请勾选）');
    for (const l of labels) {
      for (const line of l.text.split('\n')) {
        expect(Array.from(line).length, `「${l.text}」`).toBeGreaterThan(1);
        expect(textWidth(line, 'body', l.size), `「${line}」`).toBeLessThanOrEqual(l.width - 2 * CELL_PAD);
      }
    }
  });

  it('sets the photo beside the cover rows, which leave room for it within the body width', async () => {
    const blocks = declarationLayout(await data()).blocks;
    const photoAt = blocks.findIndex((b) => b.type === 'image');
    const photo = blocks[photoAt] as Extract<Block, { type: 'image' }>;
    const cover = blocks[photoAt + 1] as Extract<Block, { type: 'table' }>;
    expect(photo).toMatchObject({ beside: true, width: 72, height: 99 });
    expect(cover.type).toBe('table');
    expect(cover.rows[0]!.cells[0]!.text).toBe('姓名');
    expect(cover.widths.reduce((a, b) => a + b, 0) + photo.width).toBeLessThanOrEqual(441.2 - 10);
    // without a photo the cover takes the whole width
    const bare = declarationLayout({ ...(await data()), photo: null }).blocks.find((b) => b.type === 'table') as Extract<Block, { type: 'table' }>;
    expect(bare.widths.reduce((a, b) => a + b, 0)).toBeCloseTo(441.2, 1);
  });

  it('draws the rows after a page break with the same thin lines as before it', async () => {
    const d = await data();
    // enough rows to run over two pages
    d.sections[1]!.table!.rows = Array.from({ length: 60 }, (_, i) => ({ cells: [`20${10 + (i % 10)}-09`, `学校${i}`, '本科', '1张'], notes: [] }));
    const pdf = await renderPdf(declarationLayout(d));
    // every page that draws table cells sets 0.75 pt lines before its last rectangle (a cell)
    const streams = [...pdf.toString('latin1').matchAll(/stream\r?\n([\s\S]*?)\r?\nendstream/g)].map((m) => {
      try {
        return inflateSync(Buffer.from(m[1]!, 'latin1')).toString('latin1');
      } catch {
        return '';
      }
    });
    const pages = streams.filter((s) => / re\b/.test(s) && / Tf\b/.test(s));
    expect(pages.length).toBeGreaterThan(1);
    for (const s of pages) {
      const lastRect = [...s.matchAll(/ re\b/g)].at(-1)!.index;
      const width = [...s.slice(0, lastRect).matchAll(/([\d.]+) w\b/g)].at(-1)?.[1];
      expect(width).toBe('0.75');
    }
  });
});
