// The audit log viewer (issue 10): the bureau administrator filters by person, file (its file
// code), action and time range, pages on the server, and exports the same selection to Excel with
// exceljs's streaming writer (rows are read in pages and written as they come, never all held).
import { PassThrough, type Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema';
import type { Actor } from '../domain/access';
import { auditActionLabel } from '../domain/audit-actions';
import { Refused } from '../domain/errors';
import { statusLabel } from '../domain/state-machine';
import { shanghaiEndOfDay, shanghaiStartOfDay } from '../domain/working-days';
import { requireBureauAdmin } from './review-year.service';
import type { ServiceContext } from './service-context';

export interface AuditFilter {
  /** Account name (exact) or part of the display name. */
  person?: string;
  /** File code, e.g. 2026-WS-0002. */
  fileCode?: string;
  action?: string;
  /** Shanghai dates, both included. */
  from?: string;
  to?: string;
}

export const AUDIT_PAGE_SIZE_MAX = 200;
/** Rows read per query while exporting. */
const EXPORT_CHUNK = 1000;

/** `%` and `_` typed by the user are literal characters, not wildcards. */
function likeEscape(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

function checkFilter(f: AuditFilter): void {
  const bad = (field: string, message: string) => {
    throw new Refused('INVALID_INPUT', message, [{ field, message }]);
  };
  // the schema checks the form (YYYY-MM-DD); an impossible date such as 02-30 is refused by the input guard
  if (f.from && f.to && f.from > f.to) bad('to', '结束日期不能早于开始日期');
}

function filtered(db: Kysely<DB>, f: AuditFilter) {
  const person = f.person?.trim();
  const code = f.fileCode?.trim();
  return db
    .selectFrom('auditLog')
    .leftJoin('appUser', 'appUser.id', 'auditLog.actorId')
    .leftJoin('application', 'application.id', 'auditLog.applicationId')
    .$if(!!person, (qb) =>
      qb.where((eb) => eb.or([eb('appUser.username', '=', person!), eb('appUser.displayName', 'like', `%${likeEscape(person!)}%`)])),
    )
    .$if(!!code, (qb) => qb.where('application.fileCode', '=', code!.toUpperCase()))
    .$if(!!f.action, (qb) => qb.where('auditLog.action', '=', f.action!))
    .$if(!!f.from, (qb) => qb.where('auditLog.at', '>=', shanghaiStartOfDay(f.from!)))
    .$if(!!f.to, (qb) => qb.where('auditLog.at', '<=', shanghaiEndOfDay(f.to!)));
}

type Filtered = ReturnType<typeof filtered>;

function rows(qb: Filtered) {
  return qb.select([
    'auditLog.id',
    'auditLog.at',
    'auditLog.action',
    'auditLog.applicationId',
    'auditLog.fromStatus',
    'auditLog.toStatus',
    'auditLog.reason',
    'auditLog.detail',
    'auditLog.ip',
    'appUser.username as actorUsername',
    'appUser.displayName as actorName',
    'application.fileCode',
  ]);
}

type Row = Awaited<ReturnType<ReturnType<typeof rows>['execute']>>[number];

function view(r: Row) {
  return {
    id: String(r.id),
    at: new Date(r.at).toISOString(),
    // null: the system (a deadline job, the daily sweep)
    actorName: r.actorName ?? null,
    actorUsername: r.actorUsername ?? null,
    action: r.action,
    actionLabel: auditActionLabel(r.action),
    applicationId: r.applicationId,
    fileCode: r.fileCode ?? null,
    fromStatus: r.fromStatus ? statusLabel(r.fromStatus) : null,
    toStatus: r.toStatus ? statusLabel(r.toStatus) : null,
    reason: r.reason,
    detail: r.detail ? JSON.stringify(r.detail) : null,
    ip: r.ip,
  };
}

export async function searchAuditLog(ctx: ServiceContext, actor: Actor, f: AuditFilter & { page: number; pageSize: number }) {
  requireBureauAdmin(actor);
  checkFilter(f);
  const pageSize = Math.min(f.pageSize, AUDIT_PAGE_SIZE_MAX);
  const total = await filtered(ctx.db, f)
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  const items = await rows(filtered(ctx.db, f))
    .orderBy('auditLog.at', 'desc')
    .orderBy('auditLog.id', 'desc')
    .limit(pageSize)
    .offset((f.page - 1) * pageSize)
    .execute();
  const actions = await ctx.db.selectFrom('auditLog').select('action').distinct().orderBy('action').execute();
  return {
    total: Number(total.n),
    page: f.page,
    pageSize,
    items: items.map(view),
    actions: actions.map((a) => ({ action: a.action, label: auditActionLabel(a.action) })),
  };
}

const COLUMNS = [
  { header: '时间', key: 'at', width: 22 },
  { header: '操作人', key: 'actor', width: 16 },
  { header: '账号', key: 'username', width: 22 },
  { header: '操作', key: 'action', width: 20 },
  { header: '材料编号', key: 'fileCode', width: 16 },
  { header: '原状态', key: 'fromStatus', width: 24 },
  { header: '新状态', key: 'toStatus', width: 24 },
  { header: '原因', key: 'reason', width: 40 },
  { header: '详情', key: 'detail', width: 60 },
  { header: 'IP', key: 'ip', width: 16 },
];

/** Shanghai wall-clock time for the sheet: 2026-03-02 10:00:00. */
function shanghaiTime(iso: string): string {
  return new Date(new Date(iso).getTime() + 8 * 3_600_000).toISOString().slice(0, 19).replace('T', ' ');
}

/**
 * The selection as an .xlsx stream, newest first. Rows are read in keyset pages (at, id) so a
 * large log is neither held in memory nor re-scanned by OFFSET.
 */
export function exportAuditLogXlsx(ctx: ServiceContext, actor: Actor, f: AuditFilter): Readable {
  requireBureauAdmin(actor);
  checkFilter(f);
  const out = new PassThrough();
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  const ws = wb.addWorksheet('审计日志');
  ws.columns = COLUMNS;
  ws.getRow(1).font = { bold: true };
  ws.getRow(1).commit();
  void (async () => {
    let after: { at: Date; id: string } | null = null;
    for (;;) {
      const cursor: { at: Date; id: string } | null = after;
      let qb = rows(filtered(ctx.db, f));
      if (cursor) qb = qb.where((eb) => eb.or([eb('auditLog.at', '<', cursor.at), eb.and([eb('auditLog.at', '=', cursor.at), eb('auditLog.id', '<', cursor.id)])]));
      const page: Row[] = await qb
        .orderBy('auditLog.at', 'desc')
        .orderBy('auditLog.id', 'desc')
        .limit(EXPORT_CHUNK)
        .execute();
      for (const r of page) {
        const v = view(r);
        ws.addRow({
          at: shanghaiTime(v.at),
          actor: v.actorName ?? '系统',
          username: v.actorUsername ?? '',
          action: v.actionLabel,
          fileCode: v.fileCode ?? '',
          fromStatus: v.fromStatus ?? '',
          toStatus: v.toStatus ?? '',
          reason: v.reason ?? '',
          detail: v.detail ?? '',
          ip: v.ip ?? '',
        }).commit();
      }
      if (page.length < EXPORT_CHUNK) break;
      const last = page[page.length - 1];
      after = { at: new Date(last.at), id: String(last.id) };
    }
    ws.commit();
    await wb.commit();
  })().catch((e) => out.destroy(e instanceof Error ? e : new Error(String(e))));
  return out;
}
