// The system clock. Tests of deadlines move time for a running server through a file named by
// ZHIPING_CLOCK_FILE holding an ISO instant (the server's "now" advances from there); without the
// variable this is the real clock.
import fs from 'node:fs';

export function systemClock(): () => Date {
  const file = process.env.ZHIPING_CLOCK_FILE;
  if (!file) return () => new Date();
  let cached: { mtimeMs: number; base: number; setAt: number } | null = null;
  return () => {
    try {
      const st = fs.statSync(file);
      if (!cached || cached.mtimeMs !== st.mtimeMs) {
        const base = new Date(fs.readFileSync(file, 'utf8').trim()).getTime();
        cached = Number.isFinite(base) ? { mtimeMs: st.mtimeMs, base, setAt: Date.now() } : null;
      }
    } catch {
      cached = null;
    }
    return cached ? new Date(cached.base + (Date.now() - cached.setAt)) : new Date();
  };
}
