/**
 * The check of a session list, read as a stream: rows come off the file one at a time, each
 * bounded; the header is looked for in the first rows; data rows are checked in bounded batches
 * (the cases already registered under their numbers are looked up per batch) and handed to a sink
 * in file order. Nothing but the current batch and the numbers seen stays in memory.
 */
import { detectHeader, HeaderMap, IMPORT_FIELDS } from './columns';
import type { CsvEncoding } from './csv';
import { IMPORT_LIMITS, ImportRefusal, refusals } from './refusals';
import { UnsupportedFileError, uploadSheets, type UploadKind } from './sheet';
import type { UnitRef } from './units-index';
import {
  CheckedRow,
  ExistingCase,
  extractRow,
  ImportIssue,
  ImportValidator,
  normalizeNumber,
  PlannedRow,
  RawRow,
  SessionContext,
} from './validate';
import { SpreadsheetError, type SheetRow } from './xlsx';

/** Rows scanned for the header. */
const HEADER_SCAN = 10;
/** A batch is checked and handed on at this many rows, or characters, whichever comes first. */
const BATCH_ROWS = 200;
const BATCH_CHARS = 2_000_000;

/** The file as the check read it. */
export interface CheckedFile {
  name: string;
  kind: UploadKind;
  encoding: CsvEncoding | null;
  sheet: string | null;
  headerRow: number;
  sha256: string;
  size: number;
}

export interface CheckCounts {
  rows: number;
  new: number;
  unchanged: number;
  invalid: number;
  errors: number;
  warnings: number;
  infos: number;
}

/** The report of a check without its rows and their findings (those went to the sink). */
export interface CheckSummary {
  ok: boolean;
  file: CheckedFile;
  columns: { field: string; header: string; column: string }[];
  counts: CheckCounts;
  /** Findings about the file as a whole (columns), listed before the rows' own. */
  fileIssues: ImportIssue[];
}

export type CheckResult = { refused: ImportRefusal } | { summary: CheckSummary };

export interface CheckInput {
  file: Buffer;
  fileName: string;
  sha256: string;
  session: SessionContext;
  /** Every handling unit, for matching the unit columns. */
  units(): Promise<UnitRef[]>;
  /** The session's registered cases under any of these numbers, by number. */
  existing(numbers: string[]): Promise<Map<string, ExistingCase>>;
  /** Takes the checked rows in file order, a batch at a time. */
  sink(rows: CheckedRow[]): Promise<void>;
  /** Called after each batch with the data rows read so far (a sign of life). */
  progress?(rows: number): void;
  limits?: typeof IMPORT_LIMITS;
}

/** A row of the report: the plan without its registration body, with its findings counted. */
export type ReportRow = Omit<PlannedRow, 'registration'> & { errors: number; warnings: number };

export function reportRow({ planned, issues }: CheckedRow): ReportRow {
  const { registration: _registration, ...rest } = planned;
  return {
    ...rest,
    errors: issues.filter((i) => i.severity === 'error').length,
    warnings: issues.filter((i) => i.severity === 'warning').length,
  };
}

/**
 * Checks a list. A file that cannot be read as a list at all (not a spreadsheet, unreadable, no
 * header in the first rows of any visible sheet, no data rows, too many) is refused whole;
 * otherwise every row reaches the sink and the summary says whether any has errors.
 */
export async function checkUpload(input: CheckInput): Promise<CheckResult> {
  const limits = input.limits ?? IMPORT_LIMITS;
  const bounds = {
    maxColumns: limits.columns,
    maxCellChars: limits.cellChars,
    maxUnpackedBytes: limits.unpackedBytes,
  };
  try {
    let sawSheet = false;
    let result: CheckResult | null = null;
    for await (const sheet of uploadSheets(input.file, bounds)) {
      sawSheet = true;
      // later sheets are only read past (a workbook is one stream)
      if (result) continue;
      const rows = sheet.rows[Symbol.asyncIterator]();
      const first: SheetRow[] = [];
      while (first.length < HEADER_SCAN) {
        const r = await rows.next();
        if (r.done) break;
        first.push(r.value);
      }
      const header = detectHeader(first.map((r) => r.cells));
      if (!header) continue;
      const file: CheckedFile = {
        name: input.fileName,
        kind: sheet.kind,
        encoding: sheet.encoding,
        sheet: sheet.name,
        headerRow: first[header.rowIndex].row,
        sha256: input.sha256,
        size: input.file.length,
      };
      result = await checkRows(input, limits.rows, header, file, first.slice(header.rowIndex + 1), rows);
    }
    if (result) return result;
    if (!sawSheet) return { refused: refusals.unreadable('no worksheet') };
    return { refused: refusals.noHeader() };
  } catch (e) {
    if (e instanceof UnsupportedFileError) return { refused: refusals.unsupported(e.what) };
    if (e instanceof SpreadsheetError)
      return { refused: e.reason === 'too-large' ? refusals.tooLarge() : refusals.unreadable(e.message) };
    throw e;
  }
}

async function checkRows(
  input: CheckInput,
  maxRows: number,
  header: HeaderMap,
  file: CheckedFile,
  buffered: SheetRow[],
  rest: AsyncIterator<SheetRow>,
): Promise<CheckResult> {
  const validator = new ImportValidator(header, input.session, await input.units());
  const fileIssues = validator.fileIssues();
  const counts: CheckCounts = { rows: 0, new: 0, unchanged: 0, invalid: 0, errors: 0, warnings: 0, infos: 0 };
  const tally = (issues: ImportIssue[]) => {
    for (const i of issues) {
      if (i.severity === 'error') counts.errors++;
      else if (i.severity === 'warning') counts.warnings++;
      else counts.infos++;
    }
  };
  tally(fileIssues);

  let dataRows = 0;
  let batch: RawRow[] = [];
  let batchChars = 0;
  const flush = async () => {
    if (!batch.length) return;
    const numbers = [
      ...new Set(batch.map((r) => normalizeNumber(r.cells.number ?? '').value).filter(Boolean)),
    ];
    const existing = numbers.length ? await input.existing(numbers) : new Map<string, ExistingCase>();
    const checked = batch.map((r) => validator.row(r, existing));
    for (const c of checked) {
      counts.rows++;
      counts[c.planned.status]++;
      tally(c.issues);
    }
    batch = [];
    batchChars = 0;
    await input.sink(checked);
    input.progress?.(dataRows);
  };
  const take = async (row: SheetRow) => {
    const raw = extractRow(row.cells, row.row, header);
    if (!raw) return;
    dataRows++;
    // past the limit, rows are only counted, for the refusal
    if (dataRows > maxRows) return;
    batch.push(raw);
    for (const f of IMPORT_FIELDS) batchChars += raw.cells[f]?.length ?? 0;
    if (batch.length >= BATCH_ROWS || batchChars >= BATCH_CHARS) await flush();
  };
  for (const r of buffered) await take(r);
  for (let r = await rest.next(); !r.done; r = await rest.next()) await take(r.value);
  await flush();

  if (dataRows > maxRows) return { refused: refusals.tooManyRows(dataRows, maxRows) };
  if (!dataRows) return { refused: refusals.noRows() };
  return {
    summary: {
      ok: counts.errors === 0,
      file,
      columns: IMPORT_FIELDS.filter((f) => header.fields[f]).map((f) => ({
        field: f,
        header: header.fields[f]!.header,
        column: header.fields[f]!.letter,
      })),
      counts,
      fileIssues,
    },
  };
}
