// Text widths from the embedded fonts' advance widths, for layout decisions made before either
// renderer runs (title breaking, title-break.ts). One pdfkit document that never gets a page holds
// the fonts; pdfkit reads the advance widths through fontkit, exactly as it does when it draws.
import PDFDocument from 'pdfkit';
import { registerCjkFonts } from './pdf-fonts';

let measurer: PDFKit.PDFDocument | null = null;

/** Width in points of `text` set in the body or bold face at `size` points. */
export function textWidth(text: string, face: 'body' | 'bold', size: number): number {
  if (!measurer) {
    measurer = new PDFDocument({ autoFirstPage: false });
    registerCjkFonts(measurer);
  }
  return measurer.font(face).fontSize(size).widthOfString(text);
}
