/**
 * The one definition of overdue (libs/domain lifecycle/clocks.ts: nextDue, overdueDuties,
 * isOverdue) as SQL over the read model the projection writes. Both are plain indexed range reads:
 * deadline (kind, status, due_at) and proposal (next_due_at). Bind `:now`.
 * test/e2e/overdue-read-model.e2e.ts checks that these and the domain functions agree.
 */

/** An overdue duty: an open duty row of a counting case past its due instant. */
export function overdueDutySql(alias = 'd'): string {
  return `(${alias}.kind = 'duty' AND ${alias}.status = 'open' AND ${alias}.due_at <= :now)`;
}

/** An overdue case: its next due (earliest counting duty) is at or before now. */
export function overdueCaseSql(alias = 'p'): string {
  return `(${alias}.next_due_at IS NOT NULL AND ${alias}.next_due_at <= :now)`;
}

/** A case that is not overdue now. */
export function notOverdueCaseSql(alias = 'p'): string {
  return `(${alias}.next_due_at IS NULL OR ${alias}.next_due_at > :now)`;
}
