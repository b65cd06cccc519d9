import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import type { Region, RegionKind } from '../../src/masking/image-types';

// Synthetic attachment pages with ground truth for the masking bench and tests (issue 3).
// Text: Debian fonts-noto-cjk (Noto Sans/Serif CJK SC) rendered by sharp's librsvg.
// Faces: bench/corpus/assets/astronaut.jpg, scikit-image's data/astronaut.png as shipped in
// Debian python3-skimage (NASA photo of Eileen Collins, public domain), re-encoded as JPEG.
// Seals are drawn here. Every GT box is the ink (or ring) box in displayed-image pixels.

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const ASTRONAUT_PATH = path.join(HERE, 'assets', 'astronaut.jpg');
// Hand-labelled on the 512×512 astronaut photo (not taken from the detector).
const ASTRO_FACE = { x: 172, y: 75, w: 106, h: 108 };
const ASTRO_EYES = { x: 192, y: 95, w: 66, h: 14 };
// Head-and-shoulders crop used as an ID photo (about 25 × 34 mm).
const ID_CROP = { left: 100, top: 10, width: 250, height: 340 };

export type Layout = 'certificate' | 'form' | 'letter' | 'photo' | 'award' | 'blank';

export interface CorpusPage {
  id: string;
  layout: Layout;
  dpi: number;
  /** Clockwise rotation a reader must apply to read the page upright (0 for most pages). */
  orientation: 0 | 90 | 180 | 270;
  /** EXIF orientation tag written into the file (1 = none); GT is in displayed pixels either way. */
  exif: number;
  jpeg: Buffer;
  width: number;
  height: number;
  targets: { names: string[]; units: string[] };
  gt: Region[];
}

export interface PageSpec {
  seed: number;
  layout?: Layout;
  dpi?: number;
  /** Degrade the page (blur, noise, tilt, JPEG artefacts). Default true. */
  degrade?: boolean;
  orientation?: 0 | 90 | 180 | 270;
  exif?: 1 | 3 | 6 | 8;
  /** Page size in inches; default A4. Tests use small pages. */
  sizeIn?: { w: number; h: number };
}

const NAMES = [
  '王建国', '李晓梅', '张伟', '刘志强', '陈静怡', '杨帆', '赵丽娟', '黄海涛', '周敏', '吴子轩',
  '欧阳明辉', '司马云飞', '买买提·艾力', '古丽娜尔·吐尔逊', '孙悦', '马俊杰', '朱红', '胡文博', '郭晓燕', '何振宇',
];
const OTHER_PEOPLE = ['李明', '赵刚', '钱文华', '孙丽', '周国平', '吴桂芳'];
const UNITS: Array<[string, string]> = [
  ['华东市第一人民医院', '市一院'],
  ['江北省建筑设计研究院有限公司', '省建院'],
  ['南湖区实验中学', '实验中学'],
  ['西岭市农业科学研究院', '农科院'],
  ['东海县人民医院', '县医院'],
  ['滨江市水利水电勘测设计院', '水电院'],
  ['云山市第三中学', '云山三中'],
  ['中原化工集团有限公司', '中原化工'],
  ['北河省交通规划设计院', '交规院'],
  ['青石市疾病预防控制中心', '青石疾控'],
];
const ISSUERS = ['西岭市人力资源和社会保障局', '江北省职称改革工作领导小组', '北河省科学技术厅', '华东市教育局'];
const FILLER = [
  '在本专业领域工作期间，认真履行岗位职责，业务能力突出',
  '主持完成多项重点课题，取得了良好的社会效益和经济效益',
  '近三年年度考核均为合格以上，无违法违纪行为',
  '积极参与继续教育，累计完成规定学时，成绩合格',
  '发表学术论文若干篇，其中核心期刊论文两篇',
  '指导青年技术人员开展工作，团队协作能力较强',
  '参与编制行业标准一项，获得同行专家一致好评',
  '该同志政治立场坚定，遵纪守法，具有良好的职业道德',
  '经研究，同意其申报相应专业技术资格评审',
  '特此证明，情况属实，如有不实愿承担相应责任',
  '项目成果已在多个单位推广应用，效果显著',
  '本人承诺所提交的申报材料真实有效',
];
const ABSTRACT = [
  '摘要：本文研究了复杂地质条件下深基坑支护结构的受力特性',
  '通过有限元数值模拟与现场监测数据对比分析',
  '提出了一种适用于软土地区的组合支护优化设计方法',
  '结果表明，该方法可有效控制基坑变形并降低工程造价',
  '关键词：深基坑；支护结构；数值模拟；变形控制',
  '第一章 绪论 1.1 研究背景与意义',
  '随着城市化进程加快，地下空间开发规模不断扩大',
];

const SANS = 'Noto Sans CJK SC';
const SERIF = 'Noto Serif CJK SC';

/** mulberry32: small, seedable, good enough for layout jitter. */
function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    range: (lo: number, hi: number) => lo + (hi - lo) * next(),
    int: (lo: number, hi: number) => Math.floor(lo + (hi - lo + 1) * next()),
    pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!,
    chance: (p: number) => next() < p,
  };
}
type Rng = ReturnType<typeof rng>;

interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

interface TextRun {
  text: string;
  x: number;
  baseline: number;
  size: number;
  font: string;
  weight?: number;
  fill?: string;
  spacing?: number;
  kind?: 'name' | 'unit';
}

interface PhotoItem {
  input: Buffer;
  x: number;
  y: number;
  gt: Region[];
}

interface SealItem {
  svg: string;
  x: number;
  y: number;
  w: number;
  h: number;
}

interface Scene {
  width: number;
  height: number;
  paper: string;
  runs: TextRun[];
  shapes: string[];
  photos: PhotoItem[];
  seals: SealItem[];
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');

/** Advance estimate: CJK and full-width forms 1 em, ASCII ~0.55 em (only used for spacing). */
function textWidth(text: string, size: number, spacing = 0): number {
  let w = 0;
  for (const ch of text) w += (ch.charCodeAt(0) < 0x2000 && ch !== '·' ? 0.55 : 1) * size + spacing;
  return w - spacing;
}

const inkCache = new Map<string, Box>();

/** Ink box of a run, measured by rendering it alone (exact GT whatever the glyphs are). */
async function inkBox(run: TextRun): Promise<Box> {
  const key = [run.text, run.size, run.font, run.weight ?? 400, run.spacing ?? 0].join('|');
  let rel = inkCache.get(key);
  if (!rel) {
    const pad = Math.ceil(run.size);
    const w = Math.ceil(textWidth(run.text, run.size, run.spacing) * 1.3 + 2 * pad);
    const h = Math.ceil(run.size * 2 + 2 * pad);
    const base = pad + run.size * 1.2;
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}"><rect width="${w}" height="${h}" fill="#fff"/><text x="${pad}" y="${base}" font-family="${run.font}" font-size="${run.size}" font-weight="${run.weight ?? 400}" letter-spacing="${run.spacing ?? 0}" fill="#000">${esc(run.text)}</text></svg>`;
    const { data, info } = await sharp(Buffer.from(svg)).greyscale().raw().toBuffer({ resolveWithObject: true });
    let x0 = info.width;
    let y0 = info.height;
    let x1 = -1;
    let y1 = -1;
    for (let y = 0; y < info.height; y++) {
      for (let x = 0; x < info.width; x++) {
        if (data[y * info.width + x]! < 160) {
          if (x < x0) x0 = x;
          if (x > x1) x1 = x;
          if (y < y0) y0 = y;
          if (y > y1) y1 = y;
        }
      }
    }
    rel = { x: x0 - pad, y: y0 - base, w: x1 - x0 + 1, h: y1 - y0 + 1 };
    inkCache.set(key, rel);
  }
  return { x: run.x + rel.x, y: run.baseline + rel.y, w: rel.w, h: rel.h };
}

function runSvg(r: TextRun): string {
  return `<text x="${r.x.toFixed(1)}" y="${r.baseline.toFixed(1)}" font-family="${r.font}" font-size="${r.size.toFixed(1)}" font-weight="${r.weight ?? 400}" letter-spacing="${r.spacing ?? 0}" fill="${r.fill ?? '#111'}">${esc(r.text)}</text>`;
}

/** A line made of runs placed one after another; returns the x after the last run. */
function line(scene: Scene, parts: Array<string | { text: string; kind: 'name' | 'unit'; spacing?: number }>, x: number, baseline: number, size: number, font: string, extra: Partial<TextRun> = {}): number {
  let cx = x;
  for (const p of parts) {
    const run: TextRun = typeof p === 'string' ? { text: p, x: cx, baseline, size, font, ...extra } : { text: p.text, x: cx, baseline, size, font, kind: p.kind, spacing: p.spacing, ...extra };
    if (run.text) scene.runs.push(run);
    cx += textWidth(run.text, size, run.spacing) + size * 0.05;
  }
  return cx;
}

/** Wraps filler text into lines of at most `maxW` px. */
function paragraph(scene: Scene, text: string, x: number, y: number, maxW: number, size: number, font: string, lead = 1.7): number {
  const perLine = Math.max(4, Math.floor(maxW / size));
  const chars = [...text];
  let baseline = y;
  for (let i = 0; i < chars.length; i += perLine) {
    line(scene, [chars.slice(i, i + perLine).join('')], x, baseline, size, font);
    baseline += size * lead;
  }
  return baseline;
}

// ---- seals ---------------------------------------------------------------------------------

function starPath(cx: number, cy: number, r: number): string {
  const pts: string[] = [];
  for (let i = 0; i < 10; i++) {
    const rr = i % 2 === 0 ? r : r * 0.382;
    const a = -Math.PI / 2 + (i * Math.PI) / 5;
    pts.push(`${(cx + rr * Math.cos(a)).toFixed(1)},${(cy + rr * Math.sin(a)).toFixed(1)}`);
  }
  return `<polygon points="${pts.join(' ')}"/>`;
}

/**
 * Official seal: ring, rim text on the upper arc, star, optional bottom line, turned by `angle`°
 * as a hand stamps it. The SVG canvas is the turned ellipse's bounding box (= the GT box).
 */
function sealSvg(r: Rng, text: string, rx: number, ry: number, angle: number, faded: boolean): { svg: string; w: number; h: number } {
  const colour = faded ? r.pick(['#e5566a', '#ee6f7f', '#d9475a']) : r.pick(['#d8141e', '#c8101a', '#e0202a', '#cc1f2a']);
  const opacity = faded ? r.range(0.55, 0.75) : r.range(0.8, 0.95);
  const t = (angle * Math.PI) / 180;
  const hw = Math.sqrt((rx * Math.cos(t)) ** 2 + (ry * Math.sin(t)) ** 2);
  const hh = Math.sqrt((rx * Math.sin(t)) ** 2 + (ry * Math.cos(t)) ** 2);
  const w = Math.ceil(2 * hw);
  const h = Math.ceil(2 * hh);
  const cx = w / 2;
  const cy = h / 2;
  const stroke = Math.min(rx, ry) * 2 * r.range(0.03, 0.045);
  const chars = [...text];
  const ch = Math.min(rx, ry) * 2 * (chars.length > 12 ? 0.13 : 0.16);
  const span = Math.min(250, chars.length * 22) * (Math.PI / 180);
  const parts: string[] = [];
  parts.push(`<ellipse cx="${cx}" cy="${cy}" rx="${rx - stroke / 2}" ry="${ry - stroke / 2}" fill="none" stroke="${colour}" stroke-width="${stroke}"/>`);
  for (let i = 0; i < chars.length; i++) {
    const a = -Math.PI / 2 - span / 2 + (span * (i + 0.5)) / chars.length;
    const tx = cx + (rx - stroke - ch * 0.62) * Math.cos(a);
    const ty = cy + (ry - stroke - ch * 0.62) * Math.sin(a);
    const deg = (a * 180) / Math.PI + 90;
    parts.push(`<text transform="translate(${tx.toFixed(1)},${ty.toFixed(1)}) rotate(${deg.toFixed(1)})" x="0" y="${(ch * 0.38).toFixed(1)}" text-anchor="middle" font-family="${SERIF}" font-weight="700" font-size="${ch.toFixed(1)}" fill="${colour}">${esc(chars[i]!)}</text>`);
  }
  parts.push(`<g fill="${colour}">${starPath(cx, cy, Math.min(rx, ry) * 0.26)}</g>`);
  if (r.chance(0.6)) {
    const bottom = r.pick(['人事专用章', '证明专用章', '', '1101020034567']);
    if (bottom) parts.push(`<text x="${cx}" y="${cy + ry * 0.6}" text-anchor="middle" font-family="${SANS}" font-size="${(ch * 0.8).toFixed(1)}" fill="${colour}">${esc(bottom)}</text>`);
  }
  // Uneven ink: a few paper-coloured specks knocked out of the stamp.
  const specks: string[] = [];
  const n = faded ? 60 : 25;
  for (let i = 0; i < n; i++) specks.push(`<circle cx="${r.range(0, w).toFixed(1)}" cy="${r.range(0, h).toFixed(1)}" r="${(Math.min(w, h) * r.range(0.004, 0.015)).toFixed(1)}" fill="#000"/>`);
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}"><defs><mask id="m"><rect width="${w}" height="${h}" fill="#fff"/>${specks.join('')}</mask></defs><g mask="url(#m)" opacity="${opacity.toFixed(2)}"><g transform="rotate(${angle.toFixed(1)} ${cx} ${cy})">${parts.join('')}</g></g></svg>`;
  return { svg, w, h };
}

function addSeal(scene: Scene, r: Rng, text: string, cx: number, cy: number, dpi: number, ellipse = false, faded = r.chance(0.3)): void {
  const mm = dpi / 25.4;
  const d = r.range(34, 44) * mm;
  const rx = (ellipse ? r.range(40, 48) * mm : d) / 2;
  const ry = (ellipse ? r.range(28, 34) * mm : d) / 2;
  const angle = ellipse ? r.range(-8, 8) : r.range(-25, 25);
  const { svg, w, h } = sealSvg(r, text, rx, ry, angle, faded);
  const x = Math.round(cx - w / 2 + r.range(-0.1, 0.1) * w);
  const y = Math.round(cy - h / 2 + r.range(-0.1, 0.1) * h);
  scene.seals.push({ svg, x, y, w, h });
}

/**
 * A small page (A6 at `dpi`) with two lines of black text and one seal stamped across them;
 * for tests that need a specific seal shape.
 */
export async function sealSample(opts: { seed: number; dpi: number; ellipse: boolean; faded: boolean }): Promise<{ jpeg: Buffer; gt: Region }> {
  const r = rng(opts.seed);
  const W = Math.round(4.1 * opts.dpi);
  const H = Math.round(5.8 * opts.dpi);
  const pt = (p: number) => (p * opts.dpi) / 72;
  const scene: Scene = { width: W, height: H, paper: '#fbfaf6', runs: [], shapes: [], photos: [], seals: [] };
  const unit = r.pick(UNITS)[0];
  line(scene, [unit], W * 0.2, H * 0.5, pt(12), SERIF);
  line(scene, [`${r.int(2019, 2024)}年${r.int(1, 12)}月${r.int(1, 28)}日`], W * 0.3, H * 0.5 + pt(24), pt(12), SANS);
  addSeal(scene, r, unit, W * 0.5, H * 0.5, opts.dpi, opts.ellipse, opts.faded);
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}"><rect width="${W}" height="${H}" fill="${scene.paper}"/>${scene.runs.map(runSvg).join('')}</svg>`;
  const s = scene.seals[0]!;
  const jpeg = await sharp(Buffer.from(svg))
    .composite([{ input: Buffer.from(s.svg), left: s.x, top: s.y, blend: 'multiply' }])
    .jpeg({ quality: 85 })
    .toBuffer();
  return { jpeg, gt: { kind: 'seal', x: s.x, y: s.y, w: s.w, h: s.h, score: 1 } };
}

// ---- photos -------------------------------------------------------------------------------

const astronaut = () => readFileSync(ASTRONAUT_PATH);

function scaleBox(b: Box, sx: number, sy: number, ox: number, oy: number): Box {
  return { x: ox + b.x * sx, y: oy + b.y * sy, w: b.w * sx, h: b.h * sy };
}

function flipBox(b: Box, width: number): Box {
  return { ...b, x: width - b.x - b.w };
}

/** ID photo (head and shoulders) of width `w` px at (x, y). */
async function idPhoto(r: Rng, x: number, y: number, w: number): Promise<PhotoItem> {
  const h = Math.round((w * ID_CROP.height) / ID_CROP.width);
  const flip = r.chance(0.5);
  let img = sharp(astronaut()).extract(ID_CROP).resize(w, h);
  if (flip) img = img.flop();
  if (r.chance(0.3)) img = img.greyscale();
  img = img.modulate({ brightness: r.range(0.85, 1.15) });
  const s = w / ID_CROP.width;
  const local = (b: Box) => {
    const shifted = { ...b, x: b.x - ID_CROP.left, y: b.y - ID_CROP.top };
    return scaleBox(flip ? flipBox(shifted, ID_CROP.width) : shifted, s, s, x, y);
  };
  return {
    input: await img.jpeg({ quality: 92 }).toBuffer(),
    x,
    y,
    gt: [
      { kind: 'face', ...local(ASTRO_FACE), score: 1 },
      { kind: 'eyes', ...local(ASTRO_EYES), score: 1 },
    ],
  };
}

/** Whole photo ("photo at work"), `w` px wide. */
async function workPhoto(r: Rng, x: number, y: number, w: number): Promise<PhotoItem> {
  const flip = r.chance(0.5);
  let img = sharp(astronaut()).resize(w, w);
  if (flip) img = img.flop();
  const s = w / 512;
  const local = (b: Box) => scaleBox(flip ? flipBox(b, 512) : b, s, s, x, y);
  return {
    input: await img.jpeg({ quality: 90 }).toBuffer(),
    x,
    y,
    gt: [
      { kind: 'face', ...local(ASTRO_FACE), score: 1 },
      { kind: 'eyes', ...local(ASTRO_EYES), score: 1 },
    ],
  };
}

// ---- layouts ------------------------------------------------------------------------------

interface Ctx {
  r: Rng;
  dpi: number;
  pt: (p: number) => number;
  name: string;
  unit: [string, string];
  spacedName: boolean;
}

/** Red title (红头); red text and rules are not seals. The unit in a header is GT like any other. */
function redHeader(scene: Scene, c: Ctx, parts: Array<string | { text: string; kind: 'name' | 'unit' }>, y: number, rule: boolean): void {
  const chars = parts.reduce((n, p) => n + [...(typeof p === 'string' ? p : p.text)].length, 0);
  const size = Math.min(c.pt(c.r.range(22, 30)), (scene.width * 0.8) / (chars * 1.12));
  const w = parts.reduce((n, p) => n + textWidth(typeof p === 'string' ? p : p.text, size, size * 0.1) + size * 0.05, 0);
  line(scene, parts, (scene.width - w) / 2, y, size, c.r.chance(0.5) ? SERIF : SANS, { fill: c.r.pick(['#d0101a', '#e02020', '#c81e28']), weight: 700, spacing: size * 0.1 });
  if (rule) {
    const ry = y + size * 0.6;
    scene.shapes.push(`<rect x="${scene.width * 0.08}" y="${ry}" width="${scene.width * 0.84}" height="${c.pt(2.2)}" fill="#d0101a"/>`);
    if (c.r.chance(0.5)) scene.shapes.push(`<rect x="${scene.width * 0.08}" y="${ry + c.pt(4)}" width="${scene.width * 0.84}" height="${c.pt(0.8)}" fill="#d0101a"/>`);
  }
}

const nameRun = (c: Ctx) => ({ text: c.name, kind: 'name' as const, spacing: c.spacedName ? c.pt(6) : 0 });

async function certificate(scene: Scene, c: Ctx): Promise<void> {
  const { r, pt } = c;
  const W = scene.width;
  redHeader(scene, c, [r.pick(['专业技术资格证书', '专业技术职务任职资格证书'])], pt(110), false);
  const size = pt(r.range(12, 15));
  const font = r.pick([SANS, SERIF]);
  const left = W * 0.14;
  const photoW = Math.round(pt(r.range(62, 86))); // 0.85–1.2 inch wide
  scene.photos.push(await idPhoto(r, Math.round(W * 0.86 - photoW), Math.round(pt(150)), photoW));
  let y = pt(175);
  const fields: Array<Array<string | { text: string; kind: 'name' | 'unit'; spacing?: number }>> = [
    ['姓　　名：', nameRun(c)],
    ['性　　别：', r.pick(['男', '女'])],
    ['出生年月：', `${r.int(1965, 1992)}年${r.int(1, 12)}月`],
    ['工作单位：', { text: c.unit[0], kind: 'unit' }],
    ['专　　业：', r.pick(['临床医学', '建筑工程', '农业推广', '中学数学'])],
    ['资格名称：', r.pick(['高级工程师', '副主任医师', '高级教师', '高级农艺师'])],
    ['证书编号：', `${r.int(100000, 999999)}${r.int(1000, 9999)}`],
  ];
  for (const f of fields) {
    line(scene, f, left, y, size, font);
    y += size * 2.2;
  }
  y = paragraph(scene, r.pick(FILLER) + '，' + r.pick(FILLER) + '。', left, y + size, W * 0.72, size, font);
  const issuer = r.pick(ISSUERS);
  const sy = y + pt(60);
  line(scene, ['发证机关：', issuer], W * 0.42, sy, size, font);
  line(scene, [`${r.int(2015, 2024)}年${r.int(1, 12)}月${r.int(1, 28)}日`], W * 0.55, sy + size * 2, size, font);
  addSeal(scene, r, issuer, W * 0.62, sy - size * 0.5, c.dpi, r.chance(0.25));
}

async function form(scene: Scene, c: Ctx): Promise<void> {
  const { r, pt } = c;
  const W = scene.width;
  line(scene, ['专业技术职务任职资格评审表'], W * 0.25, pt(90), pt(20), SANS, { weight: 700 });
  const size = pt(r.range(10.5, 13));
  const font = r.pick([SANS, SERIF]);
  const x0 = W * 0.1;
  const x1 = W * 0.9;
  const rowH = size * 2.6;
  let y = pt(120);
  const cols = [x0, x0 + (x1 - x0) * 0.18, x0 + (x1 - x0) * 0.45, x0 + (x1 - x0) * 0.6, x0 + (x1 - x0) * 0.78, x1];
  const rows: Array<Array<string | { text: string; kind: 'name' | 'unit'; spacing?: number }>> = [
    ['姓名', nameRun(c), '性别', r.pick(['男', '女'])],
    ['出生年月', `${r.int(1965, 1992)}.${r.int(1, 12)}`, '学历', r.pick(['本科', '研究生', '大专'])],
    ['工作单位', { text: c.unit[0], kind: 'unit' }],
    ['现任职务', r.pick(['工程师', '主治医师', '一级教师']), '任职时间', `${r.int(2010, 2019)}年`],
    ['单位简称', { text: c.unit[1], kind: 'unit' }],
    ['审核人', r.pick(OTHER_PEOPLE), '联系电话', `1${r.int(3, 9)}${r.int(100000000, 999999999)}`],
  ];
  const top = y;
  for (const row of rows) {
    for (let i = 0; i < row.length; i++) {
      const cell = row[i]!;
      const cx = cols[i]! + size * 0.5;
      line(scene, [cell], cx, y + rowH * 0.68, size, font);
    }
    y += rowH;
    scene.shapes.push(`<rect x="${x0}" y="${y}" width="${cols[4]! - x0}" height="${pt(0.8)}" fill="#222"/>`);
  }
  scene.shapes.push(`<rect x="${x0}" y="${top}" width="${x1 - x0}" height="${pt(0.8)}" fill="#222"/>`);
  for (const cx of cols) scene.shapes.push(`<rect x="${cx}" y="${top}" width="${pt(0.8)}" height="${y - top}" fill="#222"/>`);
  scene.shapes.push(`<rect x="${cols[4]}" y="${y}" width="${x1 - cols[4]!}" height="${pt(0.8)}" fill="#222"/>`);
  const photoW = Math.round((x1 - cols[4]!) * 0.8);
  scene.photos.push(await idPhoto(r, Math.round(cols[4]! + (x1 - cols[4]!) * 0.1), Math.round(top + rowH * 0.3), photoW));
  y += pt(30);
  y = paragraph(scene, '主要业绩：' + r.pick(FILLER) + '；' + r.pick(FILLER) + '；' + r.pick(FILLER) + '。', x0, y, x1 - x0, size, font);
  if (r.chance(0.6)) {
    const sy = y + pt(50);
    line(scene, ['单位意见：同意推荐。'], x0, sy, size, font);
    const ux = W * 0.5;
    const end = line(scene, [{ text: c.unit[0], kind: 'unit' }, '（盖章）'], ux, sy + size * 3, size, font);
    addSeal(scene, r, c.unit[0], (ux + end) / 2 - size * 2, sy + size * 2.5, c.dpi);
  }
}

async function letter(scene: Scene, c: Ctx): Promise<void> {
  const { r, pt } = c;
  const W = scene.width;
  redHeader(scene, c, [{ text: c.unit[0], kind: 'unit' }, '文件'], pt(95), true);
  const size = pt(r.range(12, 15));
  const font = r.pick([SANS, SERIF]);
  line(scene, ['证　明'], W * 0.45, pt(170), pt(20), font, { weight: 700 });
  const x0 = W * 0.12;
  let y = pt(215);
  line(scene, ['兹证明', nameRun(c), '同志，', `${r.int(1970, 1990)}年出生，`], x0 + size * 2, y, size, font);
  y += size * 1.9;
  line(scene, [`${r.int(2005, 2015)}年起在我单位（`, { text: c.unit[1], kind: 'unit' }, '）工作至今，'], x0, y, size, font);
  y += size * 1.9;
  y = paragraph(scene, r.pick(FILLER) + '，' + r.pick(FILLER) + '。', x0, y, W * 0.76, size, font);
  line(scene, ['联系人：', r.pick(OTHER_PEOPLE), '，电话：', `0${r.int(100, 999)}-${r.int(1000000, 9999999)}`], x0, y + size, size, font);
  y += size * 3;
  line(scene, ['经核实，', nameRun(c), '同志所报材料属实。'], x0 + size * 2, y, size, font);
  const sy = y + pt(70);
  const ux = W * 0.5;
  const end = line(scene, [{ text: c.unit[0], kind: 'unit' }], ux, sy, size, font);
  line(scene, [`${r.int(2020, 2024)}年${r.int(1, 12)}月${r.int(1, 28)}日`], ux + size, sy + size * 2, size, font);
  addSeal(scene, r, c.unit[0], (ux + end) / 2, sy - size * 0.2, c.dpi, r.chance(0.2));
}

async function photoPage(scene: Scene, c: Ctx): Promise<void> {
  const { r, pt } = c;
  const W = scene.width;
  const size = pt(r.range(12, 14));
  line(scene, ['工作照片'], W * 0.42, pt(80), pt(18), SANS, { weight: 700 });
  const pw = Math.round(W * r.range(0.45, 0.7));
  const px = Math.round((W - pw) / 2);
  const py = Math.round(pt(110));
  scene.photos.push(await workPhoto(r, px, py, pw));
  line(scene, ['图：', nameRun(c), '在', { text: c.unit[1], kind: 'unit' }, '开展业务工作'], px, py + pw + size * 2, size, SANS);
  if (r.chance(0.5)) {
    const p2 = Math.round(W * 0.3);
    scene.photos.push(await idPhoto(r, Math.round(W * 0.1), Math.round(py + pw + size * 4), p2));
  }
}

async function award(scene: Scene, c: Ctx): Promise<void> {
  const { r, pt } = c;
  const W = scene.width;
  const H = scene.height;
  const bw = pt(6);
  scene.shapes.push(`<rect x="${pt(30)}" y="${pt(30)}" width="${W - pt(60)}" height="${H - pt(60)}" fill="none" stroke="#c81e28" stroke-width="${bw}"/>`);
  redHeader(scene, c, [r.pick(['荣誉证书', '获奖证书'])], pt(150), false);
  const size = pt(r.range(15, 18));
  const font = SERIF;
  let y = pt(240);
  line(scene, [nameRun(c), '同志：'], W * 0.15, y, size, font);
  y += size * 2.2;
  line(scene, ['在', `${r.int(2019, 2024)}年度工作中成绩突出，`], W * 0.15 + size * 2, y, size, font);
  y += size * 2;
  line(scene, ['被评为', r.pick(['先进工作者', '优秀共产党员', '科技进步奖二等奖']), '。'], W * 0.15, y, size, font);
  y += size * 2;
  line(scene, ['特发此证，以资鼓励。'], W * 0.15 + size * 2, y, size, font);
  const issuer = r.chance(0.5) ? c.unit[0] : r.pick(ISSUERS);
  const sy = y + pt(120);
  const end = line(scene, [issuer === c.unit[0] ? { text: issuer, kind: 'unit' } : issuer], W * 0.45, sy, size, font);
  addSeal(scene, r, issuer, (W * 0.45 + end) / 2, sy - size * 0.3, c.dpi, r.chance(0.3));
}

async function blank(scene: Scene, c: Ctx): Promise<void> {
  const { r, pt } = c;
  const W = scene.width;
  if (r.chance(0.5)) redHeader(scene, c, ['学术论文'], pt(90), r.chance(0.5));
  const size = pt(r.range(10.5, 13));
  let y = pt(140);
  for (let i = 0; i < 6; i++) y = paragraph(scene, r.pick(ABSTRACT) + '。' + r.pick(ABSTRACT) + '。', W * 0.1, y, W * 0.8, size, r.pick([SANS, SERIF])) + size;
  line(scene, ['作者：', r.pick(OTHER_PEOPLE), '，', r.pick(OTHER_PEOPLE)], W * 0.1, y + size, size, SANS);
}

const LAYOUTS: Record<Layout, (s: Scene, c: Ctx) => Promise<void>> = {
  certificate,
  form,
  letter,
  photo: photoPage,
  award,
  blank,
};

// ---- rendering ----------------------------------------------------------------------------

function rotateBox(b: Box, angleDeg: number, cx: number, cy: number, ncx: number, ncy: number): Box {
  const a = (angleDeg * Math.PI) / 180;
  const cos = Math.cos(a);
  const sin = Math.sin(a);
  const pts = [
    [b.x, b.y],
    [b.x + b.w, b.y],
    [b.x, b.y + b.h],
    [b.x + b.w, b.y + b.h],
  ].map(([x, y]) => [ncx + (x! - cx) * cos - (y! - cy) * sin, ncy + (x! - cx) * sin + (y! - cy) * cos]);
  const xs = pts.map((p) => p[0]!);
  const ys = pts.map((p) => p[1]!);
  const x0 = Math.min(...xs);
  const y0 = Math.min(...ys);
  return { x: x0, y: y0, w: Math.max(...xs) - x0, h: Math.max(...ys) - y0 };
}

function roundRegion(g: Region): Region {
  const x = Math.floor(g.x);
  const y = Math.floor(g.y);
  return { kind: g.kind, x, y, w: Math.ceil(g.x + g.w) - x, h: Math.ceil(g.y + g.h) - y, score: 1 };
}

/** Gaussian-ish noise (sum of two uniforms) on every channel. */
function addNoise(data: Buffer, r: Rng, sigma: number): void {
  for (let i = 0; i < data.length; i++) {
    const n = (r.next() + r.next() - 1) * sigma * 2.45;
    const v = data[i]! + n;
    data[i] = v < 0 ? 0 : v > 255 ? 255 : v;
  }
}

export async function generatePage(spec: PageSpec): Promise<CorpusPage> {
  const r = rng(spec.seed * 7919 + 17);
  const layout = spec.layout ?? r.pick(['certificate', 'form', 'letter', 'photo', 'award', 'blank'] as const);
  const dpi = spec.dpi ?? r.pick([150, 200, 300]);
  const size = spec.sizeIn ?? { w: 8.27, h: 11.69 };
  const W = Math.round(size.w * dpi);
  const H = Math.round(size.h * dpi);
  const unit = r.pick(UNITS);
  const ctx: Ctx = { r, dpi, pt: (p) => (p * dpi) / 72, name: r.pick(NAMES), unit, spacedName: r.chance(0.15) };
  const paper = r.pick(['#ffffff', '#fdfcf8', '#f7f6f1', '#fbfbfb']);
  const scene: Scene = { width: W, height: H, paper, runs: [], shapes: [], photos: [], seals: [] };
  await LAYOUTS[layout](scene, ctx);

  // Ground truth before degradation.
  let gt: Region[] = [];
  for (const run of scene.runs) if (run.kind) gt.push({ kind: run.kind, ...(await inkBox(run)), score: 1 });
  for (const p of scene.photos) gt.push(...p.gt);
  for (const s of scene.seals) gt.push({ kind: 'seal', x: s.x, y: s.y, w: s.w, h: s.h, score: 1 });

  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}"><rect width="${W}" height="${H}" fill="${paper}"/>${scene.shapes.join('')}${scene.runs.map(runSvg).join('')}</svg>`;
  let page = await sharp(Buffer.from(svg))
    .composite(scene.photos.map((p) => ({ input: p.input, left: p.x, top: p.y })))
    .png({ compressionLevel: 0 })
    .toBuffer();
  if (scene.seals.length > 0) {
    page = await sharp(page)
      .composite(scene.seals.map((s) => ({ input: Buffer.from(s.svg), left: s.x, top: s.y, blend: 'multiply' as const })))
      .png({ compressionLevel: 0 })
      .toBuffer();
  }

  const degrade = spec.degrade ?? true;
  let pipeline = sharp(page).removeAlpha();
  if (degrade) {
    const angle = r.range(-1.5, 1.5);
    const rotated = await sharp(page).removeAlpha().rotate(angle, { background: paper }).raw().toBuffer({ resolveWithObject: true });
    const rw = rotated.info.width;
    const rh = rotated.info.height;
    const left = Math.round((rw - W) / 2);
    const top = Math.round((rh - H) / 2);
    gt = gt.map((g) => ({ ...g, ...rotateBox(g, angle, W / 2, H / 2, rw / 2 - left, rh / 2 - top) }));
    const blur = r.chance(0.6) ? r.range(0.4, 1.1) * (dpi / 200) : 0;
    let img = sharp(rotated.data, { raw: { width: rw, height: rh, channels: 3 } }).extract({ left, top, width: W, height: H });
    if (blur >= 0.3) img = img.blur(blur);
    const { data } = await img.raw().toBuffer({ resolveWithObject: true });
    addNoise(data, r, r.range(2, 7));
    pipeline = sharp(data, { raw: { width: W, height: H, channels: 3 } });
  }
  gt = gt.map(roundRegion).map((g) => clampRegion(g, W, H));

  // A page scanned sideways: pixels turned, GT turned with them.
  const orientation = spec.orientation ?? 0;
  let dw = W;
  let dh = H;
  if (orientation !== 0) {
    // The reader must rotate `orientation` clockwise to fix it, so the scan is turned the other way.
    const turn = (360 - orientation) % 360;
    pipeline = sharp(await pipeline.raw().toBuffer(), { raw: { width: W, height: H, channels: 3 } }).rotate(turn);
    gt = gt.map((g) => ({ ...g, ...turnBox(g, turn, W, H) }));
    if (turn % 180 !== 0) [dw, dh] = [H, W];
  }

  const exif = spec.exif ?? 1;
  let jpeg: Buffer;
  const quality = degrade ? r.int(72, 92) : 92;
  if (exif === 1) {
    jpeg = await pipeline.jpeg({ quality }).toBuffer();
  } else {
    // Store pixels so that applying the EXIF tag shows the page as generated.
    const undo = exif === 6 ? 270 : exif === 8 ? 90 : 180;
    const raw = await pipeline.raw().toBuffer({ resolveWithObject: true });
    jpeg = await sharp(raw.data, { raw: { width: raw.info.width, height: raw.info.height, channels: 3 } })
      .rotate(undo)
      .jpeg({ quality })
      .withMetadata({ orientation: exif })
      .toBuffer();
  }
  return {
    id: `p${String(spec.seed).padStart(4, '0')}-${layout}-${dpi}`,
    layout,
    dpi,
    orientation,
    exif,
    jpeg,
    width: dw,
    height: dh,
    targets: { names: [ctx.name], units: [unit[0], unit[1]] },
    gt,
  };
}

function clampRegion(g: Region, W: number, H: number): Region {
  const x = Math.max(0, g.x);
  const y = Math.max(0, g.y);
  return { ...g, x, y, w: Math.min(W, g.x + g.w) - x, h: Math.min(H, g.y + g.h) - y };
}

/** Box after turning a W×H image by a multiple of 90° clockwise. */
function turnBox(b: Box, turn: number, W: number, H: number): Box {
  if (turn === 90) return { x: H - b.y - b.h, y: b.x, w: b.h, h: b.w };
  if (turn === 180) return { x: W - b.x - b.w, y: H - b.y - b.h, w: b.w, h: b.h };
  if (turn === 270) return { x: b.y, y: W - b.x - b.w, w: b.h, h: b.w };
  return b;
}

export interface CorpusOptions {
  count: number;
  seed?: number;
}

/**
 * The bench corpus: every layout in turn, dpi 150–300, about one page in ten scanned sideways
 * or upside down and one in ten carrying an EXIF orientation tag.
 */
export async function* generateCorpus(opts: CorpusOptions): AsyncGenerator<CorpusPage> {
  const layouts: Layout[] = ['certificate', 'form', 'letter', 'photo', 'award', 'blank'];
  const base = opts.seed ?? 1;
  for (let i = 0; i < opts.count; i++) {
    const seed = base * 100_000 + i;
    const r = rng(seed);
    const orientation = i % 10 === 7 ? r.pick([90, 180, 270] as const) : 0;
    const exif = i % 10 === 3 ? r.pick([3, 6, 8] as const) : 1;
    yield generatePage({ seed, layout: layouts[i % layouts.length], dpi: [150, 200, 300][Math.floor(i / 6) % 3], orientation, exif });
  }
}

export const KINDS: RegionKind[] = ['name', 'unit', 'seal', 'face', 'eyes'];
