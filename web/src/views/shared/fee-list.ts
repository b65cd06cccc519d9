// The paged fee lists of the unit and the committee, and the paged batch lists of the unit and the
// bureau (R3, issue 11 "Work in bulk", issue 13 item 5): filters, search, sort and page live here
// and go to the server, which answers one page with the total.
import { reactive, ref, type Ref } from 'vue';
import type { FeeBatchList, FeeBatchListQuery, FeeFile, FeeListQuery } from '../../api/review';

export type FeeState = NonNullable<FeeListQuery['fee']>;

/** The fee states the filter offers (the server's `fee` values). */
export const FEE_STATE_OPTIONS: Array<{ value: FeeState; label: string }> = [
  { value: 'owing', label: '未缴费' },
  { value: 'recorded', label: '已登记，待财务确认' },
  { value: 'confirmed', label: '财务已确认' },
];

export function useFeeList<T extends { items: FeeFile[]; total: number }>(year: Ref<number>, fetch: (q: FeeListQuery) => Promise<T>) {
  const data = ref<T | null>(null) as Ref<T | null>;
  const loading = ref(false);
  const filters = reactive<{ q: string; fee: FeeState | ''; unitId: number | '' }>({ q: '', fee: '', unitId: '' });
  const paging = reactive<{ page: number; pageSize: number; sort: FeeListQuery['sort']; order: FeeListQuery['order'] }>({
    page: 1,
    pageSize: 20,
    sort: undefined,
    order: undefined,
  });

  function request(): FeeListQuery {
    const q: FeeListQuery = { year: year.value, page: paging.page, pageSize: paging.pageSize };
    if (paging.sort) q.sort = paging.sort;
    if (paging.order) q.order = paging.order;
    if (filters.fee) q.fee = filters.fee;
    if (filters.unitId) q.unitId = filters.unitId;
    if (filters.q.trim()) q.q = filters.q.trim();
    return q;
  }

  async function load() {
    loading.value = true;
    try {
      data.value = await fetch(request());
    } finally {
      loading.value = false;
    }
  }

  /** A new filter, search or year starts again at page 1. */
  function search() {
    paging.page = 1;
    return load();
  }

  function reset() {
    Object.assign(filters, { q: '', fee: '', unitId: '' });
    Object.assign(paging, { sort: undefined, order: undefined });
    return search();
  }

  function sortBy(sort: FeeListQuery['sort'], order: FeeListQuery['order']) {
    Object.assign(paging, { sort, order });
    return search();
  }

  return { data, loading, filters, paging, load, search, reset, sortBy };
}

export type FeeBatchState = NonNullable<FeeBatchListQuery['status']>;

/** The batch states the filter offers (the server's `status` values). */
export const FEE_BATCH_STATE_OPTIONS: Array<{ value: FeeBatchState; label: string }> = [
  { value: 'pending', label: '待财务确认' },
  { value: 'confirmed', label: '财务已确认' },
];

/** A paged batch list of the review year `year`: its status filter, sort and page. */
export function useFeeBatchList(year: Ref<number>, fetch: (q: FeeBatchListQuery) => Promise<FeeBatchList>) {
  const data = ref<FeeBatchList | null>(null);
  const loading = ref(false);
  const filters = reactive<{ status: FeeBatchState | '' }>({ status: '' });
  const paging = reactive<{ page: number; pageSize: number; sort: FeeBatchListQuery['sort']; order: FeeBatchListQuery['order'] }>({
    page: 1,
    pageSize: 20,
    sort: undefined,
    order: undefined,
  });

  async function load() {
    loading.value = true;
    try {
      const q: FeeBatchListQuery = { year: year.value, page: paging.page, pageSize: paging.pageSize };
      if (paging.sort) q.sort = paging.sort;
      if (paging.order) q.order = paging.order;
      if (filters.status) q.status = filters.status;
      data.value = await fetch(q);
    } finally {
      loading.value = false;
    }
  }

  /** A new filter or year starts again at page 1. */
  function search() {
    paging.page = 1;
    return load();
  }

  function sortBy(sort: FeeBatchListQuery['sort'], order: FeeBatchListQuery['order']) {
    Object.assign(paging, { sort, order });
    return search();
  }

  return { data, loading, filters, paging, load, search, sortBy };
}
