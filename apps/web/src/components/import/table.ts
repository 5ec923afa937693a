/**
 * Moved to apps/web/src/table.ts: kept only so the tables not yet switched (JobRows, ReportRows,
 * IssueTable) still compile. Import from '../../table' instead.
 */
export { rowOf, useTable, type SortOrder } from '../../table';
