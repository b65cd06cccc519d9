// One page of any list (issue 11 "Work in bulk"): the rows of the page and the total of matching
// rows, from one filtered query. The caller passes the query with its joins and filters, and the
// order it sorts by; the order must end on a unique column (the id) so pages never overlap.
import { type SelectQueryBuilder, sql } from 'kysely';

export interface PageRequest {
  /** 1-based page number */
  page: number;
  pageSize: number;
}

export interface Page<T> extends PageRequest {
  items: T[];
  total: number;
}

export async function fetchPage<DB, TB extends keyof DB, O, CTB extends keyof DB = TB>(
  qb: SelectQueryBuilder<DB, TB, O>,
  req: PageRequest,
  order: (qb: SelectQueryBuilder<DB, TB, O>) => SelectQueryBuilder<DB, TB, O>,
  /**
   * The same rows with fewer joins, when the caller knows the joins cannot change the count (inner
   * joins along NOT NULL foreign keys) and no filter needs them: counting is the part of a page
   * that grows with the table, so it should touch as little as it can.
   */
  countFrom?: SelectQueryBuilder<DB, CTB, object>,
): Promise<Page<O>> {
  // The count drops the selected columns (and with them any correlated sub-queries) and the order.
  const counted = await ((countFrom ?? qb.clearSelect()) as unknown as SelectQueryBuilder<DB, TB, object>)
    .select(sql<string>`count(*)`.as('total'))
    .executeTakeFirst();
  const total = Number((counted as { total?: string } | undefined)?.total ?? 0);
  const offset = (req.page - 1) * req.pageSize;
  const items = total > offset ? await order(qb).limit(req.pageSize).offset(offset).execute() : [];
  return { items, total, page: req.page, pageSize: req.pageSize };
}

/** `page`/`pageSize` of a request, with the defaults the schema declares. */
export function pageRequest(q: { page?: number; pageSize?: number }, defaultSize = 20): PageRequest {
  return { page: q.page ?? 1, pageSize: q.pageSize ?? defaultSize };
}

/** `s` as a literal inside a LIKE pattern: `%`, `_` and `\` match only themselves. */
export function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}
