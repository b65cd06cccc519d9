// The whole declaration as one printable form, in the layout of the 专业技术职务任职资格评审表:
// a cover with the title applied for and the 1-inch photo, every section (A1–A13) with its fields
// and tables, how many images each slot holds, then the signature blocks — the applicant's
// commitment, the opinions of the recommending unit, the competent unit and the committee, each
// with its seal area. Filled from data only (the service decides who may print what).
import { chineseDate, PAGE, titleLines, withBalancedLabels, type Block, type Row } from './layout';
import type { DocLayout } from './layout';

export interface DeclarationTable {
  /** Column headings, e.g. 起止时间 / 学校 / 专业. */
  columns: string[];
  rows: { cells: string[]; /** long text of the row (e.g. 业绩说明), printed under it */ notes: { label: string; text: string }[] }[];
}

export interface DeclarationSection {
  /** 「基本信息」 etc.; numbered 一、二、… in print. */
  title: string;
  /** Short single fields as label/value pairs, two pairs to a line. */
  fields: [string, string][];
  /** Long single fields (the A12 summary): printed as paragraphs, which may run over pages. */
  texts: { label: string; text: string }[];
  table?: DeclarationTable;
  /** Images per slot, e.g. 「身份证正反面 2张」. */
  attachments: string[];
}

export interface DeclarationOpinion {
  /** 推荐单位意见 / 主管单位意见 / 评审委员会意见. */
  title: string;
  /** What was recorded, or '' for a blank to write by hand. */
  text: string;
  unitName: string;
  /** 'YYYY-MM-DD' or null: a blank 「年　月　日」. */
  on: string | null;
}

export interface DeclarationPrintData {
  applicantName: string;
  year: number;
  seriesSpecialty: string;
  level: string;
  recommendingUnit: string;
  /** 材料编号 once submitted. */
  fileCode: string | null;
  /** The A1 photo as JPEG, if uploaded. */
  photo: Buffer | null;
  sections: DeclarationSection[];
  commitment: string;
  opinions: DeclarationOpinion[];
  printedOn: string;
}

const NUMBERS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '十一', '十二', '十三', '十四', '十五'];
const SIZE = 10.5; // 五号
const blank = (v: string) => (v.trim() === '' ? '无' : v);

function fieldsTable(fields: [string, string][]): Block {
  const rows: Row[] = [];
  for (let i = 0; i < fields.length; i += 2) {
    const [a, b] = [fields[i]!, fields[i + 1]];
    rows.push({
      cells: b
        ? [{ text: a[0], label: true }, { text: blank(a[1]) }, { text: b[0], label: true }, { text: blank(b[1]) }]
        : [{ text: a[0], label: true }, { text: blank(a[1]), span: 3 }],
      minHeight: 24,
    });
  }
  return { type: 'table', widths: [80, 140.6, 80, 140.6], rows, size: SIZE };
}

function rowsTable(t: DeclarationTable): Block {
  // the first column (dates, years) narrower; the rest share the body width
  const n = t.columns.length;
  const first = Math.min(90, 441.2 / n);
  const rest = (441.2 - first) / Math.max(1, n - 1);
  const widths = n === 1 ? [441.2] : [first, ...Array.from({ length: n - 1 }, () => rest)];
  const rows: Row[] = [{ cells: t.columns.map((c) => ({ text: c, label: true })), minHeight: 22 }];
  for (const r of t.rows) {
    rows.push({ cells: r.cells.map((c) => ({ text: blank(c) })), minHeight: 22 });
    for (const note of r.notes) rows.push({ cells: [{ text: note.label, label: true }, { text: blank(note.text), span: n - 1, top: true }] });
  }
  if (t.rows.length === 0) rows.push({ cells: [{ text: '无', span: n, label: true }], minHeight: 22 });
  return { type: 'table', widths, rows, size: SIZE };
}

function opinionTable(o: DeclarationOpinion): Block {
  return {
    type: 'table',
    widths: [80, 361.2],
    size: 12,
    rows: [
      {
        cells: [
          { text: o.title.replace(/(..)(.*)/, '$1\n$2'), label: true },
          {
            text: o.text,
            top: true,
            signoff: { unit: o.unitName ? `${o.unitName}（公章）` : '（公章）', date: o.on ? chineseDate(o.on) : '年　　月　　日' },
          },
        ],
        minHeight: 150,
      },
    ],
  };
}

/** The 1-inch photo on the cover (points: 25×35 mm) and the gap between it and the cover rows. */
const PHOTO = { width: 72, height: 99, gap: 12 };

export function declarationLayout(d: DeclarationPrintData): DocLayout {
  // with a photo, the cover rows leave room for it at the right, as the 评审表 does: the name gets
  // the wide column, the year and the file code the narrow one
  const coverWidths = d.photo ? [60, 150, 60, 441.2 - PHOTO.width - PHOTO.gap - 270] : [80, 140.6, 80, 140.6];
  const blocks: Block[] = [
    titleLines('专业技术职务任职资格评审表', 22),
    { type: 'space', lines: 0.5 },
  ];
  if (d.photo) blocks.push({ type: 'image', jpeg: d.photo, width: PHOTO.width, height: PHOTO.height, caption: '近期一寸免冠照片', beside: true });
  blocks.push(
    {
      type: 'table',
      widths: coverWidths,
      size: 12,
      rows: [
        { cells: [{ text: '姓名', label: true }, { text: d.applicantName }, { text: '评审年度', label: true }, { text: `${d.year}年度` }], minHeight: 28 },
        { cells: [{ text: '申报系列\n及专业', label: true }, { text: d.seriesSpecialty, span: 3 }], minHeight: 28 },
        { cells: [{ text: '申报级别', label: true }, { text: d.level }, { text: '材料编号', label: true }, { text: d.fileCode ?? '（尚未编号）' }], minHeight: 28 },
        { cells: [{ text: '推荐单位', label: true }, { text: d.recommendingUnit, span: 3 }], minHeight: 28 },
      ],
    },
    { type: 'space', lines: 0.5 },
  );
  d.sections.forEach((s, i) => {
    blocks.push({ type: 'heading', text: `${NUMBERS[i] ?? i + 1}、${s.title}`, size: 14 });
    if (s.fields.length) blocks.push(fieldsTable(s.fields));
    if (s.table) blocks.push(rowsTable(s.table));
    for (const t of s.texts) {
      blocks.push({ type: 'note', lines: [`${t.label}：`], size: SIZE });
      for (const p of blank(t.text).split(/\n+/).filter((x) => x.trim())) blocks.push({ type: 'paragraph', text: p.trim() });
    }
    if (s.attachments.length) blocks.push({ type: 'note', lines: [`附件：${s.attachments.join('；')}`], size: SIZE });
    blocks.push({ type: 'space', lines: 0.4 });
  });
  blocks.push({ type: 'heading', text: `${NUMBERS[d.sections.length] ?? d.sections.length + 1}、承诺与审核意见`, size: 14 });
  blocks.push({
    type: 'table',
    widths: [80, 361.2],
    size: 12,
    rows: [
      {
        cells: [
          { text: '申报人\n承诺', label: true },
          { text: d.commitment, top: true, signoff: { signature: '申报人（签字）：', unit: '', date: '年　　月　　日' } },
        ],
        minHeight: 150,
      },
    ],
  });
  for (const o of d.opinions) blocks.push(opinionTable(o));
  blocks.push({ type: 'note', lines: [`注：本表由职评系统于${chineseDate(d.printedOn)}按申报材料生成，附件图片另见系统。`], size: 9 });
  // long field names (「单位简称或别称」) break into even lines, never leaving one character alone
  const balanced = blocks.map((b) => (b.type === 'table' ? withBalancedLabels(b) : b));
  return { title: `专业技术职务任职资格评审表（${d.applicantName}）`, blocks: balanced, margins: { top: PAGE.top * 0.7, bottom: PAGE.bottom * 0.7 } };
}
