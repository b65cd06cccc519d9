// Batch actions of the review chain (issue 11 "Work in bulk"): start publicity (U2), recommend (U3),
// forward to the committee (C1) and accept (R1) for many files at once. Unlike fee marking or expert
// assignment (all or nothing, STYLE §5), each file here is its own decision: every file goes through
// the same single-file use case, in its own transaction with its own audit row and transition(), and
// the answer lists, per file, 成功 or 失败 with the Chinese reason the single action would have given.
import type { Actor } from '../domain/access';
import { Refused } from '../domain/errors';
import { startPublicity } from './publicity.service';
import { committeeAccept, competentRecommend, unitRecommend } from './review.service';
import type { RequestMeta, ServiceContext } from './service-context';

/** Largest batch: a page of the list (the list pages at most 100 rows). */
export const BATCH_MAX = 100;

export interface BatchItem {
  id: number;
  /** the version the list showed: a file changed since then fails with 「已被他人修改」 */
  version: number;
}

export interface BatchOutcome {
  id: number;
  ok: boolean;
  /** 成功 or 失败, as the result list shows it */
  outcome: '成功' | '失败';
  /** the refusal's code when it failed */
  code: string | null;
  /** what happened, in Chinese: the new status, or why not */
  message: string;
  status: string | null;
  statusLabel: string | null;
  version: number | null;
}

type Moved = { status: string; statusLabel: string; version: number };

async function runEach(items: BatchItem[], act: (item: BatchItem) => Promise<Moved>) {
  if (items.length === 0) throw new Refused('INVALID_INPUT', '请至少选择一份材料', [{ field: 'items', message: '请至少选择一份材料' }]);
  if (items.length > BATCH_MAX) throw new Refused('INVALID_INPUT', `一次最多处理${BATCH_MAX}份材料，请分批操作`, [{ field: 'items', message: `最多${BATCH_MAX}份` }]);
  const ids = new Set(items.map((i) => i.id));
  if (ids.size !== items.length) throw new Refused('INVALID_INPUT', '所选材料有重复，请刷新列表后重新选择', [{ field: 'items', message: '有重复的材料' }]);
  const results: BatchOutcome[] = [];
  // One after another: each file commits (or not) before the next starts, so a refusal never undoes another file.
  for (const item of items) {
    try {
      const r = await act(item);
      results.push({ id: item.id, ok: true, outcome: '成功', code: null, message: `已办理，当前状态：${r.statusLabel}`, status: r.status, statusLabel: r.statusLabel, version: r.version });
    } catch (err) {
      // A refusal is this file's answer; anything else is a fault of the system and stops the batch (500).
      if (!(err instanceof Refused)) throw err;
      results.push({ id: item.id, ok: false, outcome: '失败', code: err.code, message: err.detail, status: null, statusLabel: null, version: null });
    }
  }
  const succeeded = results.filter((r) => r.ok).length;
  return { results, succeeded, failed: results.length - succeeded };
}

/** U2 for each file: the same office and supervision phone on every notice; the person's texts use their defaults. */
export function batchStartPublicity(
  ctx: ServiceContext,
  actor: Actor,
  input: { items: BatchItem[]; startsOn?: string; officeName: string; supervisionPhone: string },
  meta: RequestMeta = {},
) {
  return runEach(input.items, (i) =>
    startPublicity(ctx, actor, i.id, { version: i.version, startsOn: input.startsOn, officeName: input.officeName, supervisionPhone: input.supervisionPhone }, meta),
  );
}

/** U3 for each file, with one opinion (or the default). */
export function batchUnitRecommend(ctx: ServiceContext, actor: Actor, input: { items: BatchItem[]; opinion?: string }, meta: RequestMeta = {}) {
  return runEach(input.items, (i) => unitRecommend(ctx, actor, i.id, { version: i.version, opinion: input.opinion }, meta));
}

/** C1 for each file (each needs its own stamped 附件4). */
export function batchCompetentRecommend(ctx: ServiceContext, actor: Actor, input: { items: BatchItem[]; opinion?: string }, meta: RequestMeta = {}) {
  return runEach(input.items, (i) => competentRecommend(ctx, actor, i.id, { version: i.version, opinion: input.opinion }, meta));
}

/** R1 for each file. */
export function batchCommitteeAccept(ctx: ServiceContext, actor: Actor, input: { items: BatchItem[]; opinion?: string }, meta: RequestMeta = {}) {
  return runEach(input.items, (i) => committeeAccept(ctx, actor, i.id, { version: i.version, opinion: input.opinion }, meta));
}
