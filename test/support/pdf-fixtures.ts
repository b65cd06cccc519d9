// Real PDFs for the PDF-upload tests, made here with pdfkit (embedded CJK subset) or by hand (a
// CJK font that is not embedded, as many e-certificates use).
import PDFDocument from 'pdfkit';
import { fontBytes, SERIF_REGULAR } from '../../src/docs/pdf-fonts';

/** `pages` A4 pages of Chinese text, page n saying 「第n页」 in large type and a line of 7-pt small print. */
export function cjkPdf(pages: number, opts: { userPassword?: string; landscapeLast?: boolean } = {}): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', autoFirstPage: false, ...(opts.userPassword ? { userPassword: opts.userPassword, pdfVersion: '1.7' as const } : {}) });
  doc.registerFont('cjk', fontBytes(SERIF_REGULAR), SERIF_REGULAR.postscriptName);
  for (let i = 1; i <= pages; i++) {
    doc.addPage({ size: 'A4', layout: opts.landscapeLast && i === pages ? 'landscape' : 'portrait' });
    doc.font('cjk').fontSize(40).text(`第${i}页`, 72, 72);
    doc.fontSize(7).text('教育部学历证书电子注册备案表　证书编号：106941202305001234　在线验证码：ABCD1234EFGH', 72, 160);
  }
  const chunks: Buffer[] = [];
  return new Promise((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.end();
  });
}

/** One page of Chinese text in STSong-Light, not embedded (Adobe-GB1 CID font, UniGB-UCS2-H). */
export function nonEmbeddedCjkPdf(text: string): Buffer {
  const hex = Buffer.from(text, 'utf16le').swap16().toString('hex').toUpperCase();
  const content = `BT /F1 36 Tf 72 700 Td <${hex}> Tj ET`;
  const objs = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 6 0 R >>',
    '<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H /DescendantFonts [5 0 R] >>',
    '<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light /CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 4 >> /FontDescriptor 7 0 R >>',
    `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
    '<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [-25 -254 1000 880] /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 >>',
  ];
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objs.forEach((o, i) => {
    offsets.push(Buffer.byteLength(out, 'latin1'));
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = Buffer.byteLength(out, 'latin1');
  out += `xref\n0 ${objs.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  out += `trailer\n<< /Size ${objs.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}
