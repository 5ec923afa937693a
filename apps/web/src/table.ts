/**
 * Sorting and paging of a long table (a session list may have 5000 rows): ElTable's columns use
 * sortable="custom", so the whole list is sorted here before it is cut into pages.
 */
import { computed, ref, watch } from 'vue';

export type SortOrder = 'ascending' | 'descending' | null;

const collator = new Intl.Collator('zh-CN', { numeric: true });

function compare(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (a === null || a === undefined || a === '') return b === null || b === undefined || b === '' ? 0 : 1;
  if (b === null || b === undefined || b === '') return -1;
  return collator.compare(String(a), String(b));
}

/**
 * `source` is the list as the API gave it; `keys` says how to sort by a column whose prop is not
 * a plain field of the row (e.g. a label). Pages of `pageSize` rows; the pager shows past one page.
 */
export function useTable<T extends object>(
  source: () => readonly T[],
  opts: { pageSize?: number; keys?: Record<string, (row: T) => unknown> } = {},
) {
  const pageSize = opts.pageSize ?? 100;
  const sort = ref<{ prop: string; order: SortOrder }>({ prop: '', order: null });
  const page = ref(1);

  const sorted = computed(() => {
    const list = [...source()];
    const { prop, order } = sort.value;
    if (!prop || !order) return list;
    const key = opts.keys?.[prop] ?? ((row: T) => (row as Record<string, unknown>)[prop]);
    const sign = order === 'descending' ? -1 : 1;
    // a stable sort keeps the file's order among equal keys
    return list.sort((a, b) => sign * compare(key(a), key(b)));
  });
  const total = computed(() => source().length);
  const rows = computed(() => sorted.value.slice((page.value - 1) * pageSize, page.value * pageSize));

  watch(total, () => (page.value = 1));

  function onSort(e: { prop: string | null; order: SortOrder }) {
    sort.value = { prop: e.prop ?? '', order: e.order };
    page.value = 1;
  }

  return { rows, total, page, pageSize, onSort };
}

/**
 * ElTable's column slots hand out rows untyped (Record<PropertyKey, any>); `rowOf<Issue>()` gives
 * a table's cells the row as the type it was given in :data.
 */
export const rowOf =
  <T>() =>
  (scope: { row: unknown }): T =>
    scope.row as T;
