// Draws a DocLayout with pdfkit. Text positions are measured with the embedded font, so the
// signoff column and table cells line up exactly.
import PDFDocument from 'pdfkit';
import { BODY_WIDTH, CELL_PAD, PAGE, type Block, type Cell, type DocLayout, type Signoff } from './layout';
import { registerCjkFonts } from './pdf-fonts';

type Doc = PDFKit.PDFDocument;

const PAD = CELL_PAD; // table cell padding, points
const RIGHT_INDENT_EMS = 2; // signoff ends two characters before the right margin, as in the source

function lineGapFor(doc: Doc, size: number, lineHeight: number): number {
  doc.fontSize(size);
  return Math.max(0, lineHeight - doc.currentLineHeight(true));
}

function pageBottom(doc: Doc): number {
  return doc.page.height - doc.page.margins.bottom;
}

function ensureRoom(doc: Doc, height: number): void {
  if (doc.y + height > pageBottom(doc)) doc.addPage();
}

/** Height of a signoff: 签字 plus two blank lines for the hand signature, then unit and date. */
function signoffHeight(s: Signoff, lineHeight: number): number {
  return ((s.signature ? 3 : 0) + 2) * lineHeight;
}

/**
 * Signoff in a right-aligned column ending `RIGHT_INDENT_EMS` characters before `right`, as wide
 * as its widest line: 签字 starts at the column's left edge, unit and date are centred in it.
 */
function drawSignoff(doc: Doc, s: Signoff, right: number, top: number, size: number, lineHeight: number, maxWidth: number): void {
  doc.font('body').fontSize(size);
  const inset = RIGHT_INDENT_EMS * size;
  const colW = Math.min(Math.max(doc.widthOfString(s.unit), doc.widthOfString(s.date)), maxWidth - inset);
  const colLeft = right - inset - colW;
  let y = top;
  if (s.signature) {
    doc.text(s.signature, colLeft, y, { lineBreak: false });
    y += 3 * lineHeight; // room for the hand signature
  }
  doc.text(s.unit, colLeft, y, { width: colW, align: 'center' });
  y = Math.max(y + lineHeight, doc.y);
  doc.text(s.date, colLeft, y, { width: colW, align: 'center' });
}

// pdfkit measures a '\n' inside a line as a glyph, which wraps a label that exactly fits; so
// explicit breaks are drawn as separate lines.
function linesHeight(doc: Doc, text: string, width: number, lineGap: number): number {
  return text.split('\n').reduce((h, line) => h + doc.heightOfString(line, { width, lineGap }), 0);
}

function drawLines(doc: Doc, text: string, x: number, y: number, options: PDFKit.Mixins.TextOptions): void {
  doc.y = y;
  for (const line of text.split('\n')) doc.text(line, x, doc.y, options);
}

function cellWidth(widths: number[], start: number, span: number): number {
  return widths.slice(start, start + span).reduce((a, b) => a + b, 0);
}

function drawTable(doc: Doc, block: Extract<Block, { type: 'table' }>, atLeft = false): void {
  const total = block.widths.reduce((a, b) => a + b, 0);
  // centred, or at the left margin when an image stands beside it
  const x0 = atLeft ? PAGE.left : PAGE.left + (BODY_WIDTH - total) / 2;
  const lineHeight = block.size * 1.6;
  doc.font('body');
  const gap = lineGapFor(doc, block.size, lineHeight);
  doc.lineWidth(0.75);

  for (const row of block.rows) {
    // Measure first, so the row's cells share one height.
    let col = 0;
    const placed = row.cells.map((cell: Cell) => {
      const span = cell.span ?? 1;
      const w = cellWidth(block.widths, col, span);
      const x = x0 + cellWidth(block.widths, 0, col);
      col += span;
      const text = cell.text ?? '';
      const textH = text ? linesHeight(doc, text, w - 2 * PAD, gap) : 0;
      const needed = textH + 2 * PAD + (cell.signoff ? signoffHeight(cell.signoff, lineHeight) + lineHeight : 0);
      return { cell, x, w, text, textH, needed };
    });
    const h = Math.max(row.minHeight ?? 0, ...placed.map((p) => p.needed));
    ensureRoom(doc, h);
    // a new page starts with pdfkit's default 1 pt lines: the rows after a page break keep 0.75
    doc.lineWidth(0.75);
    const y = doc.y;
    for (const p of placed) {
      doc.rect(p.x, y, p.w, h).stroke();
      if (p.text) {
        // Labels and short values sit in the middle of the cell, free text starts at the top. The
        // measured height ends with one line gap, which centring must leave out.
        const top = p.cell.top ? y + PAD : y + (h - (p.textH - gap)) / 2;
        drawLines(doc, p.text, p.x + PAD, top, { width: p.w - 2 * PAD, lineGap: gap, align: p.cell.label ? 'center' : 'left' });
      }
      if (p.cell.signoff) {
        const sh = signoffHeight(p.cell.signoff, lineHeight);
        drawSignoff(doc, p.cell.signoff, p.x + p.w, y + h - sh - PAD, block.size, lineHeight, p.w);
      }
    }
    doc.x = PAGE.left;
    doc.y = y + h;
  }
}

/**
 * Draws one block. `besideImage`: an image stands at the right margin level with this block (a
 * table then starts at the left margin). An image set `beside` the next block answers its bottom
 * and leaves the flow where it was.
 */
function drawBlock(doc: Doc, block: Block, besideImage = false): number | void {
  switch (block.type) {
    case 'title': {
      doc.font('bold');
      const gap = lineGapFor(doc, block.size, block.size * 1.6);
      for (const line of block.lines) {
        doc.text(line, PAGE.left, doc.y, { width: BODY_WIDTH, align: 'center', lineGap: gap });
      }
      return;
    }
    case 'paragraph': {
      doc.font('body');
      const gap = lineGapFor(doc, PAGE.bodySize, PAGE.lineHeight);
            doc.text(block.text, PAGE.left, doc.y, { width: BODY_WIDTH, indent: 2 * PAGE.bodySize, lineGap: gap, align: 'justify' });
      return;
    }
    case 'space':
      // Blank lines never spill onto a new page: a page that starts with white space looks broken.
      doc.y = Math.min(doc.y + block.lines * PAGE.lineHeight, pageBottom(doc));
      return;
    case 'signoff': {
      const h = signoffHeight(block.signoff, PAGE.lineHeight);
      ensureRoom(doc, h);
      const top = doc.y;
      drawSignoff(doc, block.signoff, PAGE.left + BODY_WIDTH, top, PAGE.bodySize, PAGE.lineHeight, BODY_WIDTH);
      doc.x = PAGE.left;
      doc.y = top + h;
      return;
    }
    case 'table':
      drawTable(doc, block, besideImage);
      return;
    case 'heading': {
      doc.font('bold');
      const gap = lineGapFor(doc, block.size, block.size * 1.8);
      // a heading is never the last line of a page
      ensureRoom(doc, 3 * block.size * 1.8);
      doc.text(block.text, PAGE.left, doc.y, { width: BODY_WIDTH, lineGap: gap });
      return;
    }
    case 'image': {
      ensureRoom(doc, block.height + 20);
      const x = PAGE.left + BODY_WIDTH - block.width;
      const y = doc.y;
      doc.image(block.jpeg, x, y, { width: block.width, height: block.height });
      doc.lineWidth(0.5).rect(x, y, block.width, block.height).stroke();
      if (block.caption) doc.font('body').fontSize(9).text(block.caption, x, y + block.height + 2, { width: block.width, align: 'center' });
      doc.x = PAGE.left;
      const bottom = y + block.height + (block.caption ? 16 : 6);
      if (block.beside) {
        doc.y = y;
        return bottom;
      }
      doc.y = bottom;
      return;
    }
    case 'note': {
      doc.font('body');
      const gap = lineGapFor(doc, block.size, block.size * 1.5);
      for (const line of block.lines) {
        // Later notes hang under the first one's number, as in the source.
        const hang = line.startsWith('注：') ? 0 : 2 * block.size;
        doc.text(line, PAGE.left + hang, doc.y, { width: BODY_WIDTH - hang, lineGap: gap });
      }
      return;
    }
  }
}

/**
 * A stamp alone on the last page could be put on any text, so the paragraph before a signoff
 * goes to the next page with it when both don't fit (GB/T 9704 7.3.5.1 likewise keeps text on
 * the page that carries the seal).
 */
function keepLastParagraphWithSignoff(doc: Doc, blocks: Block[], i: number): void {
  const block = blocks[i];
  if (block.type !== 'paragraph' || doc.y <= doc.page.margins.top) return;
  const rest = blocks.slice(i + 1);
  const signoffAt = rest.findIndex((b) => b.type !== 'space');
  const signoff = rest[signoffAt];
  if (signoff?.type !== 'signoff') return;
  doc.font('body');
  const gap = lineGapFor(doc, PAGE.bodySize, PAGE.lineHeight);
    const paraH = doc.heightOfString(block.text, { width: BODY_WIDTH, indent: 2 * PAGE.bodySize, lineGap: gap });
  // At least one blank line between text and stamp; the rest of the space may shrink.
  const needed = paraH + PAGE.lineHeight + signoffHeight(signoff.signoff, PAGE.lineHeight);
  if (doc.y + needed > pageBottom(doc)) doc.addPage();
}

export function renderPdf(layout: DocLayout): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: PAGE.top, bottom: PAGE.bottom, ...layout.margins, left: PAGE.left, right: PAGE.right },
    info: { Title: layout.title, Creator: 'ZhiPing 职评' },
    lang: 'zh-CN',
  });
  registerCjkFonts(doc);
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  /** the bottom of an image standing beside the block being drawn */
  let beside: number | null = null;
  layout.blocks.forEach((block, i) => {
    keepLastParagraphWithSignoff(doc, layout.blocks, i);
    const imageBottom = drawBlock(doc, block, beside !== null);
    if (beside !== null) doc.y = Math.max(doc.y, beside);
    beside = typeof imageBottom === 'number' ? imageBottom : null;
  });
  doc.end();
  return done;
}
