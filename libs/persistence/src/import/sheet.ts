import { CsvEncoding, csvRecords, detectEncoding } from './csv';
import { isOle2, isZip, SheetBounds, SheetRow, xlsxSheets } from './xlsx';

export type UploadKind = 'xlsx' | 'csv';

/** Not a file the import reads: the legacy binary .xls, or some other binary file. */
export class UnsupportedFileError extends Error {
  constructor(public readonly what: 'xls' | 'binary') {
    super(what);
  }
}

/**
 * What an upload is, from its bytes: an .xlsx workbook (a zip) or a CSV/TSV text file. The old
 * binary .xls is refused (offices can save it as .xlsx in any Excel or WPS), and so is any other
 * binary file (a NUL byte outside UTF-16 text).
 */
export function uploadKind(buf: Uint8Array): UploadKind {
  if (isOle2(buf)) throw new UnsupportedFileError('xls');
  if (isZip(buf)) return 'xlsx';
  const utf16 = (buf[0] === 0xff && buf[1] === 0xfe) || (buf[0] === 0xfe && buf[1] === 0xff);
  if (!utf16 && buf.includes(0)) throw new UnsupportedFileError('binary');
  return 'csv';
}

/** A sheet of an upload as a stream of rows (a CSV is one sheet, blank lines included). */
export interface UploadSheet {
  kind: UploadKind;
  /** For CSV: how the text was decoded. */
  encoding: CsvEncoding | null;
  /** The worksheet's name; null for CSV. */
  name: string | null;
  rows: AsyncIterable<SheetRow>;
}

/**
 * The sheets of an upload in order, each read as a stream of bounded rows: the visible
 * worksheets of an .xlsx, or the one table of a CSV. A sheet's rows are read (or left) before the
 * next sheet is asked for. Throws UnsupportedFileError, or SpreadsheetError for a workbook that
 * cannot be read or unpacks to too much.
 */
export async function* uploadSheets(buf: Buffer, bounds: SheetBounds): AsyncGenerator<UploadSheet> {
  if (uploadKind(buf) === 'xlsx') {
    for await (const s of xlsxSheets(buf, bounds))
      yield { kind: 'xlsx', encoding: null, name: s.name, rows: s.rows };
    return;
  }
  const found = detectEncoding(buf);
  async function* rows(): AsyncGenerator<SheetRow> {
    let n = 0;
    for (const cells of csvRecords(
      buf,
      { maxFields: bounds.maxColumns, maxFieldChars: bounds.maxCellChars },
      found,
    ))
      yield { row: ++n, cells };
  }
  yield { kind: 'csv', encoding: found.encoding, name: null, rows: rows() };
}
