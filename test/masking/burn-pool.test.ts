import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generatePage } from '../../bench/corpus/generate';
import { coveredFraction } from '../../src/masking/propose';
import { createMaskingPool, MaskingTaskError, type MaskingPool } from '../../src/masking/pool';

// The server's path: all masking work in piscina worker threads (issue 3, STYLE §7).

let pool: MaskingPool;
beforeAll(() => {
  pool = createMaskingPool({ threads: 1 });
});
afterAll(async () => {
  await pool.close();
});

describe('createMaskingPool', () => {
  it('burns boxes in a worker thread and returns a JPEG', async () => {
    const jpeg = await sharp({ create: { width: 200, height: 100, channels: 3, background: '#ffffff' } }).jpeg().toBuffer();
    const out = await pool.burn(jpeg, [{ kind: 'name', x: 10, y: 10, w: 50, h: 20, score: 1 }]);
    const { data, info } = await sharp(out).raw().toBuffer({ resolveWithObject: true });
    expect([info.width, info.height]).toEqual([200, 100]);
    const at = (x: number, y: number) => data[(y * info.width + x) * info.channels]!;
    expect(at(30, 20)).toBeLessThan(12);
    expect(at(150, 50)).toBeGreaterThan(240);
  });

  it('passes a decode error back with its code and Chinese message', async () => {
    const err = await pool.burn(Buffer.from('%PDF-1.7'), []).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MaskingTaskError);
    expect((err as MaskingTaskError).code).toBe('IMAGE_IS_PDF');
    expect((err as Error).message).toContain('PDF');
  });

  it('detects and verifies in the worker with models loaded there', async () => {
    const page = await generatePage({ seed: 31, layout: 'certificate', dpi: 150, degrade: false });
    const res = await pool.detect(page.jpeg, page.targets);
    expect([res.width, res.height]).toEqual([page.width, page.height]);
    for (const g of page.gt) expect({ kind: g.kind, ok: coveredFraction(g, res.regions) >= 0.9 }).toEqual({ kind: g.kind, ok: true });
    const masked = await pool.burn(page.jpeg, res.regions);
    expect((await pool.verify(masked, page.targets)).leaks).toEqual([]);
  });
});
