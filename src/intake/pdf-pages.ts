// PDF in, JPG pages out (issue 11): many originals come as PDF (学信网's 电子注册备案表,
// e-certificates, papers). Each page is rendered upright (the page's own /Rotate applied) at
// PDF_DPI, capped in pixels, with pdf.js on a skia canvas (@napi-rs/canvas). Everything it needs
// ships in node_modules or Debian: pdf.js's CMaps and standard fonts, and fonts-noto-cjk for
// Chinese text whose font is not embedded (STSong-Light and friends). Runs in a worker thread
// (pdf-pool.ts); pure over buffers, no database.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** Rendering resolution: 200 dpi keeps 6-pt print readable (a 6-pt character is ~17 px high). */
export const PDF_DPI = 200;
/** The longest side of a rendered page, in pixels (A4 at 200 dpi is 1654×2339; A3 is scaled down to fit). */
export const PDF_MAX_SIDE = 3508;

export type PdfFailure = 'PDF_ENCRYPTED' | 'PDF_BROKEN' | 'PDF_TOO_MANY_PAGES' | 'PDF_EMPTY';

export interface PdfPagesRequest {
  bytes: Uint8Array;
  maxPages: number;
  /** Pages whose short side would come out below this are rendered larger (up to 2× PDF_DPI). */
  minSide: number;
  maxPixels: number;
}

export type PdfPagesResult =
  | { ok: true; pages: { jpeg: Uint8Array; width: number; height: number }[] }
  | { ok: false; failure: PdfFailure; pages?: number };

const require = createRequire(import.meta.url);
const PDFJS_DIR = dirname(require.resolve('pdfjs-dist/package.json'));
const CJK_FONTS = [
  // pdf.js draws a non-embedded font with the canvas family its flags suggest: sans-serif or serif.
  { path: '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc', family: 'sans-serif' },
  { path: '/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc', family: 'serif' },
];

let fontsReady = false;

async function canvasModule() {
  const canvas = await import('@napi-rs/canvas');
  if (!fontsReady) {
    for (const f of CJK_FONTS) canvas.GlobalFonts.registerFromPath(f.path, f.family);
    fontsReady = true;
  }
  return canvas;
}

/** Scale (pixels per PDF point) for a page of `w`×`h` points within the limits. */
export function pageScale(w: number, h: number, limits: { minSide: number; maxPixels: number }): number {
  let scale = PDF_DPI / 72;
  // a small page (a receipt, a card) is rendered larger so its short side meets the intake minimum
  if (Math.min(w, h) * scale < limits.minSide) scale = Math.min((2 * PDF_DPI) / 72, limits.minSide / Math.min(w, h));
  scale = Math.min(scale, PDF_MAX_SIDE / Math.max(w, h));
  const pixels = w * h * scale * scale;
  // 0.999: room for rounding the canvas to whole pixels
  if (pixels > limits.maxPixels) scale *= Math.sqrt(limits.maxPixels / pixels) * 0.999;
  return scale;
}

/**
 * A whole file ends with %%EOF (ISO 32000-1 7.5.5; a few bytes of line ends or padding may follow).
 * pdf.js rebuilds a cut file's cross-reference table and would render what it finds, silently
 * dropping pages, so a cut upload is refused instead.
 */
export function looksComplete(bytes: Uint8Array): boolean {
  const tail = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).subarray(-1024).toString('latin1');
  return tail.includes('%%EOF');
}

export async function renderPdfPages(req: PdfPagesRequest): Promise<PdfPagesResult> {
  if (!looksComplete(req.bytes)) return { ok: false, failure: 'PDF_BROKEN' };
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const { createCanvas } = await canvasModule();
  let doc: Awaited<ReturnType<typeof pdfjs.getDocument>['promise']>;
  try {
    doc = await pdfjs.getDocument({
      // pdf.js takes ownership of (detaches) the buffer it is given: pass a copy
      data: new Uint8Array(req.bytes),
      cMapUrl: join(PDFJS_DIR, 'cmaps') + '/',
      cMapPacked: true,
      standardFontDataUrl: join(PDFJS_DIR, 'standard_fonts') + '/',
      isEvalSupported: false,
      verbosity: 0,
    }).promise;
  } catch (e) {
    return { ok: false, failure: (e as Error)?.name === 'PasswordException' ? 'PDF_ENCRYPTED' : 'PDF_BROKEN' };
  }
  try {
    if (doc.numPages === 0) return { ok: false, failure: 'PDF_EMPTY' };
    if (doc.numPages > req.maxPages) return { ok: false, failure: 'PDF_TOO_MANY_PAGES', pages: doc.numPages };
    const pages: { jpeg: Uint8Array; width: number; height: number }[] = [];
    for (let i = 1; i <= doc.numPages; i++) {
      const page = await doc.getPage(i);
      const unit = page.getViewport({ scale: 1 }); // rotation applied: upright as the page displays
      const viewport = page.getViewport({ scale: pageScale(unit.width, unit.height, req) });
      const canvas = createCanvas(Math.max(1, Math.round(viewport.width)), Math.max(1, Math.round(viewport.height)));
      const ctx = canvas.getContext('2d');
      ctx.fillStyle = '#ffffff'; // PDF pages are paper: transparent areas print white
      ctx.fillRect(0, 0, canvas.width, canvas.height);
      await page.render({ canvasContext: ctx as never, canvas: canvas as never, viewport }).promise;
      const jpeg = await canvas.encode('jpeg', 90);
      pages.push({ jpeg: new Uint8Array(jpeg.buffer, jpeg.byteOffset, jpeg.byteLength), width: canvas.width, height: canvas.height });
      page.cleanup();
    }
    return { ok: true, pages };
  } catch {
    return { ok: false, failure: 'PDF_BROKEN' };
  } finally {
    await doc.destroy();
  }
}
