// Dependencies point one way (STYLE §1): http → services → domain, db, storage, jobs. This test reads
// the import statements of every file under src/ so that `npm test` fails on an upward import or a
// runtime import cycle, the same rules as ../shared/checks/architecture.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = path.resolve(__dirname, '../../src');

function walk(dir: string, out: string[] = []): string[] {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else if (/\.(ts|mts)$/.test(e.name) && !e.name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

const files = walk(SRC);
const known = new Set(files);
const rel = (f: string) => path.relative(SRC, f).split(path.sep).join('/');

interface Import {
  target: string;
  /** `import type` / `export type` are erased and cannot form a runtime cycle */
  typeOnly: boolean;
}

/** Relative imports of a file that resolve to a file under src/. */
function importsOf(file: string): Import[] {
  const text = fs.readFileSync(file, 'utf8');
  const out: Import[] = [];
  const re = /^\s*(import|export)\s+(type\s+)?[^'";]*?from\s+['"](\.[^'"]+)['"]|^\s*import\s+['"](\.[^'"]+)['"]|import\(\s*['"](\.[^'"]+)['"]\s*\)/gm;
  for (const m of text.matchAll(re)) {
    const spec = m[3] ?? m[4] ?? m[5];
    const base = path.join(path.dirname(file), spec).replace(/\.(js|mjs|ts)$/, '');
    const target = [`${base}.ts`, `${base}.mts`, path.join(base, 'index.ts')].find((c) => known.has(c));
    if (target) out.push({ target, typeOnly: !!m[2] });
  }
  return out;
}

const graph = new Map(files.map((f) => [f, importsOf(f)]));

function layerOf(f: string): string {
  return rel(f).split('/')[0].replace(/\.ts$/, '');
}

/** Layer → layers it must not import, even type-only. */
const FORBIDDEN: Record<string, string[]> = {
  domain: ['http', 'services', 'db', 'jobs', 'storage', 'masking', 'docs'],
  db: ['http', 'services'],
  services: ['http'],
  jobs: ['http'],
  auth: ['http', 'services'],
};

describe('architecture', () => {
  it('has no upward imports (services/db/domain/jobs → http, db → services, domain → outside domain)', () => {
    const bad: string[] = [];
    for (const [f, imports] of graph) {
      const banned = FORBIDDEN[layerOf(f)] ?? [];
      for (const i of imports) if (banned.includes(layerOf(i.target))) bad.push(`${rel(f)} → ${rel(i.target)}`);
    }
    expect(bad).toEqual([]);
  });

  it('has no route or http file that queries the database', () => {
    const bad = files
      .filter((f) => layerOf(f) === 'http')
      .filter((f) => /\.(selectFrom|insertInto|updateTable|deleteFrom)\(/.test(fs.readFileSync(f, 'utf8')))
      .map(rel);
    expect(bad).toEqual([]);
  });

  it('has no runtime import cycle under src/', () => {
    // Tarjan's strongly connected components over runtime edges
    let index = 0;
    const stack: string[] = [];
    const onStack = new Set<string>();
    const idx = new Map<string, number>();
    const low = new Map<string, number>();
    const cycles: string[][] = [];
    const visit = (v: string) => {
      idx.set(v, index);
      low.set(v, index);
      index++;
      stack.push(v);
      onStack.add(v);
      for (const { target: w, typeOnly } of graph.get(v)!) {
        if (typeOnly) continue;
        if (!idx.has(w)) {
          visit(w);
          low.set(v, Math.min(low.get(v)!, low.get(w)!));
        } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
      }
      if (low.get(v) === idx.get(v)) {
        const c: string[] = [];
        let w: string;
        do {
          w = stack.pop()!;
          onStack.delete(w);
          c.push(rel(w));
        } while (w !== v);
        if (c.length > 1) cycles.push(c);
      }
    };
    for (const f of files) if (!idx.has(f)) visit(f);
    expect(cycles).toEqual([]);
  });
});
