// CJK faces for PDF output (T2–T5). pdfkit embeds only the glyphs used, so the PDF stays small
// and prints the same everywhere. We take the faces from Debian's fonts-noto-cjk: a .ttc holds
// SC/TC/JP/KR faces, so the face is picked by PostScript name (SC = Simplified Chinese glyphs).
import { existsSync, readFileSync } from 'node:fs';

export interface FontFace {
  path: string;
  /** PostScript name of the face inside the collection. */
  postscriptName: string;
}

export const SERIF_REGULAR: FontFace = {
  path: '/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc',
  postscriptName: 'NotoSerifCJKsc-Regular',
};

export const SERIF_BOLD: FontFace = {
  path: '/usr/share/fonts/opentype/noto/NotoSerifCJK-Bold.ttc',
  postscriptName: 'NotoSerifCJKsc-Bold',
};

// 26 MB each: read once per process, not once per document.
const cache = new Map<string, Buffer>();

/** The collection's bytes; a clear Chinese error if the font package is missing. */
export function fontBytes(face: FontFace): Buffer {
  let bytes = cache.get(face.path);
  if (!bytes) {
    if (!existsSync(face.path)) {
      throw new Error(`未找到中文字体文件 ${face.path}，无法生成PDF；请安装 Debian 软件包 fonts-noto-cjk`);
    }
    bytes = readFileSync(face.path);
    cache.set(face.path, bytes);
  }
  return bytes;
}

/** Registers the body and bold faces on a pdfkit document under the names 'body' and 'bold'. */
export function registerCjkFonts(doc: PDFKit.PDFDocument): void {
  doc.registerFont('body', fontBytes(SERIF_REGULAR), SERIF_REGULAR.postscriptName);
  doc.registerFont('bold', fontBytes(SERIF_BOLD), SERIF_BOLD.postscriptName);
}
