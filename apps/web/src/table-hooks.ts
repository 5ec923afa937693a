/**
 * ElTable renders its own <table>, <tr> and <td> and takes no attributes for them. This directive,
 * put on an element inside a cell, gives the enclosing row, cell and table the stable hooks that
 * scripts and browser tests select by (table.cases tr[data-case-id], td.due[title]).
 */
import type { Directive } from 'vue';

export interface TableHooks {
  /** Attributes of the enclosing <tr> (e.g. data-case-id). */
  tr?: Record<string, string | undefined>;
  /** Attributes of the enclosing <td> (e.g. a title with the full text). */
  td?: Record<string, string | undefined>;
  /** Classes (space-separated) for the enclosing <table>, ElTable's body table. */
  table?: string;
}

function set(el: Element | null, attrs: Record<string, string | undefined> | undefined) {
  if (!el || !attrs) return;
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined) el.removeAttribute(k);
    else if (el.getAttribute(k) !== v) el.setAttribute(k, v);
  }
}

function apply(el: HTMLElement, hooks: TableHooks | undefined) {
  if (!hooks) return;
  set(el.closest('tr'), hooks.tr);
  set(el.closest('td'), hooks.td);
  if (hooks.table) el.closest('table')?.classList.add(...hooks.table.split(/\s+/).filter(Boolean));
}

/** data-* attributes for the enclosing row: rowData({ status: 'sent' }) gives data-status="sent". */
export function rowData(data: Record<string, string | number | boolean | null | undefined>): TableHooks {
  return {
    tr: Object.fromEntries(
      Object.entries(data).map(([k, v]) => [`data-${k}`, v === null || v === undefined ? '' : String(v)]),
    ),
  };
}

/** v-table-hooks="{ tr: { 'data-case-id': row.id }, table: 'cases' }" */
export const vTableHooks: Directive<HTMLElement, TableHooks | undefined> = {
  mounted: (el, b) => apply(el, b.value),
  updated: (el, b) => apply(el, b.value),
};
