// `npx tsx bench/pdf-render.bench.ts` (issue 11): how long a PDF upload's rendering takes per A4
// page at 200 dpi (pdf.js + @napi-rs/canvas, in this thread, after one warm-up), against what an
// uploaded JPG of the same page costs (sharp decode + re-encode, as intakeJpeg does).
//   --pages N   pages in the test PDF (default 5)
import { parseArgs } from 'node:util';
import sharp from 'sharp';
import { renderPdfPages } from '../src/intake/pdf-pages';
import { cjkPdf } from '../test/support/pdf-fixtures';

const { values: argv } = parseArgs({ options: { pages: { type: 'string', default: '5' } } });
const pages = Number(argv.pages);
const limits = { maxPages: 100, minSide: 600, maxPixels: 40_000_000 };

await renderPdfPages({ bytes: await cjkPdf(1), ...limits }); // loads pdf.js and the CJK fonts
const pdf = await cjkPdf(pages);
let t = performance.now();
const out = await renderPdfPages({ bytes: pdf, ...limits });
const renderMs = (performance.now() - t) / pages;
if (!out.ok) throw new Error(out.failure);
const jpeg = Buffer.from(out.pages[0]!.jpeg);
t = performance.now();
for (let i = 0; i < pages; i++) await sharp(jpeg).rotate().jpeg({ quality: 90 }).toBuffer();
const jpegMs = (performance.now() - t) / pages;
console.log(
  JSON.stringify({ pages, pixels: `${out.pages[0]!.width}×${out.pages[0]!.height}`, renderMsPerPage: Math.round(renderMs), jpegIntakeMsPerPage: Math.round(jpegMs), pageJpegBytes: jpeg.length }),
);
