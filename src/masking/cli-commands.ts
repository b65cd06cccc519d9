import { readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { assertRegionsFit, burnRegions, RegionsMismatchError } from './burn';
import { displayedSize, ImageDecodeError } from './decode';
import type { Region, RegionKind } from './image-types';
import { detect, loadEngines, type Targets } from './pipeline';
import { verifyMasked } from './verify';

// `zhiping detect | mask | verify` (issue 3). The JSON on stdout is a contract other tools parse:
// one object per run, nothing else on stdout; messages for people go to stderr.

/** Exit codes: 0 done; 1 verify found a leak; 2 wrong usage; 3 unreadable input. */
export const EXIT = { OK: 0, LEAK: 1, USAGE: 2, INPUT: 3 } as const;

const USAGE = `用法：
  zhiping detect <图片.jpg> --name <姓名> --unit <单位> [--unit <别名>]... [--json]
  zhiping mask <原图.jpg> <输出.jpg> --regions <区域.json>
  zhiping verify <遮盖后.jpg> --name <姓名> --unit <单位> [--unit <别名>]... [--json]`;

/** `zhiping <command> --help`: what each command reads, prints and exits with. */
const COMMAND_HELP: Record<'detect' | 'mask' | 'verify', string> = {
  detect: `用法：zhiping detect <图片.jpg> --name <姓名> --unit <单位> [--unit <别名>]... [--json]
  找出图片中需要遮盖的姓名、单位、公章和眼部。
  --name  申报人姓名（可重复，如曾用名）
  --unit  单位全称，简称或曾用名再加 --unit
  --json  标准输出只打印一行 JSON：{width, height, orientation, regions, timings_ms}；
          区域坐标为按 EXIF 方向显示后的像素
退出码：0 完成；2 用法有误；3 图片无法读取`,
  mask: `用法：zhiping mask <原图.jpg> <输出.jpg> --regions <区域.json> [--json]
  把区域涂黑后另存为不含 EXIF 等元数据的 JPEG。
  --regions  detect --json 的输出对象，或区域数组 [{kind, x, y, w, h}]
  --json     标准输出只打印一行 JSON：{out, width, height, masked}
退出码：0 完成；2 用法有误；3 图片或区域文件有误`,
  verify: `用法：zhiping verify <遮盖后.jpg> --name <姓名> --unit <单位> [--unit <别名>]... [--json]
  复检遮盖后的图片：姓名、单位（含 4 字以上的可辨认片段）、公章和眼部是否仍可见。
  --json  标准输出只打印一行 JSON：{leaks}
退出码：0 未发现泄露；1 发现泄露；2 用法有误；3 图片无法读取`,
};

/**
 * A region as the CLI contract has it (issue 3): kind, x, y, w, h, score, nothing more. The text
 * read behind a box (issue 12 item 4) goes to the service and the editor, not to other tools.
 */
function contractRegion({ kind, x, y, w, h, score }: Region): Region {
  return { kind, x, y, w, h, score };
}

const isHelp = (args: readonly string[]) => args.includes('--help') || args.includes('-h');

const KIND_LABEL: Record<RegionKind, string> = { name: '姓名', unit: '单位', seal: '印章', face: '人脸', eyes: '眼部' };
const KINDS = new Set<string>(Object.keys(KIND_LABEL));

class UsageError extends Error {}
class InputError extends Error {}

interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
}

const defaultIo: Io = {
  out: (s) => process.stdout.write(s + '\n'),
  err: (s) => process.stderr.write(s + '\n'),
};

export async function runMaskingCommand(argv: string[], io: Io = defaultIo): Promise<number> {
  const [command, ...rest] = argv;
  if ((command === 'detect' || command === 'mask' || command === 'verify') && isHelp(rest)) {
    io.out(COMMAND_HELP[command]);
    return EXIT.OK;
  }
  try {
    switch (command) {
      case 'detect':
        return await detectCommand(rest, io);
      case 'mask':
        return await maskCommand(rest, io);
      case 'verify':
        return await verifyCommand(rest, io);
      default:
        throw new UsageError(`未知命令：${command ?? '（空）'}`);
    }
  } catch (err) {
    if (err instanceof UsageError) {
      io.err(`${err.message}\n${USAGE}`);
      return EXIT.USAGE;
    }
    if (err instanceof ImageDecodeError || err instanceof InputError || err instanceof RegionsMismatchError) {
      io.err(err.message);
      return EXIT.INPUT;
    }
    throw err;
  }
}

function parse(args: string[], withTargets: boolean) {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: {
        name: { type: 'string', multiple: true },
        unit: { type: 'string', multiple: true },
        regions: { type: 'string' },
        json: { type: 'boolean', default: false },
      },
    });
  } catch (err) {
    throw new UsageError(`参数有误：${(err as Error).message}`);
  }
  const { values, positionals } = parsed;
  const targets: Targets = { names: (values.name ?? []).filter(Boolean), units: (values.unit ?? []).filter(Boolean) };
  if (withTargets && (targets.names.length === 0 || targets.units.length === 0)) {
    throw new UsageError('请用 --name 给出申报人姓名，用 --unit 给出单位全称（简称可再加 --unit）');
  }
  return { positionals, targets, json: values.json === true, regions: values.regions };
}

async function readInput(file: string | undefined, what: string): Promise<Buffer> {
  if (!file) throw new UsageError(`缺少${what}路径`);
  try {
    return await readFile(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new InputError(code === 'ENOENT' ? `找不到文件：${file}` : `无法读取文件 ${file}（${code ?? '未知错误'}）`);
  }
}

// ONNX may use every core in a one-shot command; the server's pool splits them instead.
const engines = () => loadEngines({ intraOpNumThreads: os.availableParallelism() });

async function detectCommand(args: string[], io: Io): Promise<number> {
  const { positionals, targets, json } = parse(args, true);
  if (positionals.length !== 1) throw new UsageError('detect 需要且只需要一个图片路径');
  const bytes = await readInput(positionals[0], '图片');
  const res = await detect(bytes, targets, await engines());
  if (json) {
    io.out(JSON.stringify({ ...res, regions: res.regions.map(contractRegion) }));
  } else {
    io.out(`图片 ${res.width}×${res.height}，建议旋转 ${res.orientation}°，找到 ${res.regions.length} 处需遮盖：`);
    for (const r of res.regions) io.out(`  ${KIND_LABEL[r.kind]}  x=${r.x} y=${r.y} 宽=${r.w} 高=${r.h}  置信度 ${r.score}`);
  }
  return EXIT.OK;
}

async function verifyCommand(args: string[], io: Io): Promise<number> {
  const { positionals, targets, json } = parse(args, true);
  if (positionals.length !== 1) throw new UsageError('verify 需要且只需要一个图片路径');
  const bytes = await readInput(positionals[0], '图片');
  const { leaks } = await verifyMasked(bytes, targets, await engines());
  if (json) {
    io.out(JSON.stringify({ leaks: leaks.map(contractRegion) }));
  } else if (leaks.length === 0) {
    io.out('未发现泄露：姓名、单位、印章、人脸均已遮盖');
  } else {
    io.out(`发现 ${leaks.length} 处泄露：`);
    for (const r of leaks) io.out(`  ${KIND_LABEL[r.kind]}  x=${r.x} y=${r.y} 宽=${r.w} 高=${r.h}`);
  }
  return leaks.length > 0 ? EXIT.LEAK : EXIT.OK;
}

async function maskCommand(args: string[], io: Io): Promise<number> {
  const { positionals, regions: regionsFile, json } = parse(args, false);
  if (positionals.length !== 2) throw new UsageError('mask 需要输入图片和输出图片两个路径');
  if (!regionsFile) throw new UsageError('请用 --regions 给出区域文件（detect --json 的输出，或区域数组）');
  const [inFile, outFile] = positionals as [string, string];
  const bytes = await readInput(inFile, '输入图片');
  const spec = parseRegionsFile((await readInput(regionsFile, '区域文件')).toString('utf8'));
  const size = await displayedSize(bytes);
  if (spec.size && (spec.size.width !== size.width || spec.size.height !== size.height)) {
    throw new InputError(`区域文件对应的图片为 ${spec.size.width}×${spec.size.height}，与输入图片 ${size.width}×${size.height} 不符`);
  }
  assertRegionsFit(spec.regions, size);
  const out = await burnRegions(bytes, spec.regions);
  await writeFile(outFile, out);
  if (json) io.out(JSON.stringify({ out: outFile, width: size.width, height: size.height, masked: spec.regions.length }));
  else io.err(`已遮盖 ${spec.regions.length} 处，输出 ${outFile}`);
  return EXIT.OK;
}

/** Accepts the whole `detect --json` object or a bare array of regions. */
export function parseRegionsFile(text: string): { regions: Region[]; size?: { width: number; height: number } } {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new InputError('区域文件不是有效的 JSON');
  }
  let list: unknown;
  let size: { width: number; height: number } | undefined;
  if (Array.isArray(data)) {
    list = data;
  } else if (data && typeof data === 'object' && Array.isArray((data as { regions?: unknown }).regions)) {
    const d = data as { regions: unknown[]; width?: unknown; height?: unknown };
    list = d.regions;
    if (typeof d.width === 'number' && typeof d.height === 'number') size = { width: d.width, height: d.height };
  } else {
    throw new InputError('区域文件应为 detect --json 的输出对象，或区域数组');
  }
  const regions = (list as unknown[]).map((r, i) => {
    const o = r as Partial<Region>;
    const nums = [o.x, o.y, o.w, o.h].every((v) => typeof v === 'number' && Number.isFinite(v));
    if (!o || typeof o !== 'object' || !nums || !KINDS.has(String(o.kind))) {
      throw new InputError(`区域文件第 ${i + 1} 个区域格式有误，应含 kind、x、y、w、h`);
    }
    return { kind: o.kind as RegionKind, x: o.x!, y: o.y!, w: o.w!, h: o.h!, score: typeof o.score === 'number' ? o.score : 1 };
  });
  return { regions, size };
}
