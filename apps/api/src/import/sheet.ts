import { CsvEncoding, decodeText, parseCsv } from './csv';
import { detectHeader, HeaderMap } from './columns';
import { isOle2, isZip, readXlsx, SheetGrid, SpreadsheetError } from './xlsx';

export interface UploadedSheet {
  kind: 'xlsx' | 'csv';
  /** For CSV: how the text was decoded. */
  encoding: CsvEncoding | null;
  grid: SheetGrid;
  header: HeaderMap | null;
}

export class UnsupportedFileError extends Error {}

/**
 * Reads an uploaded list: an .xlsx workbook (the first visible sheet with a recognisable header
 * row, else the first sheet) or a CSV/TSV text file. The old binary .xls is refused: offices can
 * save it as .xlsx in any Excel or WPS.
 */
export async function readUpload(buf: Buffer, maxUnpackedBytes: number): Promise<UploadedSheet> {
  if (isOle2(buf)) throw new UnsupportedFileError('xls');
  if (isZip(buf)) {
    const sheets = await readXlsx(buf, maxUnpackedBytes);
    if (!sheets.length) throw new SpreadsheetError('corrupt', 'no worksheet');
    for (const grid of sheets) {
      const header = detectHeader(grid.rows);
      if (header) return { kind: 'xlsx', encoding: null, grid, header };
    }
    return { kind: 'xlsx', encoding: null, grid: sheets[0], header: null };
  }
  if (buf.includes(0) && !(buf[0] === 0xff && buf[1] === 0xfe) && !(buf[0] === 0xfe && buf[1] === 0xff)) {
    throw new UnsupportedFileError('binary');
  }
  const { text, encoding } = decodeText(buf);
  const rows = parseCsv(text);
  const grid: SheetGrid = { name: 'csv', rows, rowNumbers: rows.map((_, i) => i + 1) };
  return { kind: 'csv', encoding, grid, header: detectHeader(rows) };
}
