// Rendering a PDF takes about a second a page, so it runs in one worker thread, never on the
// request thread (issue 11). The thread starts on the first PDF and exits when idle.
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import type { PdfPagesRequest, PdfPagesResult } from './pdf-pages';

let pool: Piscina | null = null;

export function renderPdfInWorker(req: PdfPagesRequest): Promise<PdfPagesResult> {
  pool ??= new Piscina({
    // from sources through tsx (pdf-worker-entry.mjs); compiled, the worker bundle beside this one
    filename: fileURLToPath(new URL(import.meta.url.endsWith('.js') ? './pdf-worker.js' : './pdf-worker-entry.mjs', import.meta.url)),
    minThreads: 0,
    maxThreads: 1,
    idleTimeout: 30_000,
  });
  return pool.run(req) as Promise<PdfPagesResult>;
}

/** Stops the worker (tests, shutdown). */
export async function closePdfPool(): Promise<void> {
  const p = pool;
  pool = null;
  await p?.destroy();
}
