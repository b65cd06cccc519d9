// The one paging contract every list answers with (issue 11 "Work in bulk", issue 13 item 5): the
// query names a page (1-based), a page size, a sort key and an order, besides the list's own filters;
// the answer carries the page's items and the total of matching rows, so no list stops silently.
import { Type, type TProperties, type TSchema } from 'typebox';
import { StringEnum } from './common.schema';

/** Largest page a list answers: a bigger request is refused (400), never silently cut. */
export const PAGE_SIZE_MAX = 100;
export const PAGE_SIZE_DEFAULT = 20;
/** Beyond this page number the request is a mistake (10,000 × 100 rows); refused with 400. */
export const PAGE_MAX = 10_000;

/**
 * The query string of a paged list: `page`, `pageSize`, `sort` (one of `sorts`, the first is the
 * default), `order` and the list's own filters.
 */
export function PageQuery<const S extends readonly string[], P extends TProperties>(sorts: S, filters: P) {
  return Type.Object(
    {
      page: Type.Optional(Type.Integer({ title: '页码', minimum: 1, maximum: PAGE_MAX, default: 1 })),
      pageSize: Type.Optional(Type.Integer({ title: '每页条数', minimum: 1, maximum: PAGE_SIZE_MAX, default: PAGE_SIZE_DEFAULT })),
      sort: Type.Optional(StringEnum(sorts, { title: '排序字段' })),
      order: Type.Optional(StringEnum(['asc', 'desc'] as const, { title: '排序方向' })),
      ...filters,
    },
    { additionalProperties: false },
  );
}

/** A page of `item`: the rows, the total of matching rows, and the page that was answered. */
export function Paged<T extends TSchema>(item: T) {
  return Type.Object({
    items: Type.Array(item),
    total: Type.Integer({ title: '符合条件的总条数' }),
    page: Type.Integer({ title: '页码' }),
    pageSize: Type.Integer({ title: '每页条数' }),
  });
}

/** A search box: name, ID number or file code (NUL and other unstorable input is refused by input-guard). */
export const SearchText = Type.Optional(Type.String({ title: '搜索（姓名、身份证号或材料编号）', maxLength: 40 }));

