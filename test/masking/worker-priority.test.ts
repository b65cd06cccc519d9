// Issue 13 item 7: masking threads run at a lower priority than the request thread, so uploads and
// pages answer while a backlog of pages is being read.
import fs from 'node:fs';
import os from 'node:os';
import { describe, expect, it } from 'vitest';
import { createMaskingPool } from '../../src/masking/pool';

function niceOfThreads(): Map<number, number> {
  const out = new Map<number, number>();
  for (const tid of fs.readdirSync('/proc/self/task')) {
    try {
      // field 19 of stat is the nice value; the name (field 2) may hold spaces, so count after ')'
      const stat = fs.readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
      const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out.set(Number(tid), Number(rest[16]));
    } catch {
      // thread ended meanwhile
    }
  }
  return out;
}

describe('masking worker priority (Linux)', () => {
  it('runs detection in threads niced below the main thread', async () => {
    const main = os.getPriority();
    const pool = createMaskingPool({ threads: 1 });
    try {
      const before = new Set(niceOfThreads().keys());
      // a blank page: burning nothing still starts the worker thread
      const sharp = (await import('sharp')).default;
      const page = await sharp({ create: { width: 200, height: 200, channels: 3, background: '#fff' } }).jpeg().toBuffer();
      await pool.burn(page, []);
      const niced = [...niceOfThreads()].filter(([tid, n]) => !before.has(tid) && n >= Math.min(19, main + 10));
      expect(niced.length).toBeGreaterThan(0);
      expect(os.getPriority()).toBe(main);
    } finally {
      await pool.close();
    }
  });
});
