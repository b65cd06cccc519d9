import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli';
import { generatePage, type CorpusPage } from '../../bench/corpus/generate';
import { EXIT, runMaskingCommand } from '../../src/masking/cli-commands';
import { coveredFraction } from '../../src/masking/propose';

// The JSON printed by `zhiping detect|mask|verify` is a contract other tools parse (issue 3).

const execFileP = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, '../..');

async function run(argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runMaskingCommand(argv, { out: (s) => out.push(s), err: (s) => err.push(s) });
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

const targetArgs = (p: CorpusPage) => [...p.targets.names.flatMap((n) => ['--name', n]), ...p.targets.units.flatMap((u) => ['--unit', u])];

let dir: string;
let page: CorpusPage;
let pageFile: string;
let detected: { width: number; height: number; orientation: number; regions: Array<Record<string, unknown>>; timings_ms: Record<string, number> };

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'zhiping-cli-'));
  // A letter: name twice, unit and alias, a seal over the unit; 150 dpi keeps it small.
  page = await generatePage({ seed: 12, layout: 'letter', dpi: 150, degrade: false });
  pageFile = path.join(dir, 'page.jpg');
  writeFileSync(pageFile, page.jpeg);
  const res = await run(['detect', pageFile, ...targetArgs(page), '--json']);
  expect(res.code).toBe(0);
  detected = JSON.parse(res.stdout);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('zhiping detect --json', () => {
  it('prints one object with exactly the contract fields', () => {
    expect(Object.keys(detected).sort()).toEqual(['height', 'orientation', 'regions', 'timings_ms', 'width']);
    expect([detected.width, detected.height]).toEqual([page.width, page.height]);
    expect([0, 90, 180, 270]).toContain(detected.orientation);
    for (const r of detected.regions) {
      expect(Object.keys(r).sort()).toEqual(['h', 'kind', 'score', 'w', 'x', 'y']);
      expect(['name', 'unit', 'seal', 'face', 'eyes']).toContain(r.kind);
      for (const k of ['x', 'y', 'w', 'h']) expect(Number.isInteger(r[k])).toBe(true);
      expect(typeof r.score).toBe('number');
    }
    for (const v of Object.values(detected.timings_ms)) expect(typeof v).toBe('number');
  });

  it('covers the name, unit and seal on the page', () => {
    const boxes = detected.regions as unknown as Array<{ x: number; y: number; w: number; h: number }>;
    for (const g of page.gt) expect({ kind: g.kind, covered: coveredFraction(g, boxes) >= 0.9 }).toEqual({ kind: g.kind, covered: true });
  });

  it('reports coordinates of the page as displayed when the file carries an EXIF orientation', async () => {
    const stored = await sharp(page.jpeg).rotate(270).withMetadata({ orientation: 6 }).jpeg().toBuffer();
    const file = path.join(dir, 'exif6.jpg');
    writeFileSync(file, stored);
    const res = await run(['detect', file, ...targetArgs(page), '--json']);
    const out = JSON.parse(res.stdout);
    expect([out.width, out.height]).toEqual([page.width, page.height]);
    const seal = page.gt.find((g) => g.kind === 'seal')!;
    expect(coveredFraction(seal, out.regions)).toBeGreaterThanOrEqual(0.9);
  });
});

describe('zhiping mask and verify', () => {
  it('burns the whole detect object, and verify then finds no leak (exit 0)', async () => {
    const regionsFile = path.join(dir, 'regions.json');
    writeFileSync(regionsFile, JSON.stringify(detected));
    const outFile = path.join(dir, 'masked.jpg');
    const res = await run(['mask', pageFile, outFile, '--regions', regionsFile]);
    expect(res.code).toBe(0);
    const meta = await sharp(readFileSync(outFile)).metadata();
    expect([meta.width, meta.height, meta.format]).toEqual([page.width, page.height, 'jpeg']);
    expect(meta.exif).toBeUndefined();

    const v = await run(['verify', outFile, ...targetArgs(page), '--json']);
    expect(JSON.parse(v.stdout)).toEqual({ leaks: [] });
    expect(v.code).toBe(EXIT.OK);
  });

  it('accepts a bare array of regions', async () => {
    const regionsFile = path.join(dir, 'array.json');
    writeFileSync(regionsFile, JSON.stringify([{ kind: 'seal', x: 10, y: 10, w: 50, h: 50, score: 1 }]));
    const outFile = path.join(dir, 'array.jpg');
    expect((await run(['mask', pageFile, outFile, '--regions', regionsFile])).code).toBe(0);
    const { data, info } = await sharp(readFileSync(outFile)).raw().toBuffer({ resolveWithObject: true });
    const p = (30 * info.width + 30) * info.channels;
    expect(Math.max(data[p]!, data[p + 1]!, data[p + 2]!)).toBeLessThan(12);
  });

  it('exits 1 and lists the leaks when the page was not masked', async () => {
    const v = await run(['verify', pageFile, ...targetArgs(page), '--json']);
    expect(v.code).toBe(EXIT.LEAK);
    const kinds = new Set(JSON.parse(v.stdout).leaks.map((l: { kind: string }) => l.kind));
    expect(kinds).toEqual(new Set(['name', 'unit', 'seal']));
  });

  it('refuses regions made for an image of another size', async () => {
    const regionsFile = path.join(dir, 'other.json');
    writeFileSync(regionsFile, JSON.stringify({ ...detected, width: detected.width + 1 }));
    const res = await run(['mask', pageFile, path.join(dir, 'x.jpg'), '--regions', regionsFile]);
    expect(res.code).toBe(EXIT.INPUT);
    expect(res.stderr).toContain('不符');
  });
});

describe('zhiping input errors', () => {
  it('rejects a PNG renamed .jpg with a Chinese message (exit 3)', async () => {
    const file = path.join(dir, 'fake.jpg');
    writeFileSync(file, await sharp(page.jpeg).resize(200).png().toBuffer());
    const res = await run(['detect', file, '--name', '张三', '--unit', '某单位', '--json']);
    expect(res.code).toBe(EXIT.INPUT);
    expect(res.stdout).toBe('');
    expect(res.stderr).toContain('PNG');
  });

  it('asks for --name and --unit (exit 2)', async () => {
    const res = await run(['detect', pageFile, '--json']);
    expect(res.code).toBe(EXIT.USAGE);
    expect(res.stderr).toContain('--name');
  });

  it('keeps stdout to the one JSON object when run through bin/zhiping.mjs', async () => {
    const { stdout } = await execFileP(process.execPath, [path.join(ROOT, 'bin/zhiping.mjs'), 'detect', pageFile, ...targetArgs(page), '--json'], {
      cwd: ROOT,
      maxBuffer: 16 << 20,
    });
    const lines = stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!).regions.length).toBe(detected.regions.length);
  });
});

describe('zhiping <command> --help (issue 12 item 8)', () => {
  it('prints the usage of detect and exits 0 when run through bin/zhiping.mjs', async () => {
    // execFile rejects on a non-zero exit, so resolving is the exit-0 check.
    const { stdout, stderr } = await execFileP(process.execPath, [path.join(ROOT, 'bin/zhiping.mjs'), 'detect', '--help'], { cwd: ROOT });
    expect(stdout).toContain('用法：zhiping detect');
    expect(stdout).toContain('--json');
    expect(stderr).toBe('');
  });

  it.each(['detect', 'mask', 'verify'])('%s --help and -h print usage on stdout and exit 0, without reading any file', async (cmd) => {
    for (const flag of ['--help', '-h']) {
      const res = await run([cmd, flag]);
      expect(res.code).toBe(EXIT.OK);
      expect(res.stdout).toContain(`用法：zhiping ${cmd}`);
      expect(res.stderr).toBe('');
    }
    // --help wins over other arguments, even a missing file.
    expect((await run([cmd, '/no/such.jpg', '--name', '张三', '--help'])).code).toBe(EXIT.OK);
  });

  it.each(['workdays', 'admin', 'serve', 'jobs'])('zhiping %s --help prints usage and exits 0', async (cmd) => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    try {
      expect(await main([cmd, '--help'])).toBe(0);
      expect(log.mock.calls.flat().join('\n')).toContain(`zhiping ${cmd}`);
    } finally {
      log.mockRestore();
    }
  });
});
