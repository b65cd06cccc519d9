// Writes a DocLayout as DOCX with `docx`, for units that edit before stamping. Word lays the
// text out itself, so the signoff column is placed with indents from estimated widths (emWidth).
import {
  AlignmentType,
  Document,
  HeightRule,
  ImageRun,
  LineRuleType,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  VerticalAlignTable,
  WidthType,
} from 'docx';
import { BODY_WIDTH, emWidth, PAGE, type Block, type DocLayout, type Signoff } from './layout';

const TW = 20; // twips per point
// Fonts the Chinese offices have: 仿宋 for the body, 宋体 bold for titles (GB/T 9704 asks for 仿宋_GB2312
// and 小标宋; the plain Windows names are the ones found on every machine).
const BODY_FONT = { ascii: 'Times New Roman', hAnsi: 'Times New Roman', eastAsia: '仿宋', cs: 'Times New Roman' };
const TITLE_FONT = { ascii: 'Times New Roman', hAnsi: 'Times New Roman', eastAsia: '宋体', cs: 'Times New Roman' };
const RIGHT_INDENT_EMS = 2;

function exact(points: number) {
  return { line: Math.round(points * TW), lineRule: LineRuleType.EXACT };
}

function runs(text: string, size: number, bold = false, font = BODY_FONT): TextRun[] {
  return text.split('\n').map((line, i) => new TextRun({ text: line, size: size * 2, bold, font, break: i > 0 ? 1 : undefined }));
}

function emptyLine(lineHeight: number, keepNext = false): Paragraph {
  return new Paragraph({ spacing: exact(lineHeight), keepNext, children: [] });
}

/** Same geometry as the PDF: a column as wide as its widest line, ending two characters short of `width`. */
function signoffParagraphs(s: Signoff, size: number, lineHeight: number, width: number): Paragraph[] {
  const inset = RIGHT_INDENT_EMS * size;
  const unitW = emWidth(s.unit) * size;
  const dateW = emWidth(s.date) * size;
  const colW = Math.min(Math.max(unitW, dateW), width - inset);
  const centred = (text: string, w: number, keepNext: boolean) =>
    new Paragraph({
      alignment: AlignmentType.RIGHT,
      keepNext,
      spacing: exact(lineHeight),
      indent: { right: Math.round((inset + Math.max(0, (colW - w) / 2)) * TW) },
      children: runs(text, size),
    });
  const out: Paragraph[] = [];
  if (s.signature) {
    out.push(
      new Paragraph({
        spacing: exact(lineHeight),
        keepNext: true,
        indent: { left: Math.round(Math.max(0, width - inset - colW) * TW) },
        children: runs(s.signature, size),
      }),
      emptyLine(lineHeight, true),
      emptyLine(lineHeight, true),
    );
  }
  out.push(centred(s.unit, unitW, true), centred(s.date, dateW, false));
  return out;
}

function table(block: Extract<Block, { type: 'table' }>): Table {
  const lineHeight = block.size * 1.6;
  const pad = 4; // as in the PDF
  return new Table({
    layout: TableLayoutType.FIXED,
    alignment: AlignmentType.CENTER,
    width: { size: Math.round(block.widths.reduce((a, b) => a + b, 0) * TW), type: WidthType.DXA },
    columnWidths: block.widths.map((w) => Math.round(w * TW)),
    margins: { top: pad * TW, bottom: pad * TW, left: pad * TW, right: pad * TW },
    rows: block.rows.map((row) => {
      let col = 0;
      return new TableRow({
        height: row.minHeight ? { value: Math.round(row.minHeight * TW), rule: HeightRule.ATLEAST } : undefined,
        cantSplit: true,
        children: row.cells.map((cell) => {
          const span = cell.span ?? 1;
          const w = block.widths.slice(col, col + span).reduce((a, b) => a + b, 0);
          col += span;
          const children = [
            new Paragraph({
              alignment: cell.label ? AlignmentType.CENTER : AlignmentType.LEFT,
              spacing: exact(lineHeight),
              children: runs(cell.text ?? '', block.size),
            }),
          ];
          if (cell.signoff) {
            // Push the stamp area down: the row's minimum height less the text and signoff lines.
            const used = (cell.text ? 1 : 0) + 2;
            const blank = Math.max(1, Math.floor(((row.minHeight ?? 0) - 2 * pad) / lineHeight) - used - 1);
            for (let i = 0; i < blank; i++) children.push(emptyLine(lineHeight));
            children.push(...signoffParagraphs(cell.signoff, block.size, lineHeight, w - 2 * pad));
          }
          return new TableCell({
            columnSpan: span > 1 ? span : undefined,
            width: { size: Math.round(w * TW), type: WidthType.DXA },
            verticalAlign: cell.top ? VerticalAlignTable.TOP : VerticalAlignTable.CENTER,
            children,
          });
        }),
      });
    }),
  });
}

/** The last paragraph, blank lines and signoff stay on one page (see render-pdf.ts). */
function keepsWithNext(blocks: Block[], i: number): boolean {
  for (let j = i + 1; j < blocks.length; j++) {
    if (blocks[j].type === 'signoff') return blocks[i].type === 'paragraph' || blocks[i].type === 'space';
    if (blocks[j].type !== 'space') return false;
  }
  return false;
}

function blockChildren(block: Block, keepNext = false): (Paragraph | Table)[] {
  switch (block.type) {
    case 'title':
      return [
        new Paragraph({
          alignment: AlignmentType.CENTER,
          spacing: exact(block.size * 1.6),
          children: runs(block.lines.join('\n'), block.size, true, TITLE_FONT),
        }),
      ];
    case 'paragraph':
      return [
        new Paragraph({
          alignment: AlignmentType.JUSTIFIED,
          keepNext,
          keepLines: keepNext,
          spacing: exact(PAGE.lineHeight),
          indent: { firstLine: Math.round(2 * PAGE.bodySize * TW) },
          children: runs(block.text, PAGE.bodySize),
        }),
      ];
    case 'space': {
      // Fractions of a line become one paragraph of that height.
      const whole = Math.floor(block.lines);
      const out = Array.from({ length: whole }, () => emptyLine(PAGE.lineHeight, keepNext));
      const rest = block.lines - whole;
      if (rest > 0) out.push(emptyLine(rest * PAGE.lineHeight, keepNext));
      return out;
    }
    case 'signoff':
      return signoffParagraphs(block.signoff, PAGE.bodySize, PAGE.lineHeight, BODY_WIDTH);
    case 'table':
      return [table(block)];
    case 'heading':
      return [new Paragraph({ keepNext: true, spacing: exact(block.size * 1.8), children: runs(block.text, block.size, true, TITLE_FONT) })];
    case 'image':
      return [
        new Paragraph({
          alignment: AlignmentType.RIGHT,
          children: [
            new ImageRun({ type: 'jpg', data: block.jpeg, transformation: { width: Math.round((block.width * 96) / 72), height: Math.round((block.height * 96) / 72) } }),
            ...(block.caption ? runs(`\n${block.caption}`, 9) : []),
          ],
        }),
      ];
    case 'note':
      return block.lines.map(
        (line) =>
          new Paragraph({
            spacing: exact(block.size * 1.5),
            indent: line.startsWith('注：') ? undefined : { left: Math.round(2 * block.size * TW) },
            children: runs(line, block.size),
          }),
      );
  }
}

export function renderDocx(layout: DocLayout): Promise<Buffer> {
  const doc = new Document({
    title: layout.title,
    creator: 'ZhiPing 职评',
    styles: { default: { document: { run: { font: BODY_FONT, size: PAGE.bodySize * 2 } } } },
    sections: [
      {
        properties: {
          page: {
            size: { width: Math.round(PAGE.width * TW), height: Math.round(PAGE.height * TW) },
            margin: {
              top: Math.round((layout.margins?.top ?? PAGE.top) * TW),
              bottom: Math.round((layout.margins?.bottom ?? PAGE.bottom) * TW),
              left: Math.round(PAGE.left * TW),
              right: Math.round(PAGE.right * TW),
            },
          },
        },
        children: layout.blocks.flatMap((block, i) => blockChildren(block, keepsWithNext(layout.blocks, i))),
      },
    ],
  });
  return Packer.toBuffer(doc);
}
