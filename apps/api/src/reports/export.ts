/**
 * Every report, and the case list, as a file: .xlsx (a title row with the filters and when it was
 * made, then a frozen header row; dates as dates, numbers as numbers, rates as percentages) or
 * .csv (UTF-8 with a BOM, so Excel reads the Chinese, header row first).
 */
import { StreamableFile } from '@nestjs/common';
import * as ExcelJS from 'exceljs';
import { formatDateTimeZh, shanghaiDateOf } from '@banli/domain';

export type CellType = 'text' | 'number' | 'date' | 'datetime' | 'percent';
export type CellValue = string | number | boolean | Date | null | undefined;

export interface Column<T> {
  header: string;
  /** Width in characters (Chinese characters count double). */
  width?: number;
  type?: CellType;
  value: (row: T) => CellValue;
}

export interface ExportTable<T> {
  /** The sheet's title and the file's name, e.g. 逾期事项报表. */
  title: string;
  /** The filters in words, e.g. 辖区 cn-national；人大. */
  filters: string;
  generatedAt: Date;
  columns: Column<T>[];
  rows: T[];
  /** How many rows matched, when the file holds fewer (its title then says so). */
  matched?: number;
}

const SHANGHAI_MS = 8 * 3_600_000;
const two = (n: number) => String(n).padStart(2, '0');

/** A calendar date 'YYYY-MM-DD' or an instant as the Date Excel shows as that Shanghai day. */
function excelDate(v: Date | string): Date {
  const day = typeof v === 'string' ? v.slice(0, 10) : shanghaiDateOf(v.toISOString());
  const [y, m, d] = day.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d));
}

/** An instant as the Date Excel shows at its Shanghai wall time. */
const excelDateTime = (v: Date | string) => new Date(new Date(v).getTime() + SHANGHAI_MS);

function csvText(v: CellValue, type: CellType): string {
  if (v === null || v === undefined) return '';
  if (type === 'date') return shanghaiDateOf(excelDate(v as Date | string).toISOString());
  if (type === 'datetime') {
    const t = excelDateTime(v as Date | string);
    return `${t.toISOString().slice(0, 10)} ${two(t.getUTCHours())}:${two(t.getUTCMinutes())}`;
  }
  if (type === 'percent' && typeof v === 'number') return `${Math.round(v * 1000) / 10}%`;
  if (typeof v === 'boolean') return v ? '是' : '否';
  // text that Excel would run as a formula (=, +, -, @) is kept as text
  if (type === 'text' && /^[=+\-@\t\r]/.test(String(v))) return `'${String(v)}`;
  return String(v);
}

const csvField = (s: string) => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

export function toCsv<T>(t: ExportTable<T>): Buffer {
  const lines = [t.columns.map((c) => csvField(c.header)).join(',')];
  for (const row of t.rows)
    lines.push(t.columns.map((c) => csvField(csvText(c.value(row), c.type ?? 'text'))).join(','));
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(lines.join('\r\n') + '\r\n', 'utf8')]);
}

const NUM_FMT: Partial<Record<CellType, string>> = {
  date: 'yyyy-mm-dd',
  datetime: 'yyyy-mm-dd hh:mm',
  percent: '0.0%',
};

export async function toXlsx<T>(t: ExportTable<T>): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.created = t.generatedAt;
  const ws = wb.addWorksheet(t.title.slice(0, 31), { views: [{ state: 'frozen', ySplit: 2 }] });
  ws.columns = t.columns.map((c) => ({ width: c.width ?? Math.max(10, c.header.length * 2 + 2) }));
  const cut =
    t.matched !== undefined && t.matched > t.rows.length
      ? `；共 ${t.matched} 行，本文件仅含前 ${t.rows.length} 行`
      : '';
  const title = ws.addRow([
    `${t.title}（${t.filters || '全部'}；生成于 ${formatDateTimeZh(t.generatedAt)}${cut}）`,
  ]);
  title.font = { bold: true, size: 12 };
  if (t.columns.length > 1) ws.mergeCells(1, 1, 1, t.columns.length);
  const header = ws.addRow(t.columns.map((c) => c.header));
  header.font = { bold: true };
  header.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8EEF7' } };
  for (const row of t.rows) {
    ws.addRow(
      t.columns.map((c) => {
        const v = c.value(row);
        if (v === null || v === undefined) return null;
        if (c.type === 'date') return excelDate(v as Date | string);
        if (c.type === 'datetime') return excelDateTime(v as Date | string);
        if (typeof v === 'boolean') return v ? '是' : '否';
        return v;
      }),
    );
  }
  t.columns.forEach((c, i) => {
    const fmt = NUM_FMT[c.type ?? 'text'];
    if (fmt) ws.getColumn(i + 1).numFmt = fmt;
  });
  ws.autoFilter = { from: { row: 2, column: 1 }, to: { row: 2, column: t.columns.length } };
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** The file for a download: name in Chinese (RFC 5987) with an ASCII fallback. */
export async function exportFile<T>(
  format: 'xlsx' | 'csv',
  asciiName: string,
  t: ExportTable<T>,
): Promise<StreamableFile> {
  const day = shanghaiDateOf(t.generatedAt.toISOString());
  const body = format === 'xlsx' ? await toXlsx(t) : toCsv(t);
  const ascii = `${asciiName}-${day}.${format}`;
  const utf8 = encodeURIComponent(`${t.title}-${day}.${format}`);
  return new StreamableFile(body, {
    type:
      format === 'xlsx'
        ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
        : 'text/csv; charset=utf-8',
    disposition: `attachment; filename="${ascii}"; filename*=UTF-8''${utf8}`,
    length: body.length,
  });
}
