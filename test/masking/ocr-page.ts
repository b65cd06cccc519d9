import sharp from 'sharp';
import type { RawImage } from '../../src/masking/image-types';

// Synthetic attachment pages for the OCR tests (B1). Every character is its own <text> element
// at a known x, so the ground-truth box of any substring is exact: CJK glyphs advance one em,
// ASCII ones the fixed `asciiAdvance` we place them at.

export interface PageLine {
  text: string;
  x: number;
  /** Top of the em box; the baseline sits at y + 0.88 em (Noto CJK ascent). */
  y: number;
  size: number;
  font?: 'sans' | 'serif';
  /** Extra pixels between characters, e.g. a spaced-out name. */
  letterSpacing?: number;
  fill?: string;
}

export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

const FONTS = { sans: 'Noto Sans CJK SC', serif: 'Noto Serif CJK SC' } as const;
const ASCII_ADVANCE = 0.6;

function advance(ch: string, size: number): number {
  return ch.charCodeAt(0) < 0x2000 ? size * ASCII_ADVANCE : size;
}

function charPositions(line: PageLine): number[] {
  const xs: number[] = [];
  let x = line.x;
  for (const ch of line.text) {
    xs.push(x);
    x += advance(ch, line.size) + (line.letterSpacing ?? 0);
  }
  return xs;
}

/** Em box of `needle` (its `occurrence`-th appearance) inside a line. */
export function substringBox(line: PageLine, needle: string, occurrence = 0): Box {
  const chars = [...line.text];
  const want = [...needle];
  let found = -1;
  for (let i = 0, seen = 0; i + want.length <= chars.length; i++) {
    if (want.every((c, k) => chars[i + k] === c) && seen++ === occurrence) {
      found = i;
      break;
    }
  }
  if (found < 0) throw new Error(`"${needle}" not in "${line.text}"`);
  const xs = charPositions(line);
  const last = found + want.length - 1;
  const x0 = xs[found]!;
  const x1 = xs[last]! + advance(chars[last]!, line.size);
  return { x: Math.round(x0), y: Math.round(line.y), w: Math.round(x1 - x0), h: Math.round(line.size) };
}

function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function pageSvg(width: number, height: number, lines: PageLine[]): string {
  const parts: string[] = [];
  for (const line of lines) {
    const xs = charPositions(line);
    const font = FONTS[line.font ?? 'sans'];
    const baseline = line.y + 0.88 * line.size;
    [...line.text].forEach((ch, i) => {
      if (ch === ' ') return;
      parts.push(
        `<text x="${xs[i]!.toFixed(1)}" y="${baseline.toFixed(1)}" font-family="${font}" font-size="${line.size}" fill="${line.fill ?? '#111'}">${escapeXml(ch)}</text>`,
      );
    });
  }
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><rect width="100%" height="100%" fill="#fff"/>${parts.join('')}</svg>`;
}

export async function renderPage(width: number, height: number, lines: PageLine[]): Promise<RawImage> {
  const { data, info } = await sharp(Buffer.from(pageSvg(width, height, lines)))
    .flatten({ background: '#ffffff' })
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

/** Same page turned clockwise by `turn` degrees, as a scanner might have stored it. */
export async function turnPage(img: RawImage, turn: 90 | 180 | 270): Promise<RawImage> {
  const { data, info } = await sharp(img.data, { raw: { width: img.width, height: img.height, channels: 3 } })
    .rotate(turn)
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

export async function toJpeg(img: RawImage, quality = 90): Promise<Buffer> {
  return sharp(img.data, { raw: { width: img.width, height: img.height, channels: 3 } }).jpeg({ quality }).toBuffer();
}

/** Fraction of `gt`'s area covered by the union of `boxes` (pixel count, boxes may overlap). */
export function coverage(gt: Box, boxes: Box[]): number {
  let covered = 0;
  for (let y = gt.y; y < gt.y + gt.h; y++) {
    for (let x = gt.x; x < gt.x + gt.w; x++) {
      if (boxes.some((b) => x >= b.x && x < b.x + b.w && y >= b.y && y < b.y + b.h)) covered++;
    }
  }
  return covered / (gt.w * gt.h);
}

/** Pixels of `other` (an unrelated text box) that `boxes` cover, as a fraction of `other`. */
export function overlapFraction(other: Box, boxes: Box[]): number {
  return coverage(other, boxes);
}

/**
 * A 150-dpi A4 page (1240×1754) with a form-like layout: title, the name inside a longer line,
 * a table row, the unit, a Uyghur name and unrelated text.
 */
export function samplePageLines(scale = 1): PageLine[] {
  const s = (v: number) => Math.round(v * scale);
  return [
    { text: '专业技术职务任职资格申报材料', x: s(300), y: s(120), size: s(40), font: 'serif' },
    { text: '申报人：王建国，男，1985年出生，汉族', x: s(120), y: s(260), size: s(30) },
    { text: '工作单位：伊犁哈萨克自治州人民医院', x: s(120), y: s(340), size: s(30) },
    { text: '合作者：阿依古丽·买买提，主治医师', x: s(120), y: s(420), size: s(30), font: 'serif' },
    { text: '姓名', x: s(120), y: s(520), size: s(28) },
    { text: '王 建 国', x: s(320), y: s(520), size: s(28) },
    { text: '性别', x: s(620), y: s(520), size: s(28) },
    { text: '男', x: s(820), y: s(520), size: s(28) },
    { text: '本人自参加工作以来，一直从事临床医疗工作，', x: s(120), y: s(640), size: s(28) },
    { text: '熟练掌握本专业常见病的诊断和治疗方法。', x: s(120), y: s(700), size: s(28) },
    { text: '证书编号：20230815001', x: s(120), y: s(800), size: s(26) },
  ];
}
