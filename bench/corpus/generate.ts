import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { mapBox, solveHomography, warpPerspective, type Point } from '../../src/masking/homography';
import type { RawImage, Region, RegionKind } from '../../src/masking/image-types';

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

export type Layout = 'certificate' | 'form' | 'letter' | 'photo' | 'award' | 'blank' | 'resume' | 'notice';

/** How the page reached us: a flatbed scan, or a phone photo of the sheet lying on a desk. */
export type Capture = 'scan' | 'phone';

export interface CorpusPage {
  id: string;
  layout: Layout;
  capture: Capture;
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
  /** Phone photos: the sheet's corners in displayed pixels (top-left, top-right, bottom-right, bottom-left). */
  sheet?: Point[];
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
  /** 'phone': the sheet photographed on a desk (keystone, roll, light fall-off, shadow). Default 'scan'. */
  capture?: Capture;
  /**
   * Issue 12 names and units: long Uyghur/Kazakh names with patronymic and every dot variant,
   * two-character and Mongolian names, long autonomous-prefecture units with 简称. Default false
   * (the issue-3 lists, which the older tests' seeds depend on).
   */
  variety?: boolean;
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
// Issue 12: names as real declarations carry them. Canonical form (what the applicant types, with
// "·"); pages write the dot as ·, •, ., - or a space.
const VARIED_NAMES = [
  '阿不都热合曼·买买提明', '古丽巴哈尔·阿不都克力木', '努尔兰·叶尔肯别克', '阿依古丽·吐尔洪', '买尔旦·艾尔肯',
  '叶尔兰·努尔哈力·吐尔逊', '热依拉·阿不都外力', '迪丽努尔·艾合买提江', '哈那提·别克苏力坦',
  '张伟', '马丽', '李娜', '王芳', '马文俊', '巴特尔', '乌云其木格', '额尔敦巴雅尔', '苏日娜', '佟吉善',
];
/** Full name, the 简称 the applicant listed, and one they forgot that follows the usual pattern. */
const VARIED_UNITS: Array<[string, string, string | null]> = [
  ['伊犁哈萨克自治州友谊医院', '友谊医院', '伊犁州友谊医院'],
  ['伊犁哈萨克自治州人民医院', '州人民医院', '伊犁州人民医院'],
  ['巴音郭楞蒙古自治州第一人民医院', '巴州一院', '巴州第一人民医院'],
  ['昌吉回族自治州农业技术推广中心', '州农技中心', '昌吉州农业技术推广中心'],
  ['克孜勒苏柯尔克孜自治州教育局教学研究室', '州教研室', '克州教育局教学研究室'],
  ['新疆维吾尔自治区地质矿产勘查开发局第一地质大队', '第一地质大队', '新疆地质矿产勘查开发局第一地质大队'],
  ['博尔塔拉蒙古自治州精河县人民医院', '精河县医院', '博州精河县人民医院'],
  ['华东市第一人民医院', '市一院', null],
  ['江北省建筑设计研究院有限公司', '省建院', null],
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
  /** A 简称 the applicant did not list but which follows the usual pattern (derivedUnitAliases). */
  forgotten?: string;
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

type Part = string | { text: string; kind: 'name' | 'unit'; spacing?: number };

/**
 * Running text wrapped at `maxW`: a name or unit that reaches the line end continues on the next
 * line as a second GT run (names "split by a line break").
 */
function wrapRuns(scene: Scene, parts: Part[], x: number, y: number, maxW: number, size: number, font: string, lead = 1.8, indent = 2): number {
  let lineParts: Part[] = [];
  let used = indent * size;
  let baseline = y;
  let first = true;
  const flush = () => {
    line(scene, lineParts, x + (first ? indent * size : 0), baseline, size, font);
    lineParts = [];
    baseline += size * lead;
    used = 0;
    first = false;
  };
  for (const p of parts) {
    const text = typeof p === 'string' ? p : p.text;
    let chunk = '';
    for (const ch of text) {
      const w = textWidth(ch, size) + size * 0.02;
      if (used + w > maxW) {
        if (chunk) lineParts.push(typeof p === 'string' ? chunk : { ...p, text: chunk });
        chunk = '';
        flush();
      }
      chunk += ch;
      used += w;
    }
    if (chunk) lineParts.push(typeof p === 'string' ? chunk : { ...p, text: chunk });
    // Runs are placed one after another with a 0.05-em gap; count it.
    used += size * 0.05;
  }
  if (lineParts.length) flush();
  return baseline;
}

/** A name or unit cell that wraps: the text cut into lines of at most `perLine` characters. */
function cellLines(text: string, perLine: number): string[] {
  const chars = [...text];
  if (chars.length <= perLine) return [text];
  // Names break after their dot (or dot substitute) when both parts then fit.
  const dot = chars.findIndex((c, i) => i > 0 && i < chars.length - 1 && /[·•.\- ]/.test(c));
  if (dot > 0 && dot + 1 <= perLine + 1 && chars.length - dot - 1 <= perLine + 1) return [chars.slice(0, dot + 1).join(''), chars.slice(dot + 1).join('')];
  const half = Math.ceil(chars.length / 2);
  return [chars.slice(0, half).join(''), chars.slice(half).join('')];
}

/** 6–7-pt footnote; at 150 dpi its glyphs are 12–15 px high (issue 12 "small print"). */
function footnote(scene: Scene, c: Ctx, y: number): void {
  const size = c.pt(c.r.range(6, 7.2));
  wrapRuns(scene, ['注：本表由', { text: c.name, kind: 'name' }, '本人填写，经', { text: c.unit[1], kind: 'unit' }, '人事部门审核，所填内容真实准确。'], scene.width * 0.1, y, scene.width * 0.8, size, SANS, 1.6, 0);
}

/** 干部履历表: name in a narrow cell (wrapped when long), unit in cells and in the work history. */
async function resume(scene: Scene, c: Ctx): Promise<void> {
  const { r, pt } = c;
  const W = scene.width;
  line(scene, ['干部履历表'], W * 0.4, pt(80), pt(22), SERIF, { weight: 700 });
  const size = pt(r.range(10.5, 12));
  const font = r.pick([SANS, SERIF]);
  const x0 = W * 0.08;
  const x1 = W * 0.92;
  const rule = (x: number, y: number, w: number, h: number) => scene.shapes.push(`<rect x="${x.toFixed(1)}" y="${y.toFixed(1)}" width="${w.toFixed(1)}" height="${h.toFixed(1)}" fill="#222"/>`);
  const lw = pt(0.8);
  let y = pt(105);
  const top = y;
  // Row 1: 姓名 | name (4 characters wide) | 性别 | … | photo.
  const nameCellW = size * 6.6;
  const nameParts = cellLines(c.name, 6);
  const rowH = size * Math.max(4, 1.6 * nameParts.length + 1.2);
  const cols = [x0, x0 + size * 4, x0 + size * 4 + nameCellW, x0 + size * 7.5 + nameCellW, x0 + size * 9.5 + nameCellW, x0 + size * 12.5 + nameCellW, x1 - pt(90), x1];
  line(scene, ['姓名'], cols[0]! + size * 0.8, y + rowH * 0.6, size, font);
  nameParts.forEach((t, i) => line(scene, [{ text: t, kind: 'name' }], cols[1]! + size * 0.3, y + rowH * (nameParts.length === 1 ? 0.6 : 0.42 + 0.36 * i), size, font));
  line(scene, ['性别'], cols[2]! + size * 0.8, y + rowH * 0.6, size, font);
  line(scene, [r.pick(['男', '女'])], cols[3]! + size * 0.6, y + rowH * 0.6, size, font);
  line(scene, ['民族'], cols[4]! + size * 0.8, y + rowH * 0.6, size, font);
  line(scene, [r.pick(['维吾尔', '哈萨克', '汉', '回', '蒙古', '锡伯'])], cols[5]! + size * 0.4, y + rowH * 0.6, size, font);
  y += rowH;
  rule(x0, y, cols[6]! - x0, lw);
  // Row 2: 现工作单位及职务 in a cell about ten characters wide: long units wrap.
  const unitCellW = cols[6]! - cols[1]! - size;
  const perLine = Math.max(6, Math.floor(unitCellW / (size * 1.02)) - 1);
  const unitLines = cellLines(c.unit[0], r.chance(0.5) ? Math.min(perLine, 10) : perLine);
  const row2H = size * (1.8 * unitLines.length + 1.2);
  line(scene, ['工作单位'], cols[0]! + size * 0.3, y + row2H * 0.55, size, font);
  unitLines.forEach((t, i) => line(scene, [{ text: t, kind: 'unit' }], cols[1]! + size * 0.4, y + size * (1.6 + 1.8 * i), size, font));
  y += row2H;
  rule(x0, y, cols[6]! - x0, lw);
  const tableBottom = Math.max(y, top + pt(125));
  for (const cx of [cols[0]!, cols[1]!]) rule(cx, top, lw, tableBottom - top);
  for (const cx of cols.slice(2, 6)) rule(cx, top, lw, rowH);
  rule(cols[6]!, top, lw, tableBottom - top);
  rule(x1, top, lw, tableBottom - top);
  rule(x0, top, x1 - x0, lw);
  rule(cols[6]!, tableBottom, x1 - cols[6]!, lw);
  scene.photos.push(await idPhoto(r, Math.round(cols[6]! + pt(8)), Math.round(top + pt(8)), Math.round(x1 - cols[6]! - pt(16))));
  // 工作经历: three rows, the unit (or a 简称) in the middle column.
  y = tableBottom + pt(30);
  line(scene, ['学习及工作经历'], x0, y, size, font, { weight: 700 });
  y += size * 0.8;
  const hist: Part[][] = [
    [`${r.int(2000, 2006)}.09—${r.int(2007, 2010)}.07`, '新疆医科大学', '学生'],
    [`${r.int(2010, 2013)}.07—${r.int(2014, 2017)}.12`, { text: c.unit[0], kind: 'unit' }, r.pick(['医师', '助理工程师', '二级教师'])],
    [`${r.int(2018, 2020)}.01—至今`, { text: c.forgotten ?? c.unit[1], kind: 'unit' }, r.pick(['主治医师', '工程师', '一级教师'])],
  ];
  const hc = [x0, x0 + size * 12, x1 - size * 8, x1];
  for (const row of hist) {
    rule(x0, y, x1 - x0, lw);
    row.forEach((cell, i) => line(scene, [cell], hc[i]! + size * 0.5, y + size * 1.6, size, font));
    y += size * 2.4;
  }
  rule(x0, y, x1 - x0, lw);
  for (const cx of hc) rule(cx, y - size * 2.4 * hist.length, lw, size * 2.4 * hist.length);
  y += pt(30);
  y = paragraph(scene, '奖惩情况：' + r.pick(FILLER) + '。', x0, y, x1 - x0, size, font);
  footnote(scene, c, Math.min(scene.height - pt(60), y + pt(40)));
}

/** 红头通知: the unit in the red header, name and 简称 in running text, the unit under its seal. */
async function notice(scene: Scene, c: Ctx): Promise<void> {
  const { r, pt } = c;
  const W = scene.width;
  redHeader(scene, c, [{ text: c.unit[0], kind: 'unit' }, '文件'], pt(90), true);
  const size = pt(r.range(11, 14));
  const font = r.pick([SANS, SERIF]);
  const x0 = W * 0.12;
  const maxW = W * 0.76;
  line(scene, ['关于推荐申报专业技术资格的通知'], W * 0.25, pt(160), pt(16), font, { weight: 700 });
  let y = pt(200);
  const alias = c.forgotten ?? c.unit[1];
  y = wrapRuns(scene, [
    '各科室：经', { text: alias, kind: 'unit' }, '职称推荐委员会研究，同意推荐', { text: c.name, kind: 'name' },
    `同志申报${r.pick(['副主任医师', '高级工程师', '高级教师'])}资格。`, { text: c.name, kind: 'name' }, `同志${r.int(2005, 2014)}年参加工作，现在`,
    { text: c.unit[0], kind: 'unit' }, '从事专业技术工作，', r.pick(FILLER), '，', r.pick(FILLER), '。',
  ], x0, y, maxW, size, font);
  y = wrapRuns(scene, ['公示期间如有异议，请向', { text: c.unit[1], kind: 'unit' }, '人事科反映。', r.pick(FILLER), '。'], x0, y + size * 0.5, maxW, size, font);
  const sy = y + pt(60);
  const ux = W * r.range(0.42, 0.5);
  const end = line(scene, [{ text: c.unit[0], kind: 'unit' }], ux, sy, size, font);
  line(scene, [`${r.int(2020, 2024)}年${r.int(1, 12)}月${r.int(1, 28)}日`], ux + size * 2, sy + size * 2, size, font);
  // The seal covers only part of the unit line (4–61 % in the issue's photos).
  addSeal(scene, r, c.unit[0], ux + (end - ux) * r.range(0.55, 0.9), sy - size * 0.3, c.dpi, r.chance(0.2));
  footnote(scene, c, Math.min(scene.height - pt(50), sy + pt(110)));
}

const LAYOUTS: Record<Layout, (s: Scene, c: Ctx) => Promise<void>> = {
  resume,
  notice,
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

// ---- phone photos ---------------------------------------------------------------------------

/** Cheap deterministic per-pixel noise in [0, 1). */
const hash = (x: number, y: number, k: number) => (((Math.imul(x, 73856093) ^ Math.imul(y, 19349663) ^ Math.imul(k, 83492791)) >>> 0) % 1021) / 1021;

/**
 * The sheet photographed on a desk or cloth: keystone from a camera tilted up to 8° (and up to
 * 4° sideways), roll ±5°, the sheet filling 75–90 % of the frame, light falling off across the
 * frame and a soft hand shadow. GT boxes are mapped by the same homography (their bounding boxes).
 */
async function photograph(sheet: RawImage, r: Rng, gt: Region[]): Promise<{ img: RawImage; gt: Region[]; corners: Point[] }> {
  const W = sheet.width;
  const H = sheet.height;
  const FW = Math.round(W * (1 + 2 * r.range(0.06, 0.14)));
  const FH = Math.round(H * (1 + 2 * r.range(0.05, 0.12)));
  const deg = Math.PI / 180;
  // Foreshortening of an A4 sheet seen from ~1.3 sheet heights away.
  const s = Math.tan(r.range(-8, 8) * deg) * 0.4;
  const t = Math.tan(r.range(-4, 4) * deg) * 0.4;
  const roll = r.range(-5, 5) * deg;
  const rel: Point[] = [
    [-(1 - s), -(1 - t)],
    [1 - s, -(1 + t)],
    [1 + s, 1 + t],
    [-(1 + s), 1 - t],
  ].map(([u, v]) => [(u! * W) / 2 + r.range(-0.004, 0.004) * W, (v! * H) / 2 + r.range(-0.004, 0.004) * H]);
  const turned = rel.map(([x, y]) => [x * Math.cos(roll) - y * Math.sin(roll), x * Math.sin(roll) + y * Math.cos(roll)] as Point);
  const cx = FW / 2 + r.range(-0.02, 0.02) * FW;
  const cy = FH / 2 + r.range(-0.02, 0.02) * FH;
  const k = Math.min(1, ...turned.map(([x, y]) => Math.min((FW / 2 - 0.03 * FW) / Math.abs(x), (FH / 2 - 0.03 * FH) / Math.abs(y))));
  const quad = turned.map(([x, y]) => [cx + k * x, cy + k * y] as Point);
  const toFrame = solveHomography([[0, 0], [W, 0], [W, H], [0, H]], quad);
  const toSheet = solveHomography(quad, [[0, 0], [W, 0], [W, H], [0, H]]);

  const kind = r.pick(['wood', 'cloth', 'desk'] as const);
  const base = kind === 'wood' ? r.pick([[150, 105, 65], [120, 80, 50], [170, 130, 90]]) : kind === 'cloth' ? r.pick([[70, 90, 120], [110, 60, 60], [90, 110, 80], [60, 60, 65]]) : r.pick([[135, 135, 130], [100, 100, 105]]);
  const phase = r.range(0, 6);
  const background = (x: number, y: number, rgb: Uint8Array) => {
    let f: number;
    if (kind === 'wood') f = 0.85 + 0.12 * Math.sin(x * 0.03 + 6 * Math.sin(y * 0.004 + phase)) + 0.06 * hash(x >> 1, y >> 3, 1);
    else if (kind === 'cloth') f = (((x >> 2) ^ (y >> 2)) & 1 ? 1 : 0.86) + 0.08 * hash(x, y, 2);
    else f = 0.92 + 0.1 * hash(x >> 2, y >> 2, 3);
    rgb[0] = Math.min(255, base[0]! * f);
    rgb[1] = Math.min(255, base[1]! * f);
    rgb[2] = Math.min(255, base[2]! * f);
  };
  const img = warpPerspective(sheet, toSheet, FW, FH, background);

  // Light: a linear fall-off across the frame and a soft elliptical shadow near one edge.
  const ang = r.range(0, 2 * Math.PI);
  const dx = Math.cos(ang) / Math.hypot(FW, FH);
  const dy = Math.sin(ang) / Math.hypot(FW, FH);
  const amp = r.range(0.12, 0.32);
  const brightest = r.range(1.0, 1.06);
  const shadow = r.chance(0.7);
  const sx = r.pick([0.15, 0.85]) * FW;
  const sy = r.range(0.2, 0.9) * FH;
  const srx = r.range(0.15, 0.3) * FW;
  const sry = r.range(0.2, 0.35) * FH;
  const depth = r.range(0.15, 0.35);
  const d = img.data;
  for (let y = 0; y < FH; y++) {
    for (let x = 0; x < FW; x++) {
      let g = brightest - amp * ((x - FW / 2) * dx + (y - FH / 2) * dy + 0.5);
      if (shadow) {
        const q = ((x - sx) / srx) ** 2 + ((y - sy) / sry) ** 2;
        if (q < 1.5) g *= 1 - depth * (q < 0.7 ? 1 : (1.5 - q) / 0.8);
      }
      const o = (y * FW + x) * 3;
      for (let ch = 0; ch < 3; ch++) {
        const v = d[o + ch]! * g;
        d[o + ch] = v > 255 ? 255 : v;
      }
    }
  }
  const blurred = await sharp(d, { raw: { width: FW, height: FH, channels: 3 } }).blur(r.range(0.5, 1.0)).raw().toBuffer();
  addNoise(blurred, r, r.range(2, 5));
  return { img: { data: blurred, width: FW, height: FH }, gt: gt.map((g) => ({ ...g, ...mapBox(toFrame, g) })), corners: quad };
}

export async function generatePage(spec: PageSpec): Promise<CorpusPage> {
  const r = rng(spec.seed * 7919 + 17);
  const layout = spec.layout ?? r.pick(['certificate', 'form', 'letter', 'photo', 'award', 'blank'] as const);
  const dpi = spec.dpi ?? r.pick([150, 200, 300]);
  const size = spec.sizeIn ?? { w: 8.27, h: 11.69 };
  const W0 = Math.round(size.w * dpi);
  const H0 = Math.round(size.h * dpi);
  const varied = spec.variety ? r.pick(VARIED_UNITS) : null;
  const unit: [string, string] = varied ? [varied[0], varied[1]] : r.pick(UNITS);
  const canonical = r.pick(spec.variety ? VARIED_NAMES : NAMES);
  // As written on the page: the middle dot in any of its usual forms.
  const shown = spec.variety ? canonical.replaceAll('·', r.pick(['·', '•', '.', '-', ' ', '·'])) : canonical;
  const ctx: Ctx = { r, dpi, pt: (p) => (p * dpi) / 72, name: shown, unit, spacedName: r.chance(0.15) && !spec.variety, forgotten: varied?.[2] ?? undefined };
  const paper = r.pick(['#ffffff', '#fdfcf8', '#f7f6f1', '#fbfbfb']);
  const scene: Scene = { width: W0, height: H0, paper, runs: [], shapes: [], photos: [], seals: [] };
  await LAYOUTS[layout](scene, ctx);

  // Ground truth before degradation.
  let gt: Region[] = [];
  for (const run of scene.runs) if (run.kind) gt.push({ kind: run.kind, ...(await inkBox(run)), score: 1 });
  for (const p of scene.photos) gt.push(...p.gt);
  for (const s of scene.seals) gt.push({ kind: 'seal', x: s.x, y: s.y, w: s.w, h: s.h, score: 1 });

  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${W0}" height="${H0}"><rect width="${W0}" height="${H0}" fill="${paper}"/>${scene.shapes.join('')}${scene.runs.map(runSvg).join('')}</svg>`;
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

  const capture = spec.capture ?? 'scan';
  const degrade = spec.degrade ?? true;
  let pipeline = sharp(page).removeAlpha();
  let W = W0;
  let H = H0;
  let corners: Point[] | undefined;
  if (capture === 'phone') {
    const sheet = await sharp(page).removeAlpha().raw().toBuffer({ resolveWithObject: true });
    const shot = await photograph({ data: sheet.data, width: sheet.info.width, height: sheet.info.height }, r, gt);
    gt = shot.gt;
    corners = shot.corners;
    W = shot.img.width;
    H = shot.img.height;
    pipeline = sharp(shot.img.data, { raw: { width: W, height: H, channels: 3 } });
  } else if (degrade) {
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
  const quality = capture === 'phone' ? r.int(70, 85) : degrade ? r.int(72, 92) : 92;
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
    id: `p${String(spec.seed).padStart(4, '0')}-${capture === 'phone' ? 'phone-' : ''}${layout}-${dpi}`,
    layout,
    capture,
    dpi,
    orientation,
    exif,
    jpeg,
    width: dw,
    height: dh,
    targets: { names: [canonical], units: [unit[0], unit[1]] },
    gt,
    ...(corners ? { sheet: corners } : {}),
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
  /**
   * 'issue12' (default): half scans at 150/200/300 dpi, half phone photos, every layout including
   * 干部履历表 and 红头通知 with 6–7-pt footnotes, the varied names and units, 简称 the applicant
   * forgot. 'issue3': the original scan-only corpus.
   */
  kind?: 'issue12' | 'issue3';
}

const ISSUE12_LAYOUTS: Layout[] = ['resume', 'notice', 'letter', 'form', 'certificate', 'photo', 'award', 'blank'];

/**
 * The bench corpus. Pages alternate scan / phone. Scans: dpi 150, 200, 300 in turn, about one in
 * ten turned sideways or upside down and one in ten carrying an EXIF tag. Phone photos: sheets at
 * 170–230 dpi in a frame ~20 % larger, one in four stored sideways with an EXIF tag.
 */
export async function* generateCorpus(opts: CorpusOptions): AsyncGenerator<CorpusPage> {
  const base = opts.seed ?? 1;
  if (opts.kind === 'issue3') {
    const layouts: Layout[] = ['certificate', 'form', 'letter', 'photo', 'award', 'blank'];
    for (let i = 0; i < opts.count; i++) {
      const seed = base * 100_000 + i;
      const r = rng(seed);
      const orientation = i % 10 === 7 ? r.pick([90, 180, 270] as const) : 0;
      const exif = i % 10 === 3 ? r.pick([3, 6, 8] as const) : 1;
      yield generatePage({ seed, layout: layouts[i % layouts.length], dpi: [150, 200, 300][Math.floor(i / 6) % 3], orientation, exif });
    }
    return;
  }
  for (let i = 0; i < opts.count; i++) {
    const seed = base * 100_000 + 50_000 + i;
    const r = rng(seed);
    const j = i >> 1;
    const layout = ISSUE12_LAYOUTS[(j + (i & 1) * 3) % ISSUE12_LAYOUTS.length]!;
    if (i % 2 === 0) {
      const orientation = j % 10 === 7 ? r.pick([90, 180, 270] as const) : 0;
      const exif = j % 10 === 3 ? r.pick([3, 6, 8] as const) : 1;
      yield generatePage({ seed, layout, dpi: [150, 200, 300][j % 3], orientation, exif, variety: true });
    } else {
      const exif = j % 4 === 1 ? r.pick([6, 8] as const) : 1;
      yield generatePage({ seed, layout, dpi: r.pick([170, 200, 230]), exif, capture: 'phone', variety: true });
    }
  }
}

export const KINDS: RegionKind[] = ['name', 'unit', 'seal', 'face', 'eyes'];
