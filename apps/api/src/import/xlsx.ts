import * as ExcelJS from 'exceljs';

/** One worksheet as text: `rows[i]` is Excel row `rowNumbers[i]`, cells from column A. */
export interface SheetGrid {
  name: string;
  rows: string[][];
  rowNumbers: number[];
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

/**
 * Sum of the uncompressed sizes in a zip's central directory, in bytes, or Infinity for a
 * ZIP64 archive. Checked before unpacking so a small upload cannot expand into gigabytes.
 */
export function zipUncompressedSize(buf: Buffer): number {
  const min = Math.max(0, buf.length - 22 - 0xffff);
  let eocd = -1;
  for (let i = buf.length - 22; i >= min; i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new SpreadsheetError('corrupt', 'not a zip archive');
  const entries = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  if (entries === 0xffff || p === 0xffffffff) return Infinity;
  let total = 0;
  for (let e = 0; e < entries; e++) {
    if (p + 46 > buf.length || buf.readUInt32LE(p) !== 0x02014b50)
      throw new SpreadsheetError('corrupt', 'bad zip directory');
    const size = buf.readUInt32LE(p + 24);
    if (size === 0xffffffff) return Infinity;
    total += size;
    p += 46 + buf.readUInt16LE(p + 28) + buf.readUInt16LE(p + 30) + buf.readUInt16LE(p + 32);
  }
  return total;
}

/** Reads every visible worksheet of an .xlsx file as text. */
export async function readXlsx(buf: Buffer, maxUnpackedBytes: number): Promise<SheetGrid[]> {
  if (zipUncompressedSize(buf) > maxUnpackedBytes) {
    throw new SpreadsheetError('too-large', `unpacked size exceeds ${maxUnpackedBytes} bytes`);
  }
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(buf as any);
  } catch (e) {
    throw new SpreadsheetError('corrupt', (e as Error).message);
  }
  const sheets: SheetGrid[] = [];
  for (const ws of wb.worksheets) {
    if (ws.state && ws.state !== 'visible') continue;
    const rows: string[][] = [];
    const rowNumbers: number[] = [];
    ws.eachRow({ includeEmpty: false }, (row, rowNumber) => {
      const cells: string[] = [];
      row.eachCell({ includeEmpty: true }, (cell, col) => {
        cells[col - 1] = cellText(cell);
      });
      for (let i = 0; i < cells.length; i++) cells[i] ??= '';
      rows.push(cells);
      rowNumbers.push(rowNumber);
    });
    sheets.push({ name: ws.name, rows, rowNumbers });
  }
  return sheets;
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
  if ('richText' in v) return v.richText.map((r) => r.text).join('');
  if ('hyperlink' in v) return valueText(v.text as ExcelJS.CellValue);
  if ('formula' in v || 'sharedFormula' in v)
    return v.result === undefined ? '' : valueText(v.result as ExcelJS.CellValue, numFmt);
  if ('error' in v) return v.error;
  return String(v);
}
