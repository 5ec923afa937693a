import { Readable } from 'node:stream';
import * as ExcelJS from 'exceljs';

/** A row of a sheet as text: Excel row number, cells from column A. */
export interface SheetRow {
  row: number;
  cells: string[];
}

/** One worksheet read as a stream: its name and its rows with any text, in order. */
export interface StreamedSheet {
  name: string;
  rows: AsyncIterable<SheetRow>;
}

/** Bounds of what a sheet may become in memory. */
export interface SheetBounds {
  /** Columns read per row (A…); cells to the right are ignored. */
  maxColumns: number;
  /** Characters kept per cell; the rest is cut off (a longer cell is too long for any field). */
  maxCellChars: number;
  /** Bytes the workbook may unpack to, from its zip directory. */
  maxUnpackedBytes: number;
}

/** Thrown when a file is not a spreadsheet we can read, or would unpack to too much. */
export class SpreadsheetError extends Error {
  constructor(
    public readonly reason: 'corrupt' | 'too-large',
    message: string,
  ) {
    super(message);
  }
}

export const isZip = (buf: Uint8Array) =>
  buf.length >= 4 && buf[0] === 0x50 && buf[1] === 0x4b && buf[2] === 0x03 && buf[3] === 0x04;
/** The OLE2 container of the old binary .xls (and .doc) format. */
export const isOle2 = (buf: Uint8Array) =>
  buf.length >= 4 && buf[0] === 0xd0 && buf[1] === 0xcf && buf[2] === 0x11 && buf[3] === 0xe0;

/** An entry of a zip's central directory. */
export interface ZipEntry {
  name: string;
  /** 0 stored, 8 deflated. */
  method: number;
  compressedSize: number;
  size: number;
  /** Offset of the entry's local header. */
  offset: number;
}

/**
 * The entries of a zip's central directory, or null for a ZIP64 archive (whose sizes this does
 * not read). Throws SpreadsheetError('corrupt') when there is no readable directory.
 */
export function zipEntries(buf: Buffer): ZipEntry[] | null {
  const min = Math.max(0, buf.length - 22 - 0xffff);
  let eocd = -1;
  for (let i = buf.length - 22; i >= min; i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new SpreadsheetError('corrupt', 'not a zip archive');
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  if (count === 0xffff || p === 0xffffffff) return null;
  const entries: ZipEntry[] = [];
  for (let e = 0; e < count; e++) {
    if (p + 46 > buf.length || buf.readUInt32LE(p) !== 0x02014b50)
      throw new SpreadsheetError('corrupt', 'bad zip directory');
    const compressedSize = buf.readUInt32LE(p + 20);
    const size = buf.readUInt32LE(p + 24);
    const offset = buf.readUInt32LE(p + 42);
    if (size === 0xffffffff || compressedSize === 0xffffffff || offset === 0xffffffff) return null;
    const nameLen = buf.readUInt16LE(p + 28);
    entries.push({
      name: buf.toString('utf8', p + 46, p + 46 + nameLen),
      method: buf.readUInt16LE(p + 10),
      compressedSize,
      size,
      offset,
    });
    p += 46 + nameLen + buf.readUInt16LE(p + 30) + buf.readUInt16LE(p + 32);
  }
  return entries;
}

/**
 * Sum of the uncompressed sizes in a zip's central directory, in bytes, or Infinity for a
 * ZIP64 archive. Checked before unpacking so a small upload cannot expand into gigabytes.
 */
export function zipUncompressedSize(buf: Buffer): number {
  const entries = zipEntries(buf);
  return entries ? entries.reduce((sum, e) => sum + e.size, 0) : Infinity;
}

/**
 * The worksheets of an .xlsx file, visible ones only, read as a stream (exceljs's streaming
 * reader): one row at a time, each bounded to `maxColumns` cells of at most `maxCellChars`
 * characters; rows without any text are left out. Sheets come in the order the file stores them.
 * A sheet's rows must be read (or left) before the next sheet is asked for.
 */
export async function* xlsxSheets(buf: Buffer, bounds: SheetBounds): AsyncGenerator<StreamedSheet> {
  if (zipUncompressedSize(buf) > bounds.maxUnpackedBytes) {
    throw new SpreadsheetError('too-large', `unpacked size exceeds ${bounds.maxUnpackedBytes} bytes`);
  }
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([buf]), {
    worksheets: 'emit',
    sharedStrings: 'cache',
    // numFmt: 编号 006 typed as a number with a "000" format, and dates
    styles: 'cache',
    hyperlinks: 'ignore',
    entries: 'ignore',
  });
  const corrupt = (e: unknown) =>
    e instanceof SpreadsheetError ? e : new SpreadsheetError('corrupt', (e as Error)?.message ?? String(e));
  const sheets = reader[Symbol.asyncIterator]();
  for (;;) {
    let next: IteratorResult<any>;
    try {
      next = await sheets.next();
    } catch (e) {
      throw corrupt(e);
    }
    if (next.done) return;
    const ws = next.value as { name: string; state?: string } & AsyncIterable<ExcelJS.Row>;
    const rowsIt = ws[Symbol.asyncIterator]();
    let ended = false;
    const pull = async () => {
      try {
        const r = await rowsIt.next();
        if (r.done) ended = true;
        return r;
      } catch (e) {
        ended = true;
        throw corrupt(e);
      }
    };
    if (!ws.state || ws.state === 'visible') {
      const rows = (async function* (): AsyncGenerator<SheetRow> {
        for (let r = await pull(); !r.done; r = await pull()) {
          const cells = rowCells(r.value, bounds);
          if (cells.some((c) => c !== '')) yield { row: r.value.number, cells };
        }
      })();
      yield { name: ws.name, rows };
    }
    // the zip is one stream: whatever is left of this sheet is read past before the next one
    while (!ended) await pull();
  }
}

function rowCells(row: ExcelJS.Row, bounds: SheetBounds): string[] {
  const cells: string[] = [];
  row.eachCell({ includeEmpty: false }, (cell, col) => {
    if (col > bounds.maxColumns) return;
    const text = cellText(cell);
    cells[col - 1] = text.length > bounds.maxCellChars ? text.slice(0, bounds.maxCellChars) : text;
  });
  for (let i = 0; i < cells.length; i++) cells[i] ??= '';
  return cells;
}

/**
 * A cell as the office sees it: rich text and hyperlinks as their text, formulas as their
 * result, and numbers kept with the leading zeros of a "000" format (编号 006 typed as a number).
 * Merged-away cells are empty: only the top-left cell of a merge carries the value.
 */
export function cellText(cell: ExcelJS.Cell): string {
  if (cell.type === ExcelJS.ValueType.Merge) return '';
  return valueText(cell.value, cell.numFmt);
}

function valueText(v: ExcelJS.CellValue, numFmt?: string): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number') {
    const zeros = numFmt && /^0+$/.exec(numFmt.trim());
    if (zeros && Number.isInteger(v) && v >= 0) return String(v).padStart(zeros[0].length, '0');
    return String(v);
  }
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if ('richText' in v) return v.richText.map((r) => r.text ?? '').join('');
  if ('hyperlink' in v) return valueText(v.text as ExcelJS.CellValue);
  if ('formula' in v || 'sharedFormula' in v)
    return v.result === undefined ? '' : valueText(v.result as ExcelJS.CellValue, numFmt);
  if ('error' in v) return v.error;
  return String(v);
}
