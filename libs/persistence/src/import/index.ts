/**
 * Bulk import of session lists (.xlsx/.csv), shared by the API (the upload's cheap look, the
 * report) and the worker (the import workflow's activities): reading a list as a stream of
 * bounded rows, checking it row by row, and the job's work in the database. Imported as
 * `@banli/persistence/import` (not from the package root: exceljs stays out of what only needs
 * entities).
 */
export * from './columns';
export * from './csv';
export * from './proposers';
export * from './units-index';
export * from './validate';
export * from './xlsx';
export * from './sheet';
export * from './probe';
export * from './refusals';
export * from './check';
export * from './jobs';
