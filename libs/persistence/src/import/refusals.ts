import { FIELD_LABELS, HEADER_ALIASES, IMPORT_FIELDS } from './columns';

/**
 * Upload limits: bytes on the wire, bytes once an .xlsx is unpacked, data rows, and what one row
 * may become in memory while it is read (columns, characters per cell: more than any field takes).
 */
export const IMPORT_LIMITS = {
  fileBytes: 10 * 1024 * 1024,
  unpackedBytes: 200 * 1024 * 1024,
  rows: 5000,
  columns: 256,
  cellChars: 100_001,
};

/**
 * Why a whole file is refused before any row is judged, with the HTTP status the API answers and
 * a Chinese-first message: the same whether the upload request finds it or the check does later.
 */
export interface ImportRefusal {
  status: number;
  code: string;
  message: string;
  extra?: Record<string, unknown>;
}

const MB = 1024 * 1024;

export const refusals = {
  fileMissing: (): ImportRefusal => ({
    status: 400,
    code: 'IMPORT_FILE_MISSING',
    message: '请在 file 字段上传 .xlsx 或 .csv 文件 (multipart field "file" is required)',
  }),
  tooLarge: (): ImportRefusal => ({
    status: 413,
    code: 'IMPORT_FILE_TOO_LARGE',
    message: `文件过大：上传不超过 ${IMPORT_LIMITS.fileBytes / MB} MB（.xlsx 解压后不超过 ${IMPORT_LIMITS.unpackedBytes / MB} MB） (file too large)`,
    extra: { maxBytes: IMPORT_LIMITS.fileBytes },
  }),
  unsupported: (what: 'xls' | 'binary'): ImportRefusal => ({
    status: 415,
    code: 'IMPORT_UNSUPPORTED_FILE',
    message:
      what === 'xls'
        ? '不支持旧版 .xls 文件，请在 Excel 或 WPS 中另存为 .xlsx 后上传 (legacy .xls: save as .xlsx)'
        : '只能导入 .xlsx 或 .csv 文件 (only .xlsx and .csv files)',
  }),
  unreadable: (why: string): ImportRefusal => ({
    status: 422,
    code: 'IMPORT_FILE_UNREADABLE',
    message: `无法读取该 .xlsx 文件，文件可能已损坏 (unreadable workbook): ${why}`,
  }),
  noHeader: (): ImportRefusal => ({
    status: 422,
    code: 'IMPORT_NO_HEADER',
    message: `在前 10 行中没有找到表头行：至少应有“编号”或“标题”等两列 (no header row found in the first 10 rows)`,
    extra: {
      expectedHeaders: Object.fromEntries(IMPORT_FIELDS.map((f) => [FIELD_LABELS[f], HEADER_ALIASES[f]])),
    },
  }),
  tooManyRows: (rows: number, maxRows = IMPORT_LIMITS.rows): ImportRefusal => ({
    status: 422,
    code: 'IMPORT_TOO_MANY_ROWS',
    message: `文件有 ${rows} 行数据，一次最多导入 ${maxRows} 行，请拆分后上传 (at most ${maxRows} rows per file)`,
    extra: { rows, maxRows },
  }),
  noRows: (): ImportRefusal => ({
    status: 422,
    code: 'IMPORT_NO_ROWS',
    message: '表头下面没有数据行 (no data rows below the header)',
  }),
  hasErrors: (errors: number, invalid: number): ImportRefusal => ({
    status: 422,
    code: 'IMPORT_HAS_ERRORS',
    message: `文件中有 ${errors} 处错误（${invalid} 行），未导入任何一行；请修改后重新上传 (the file has errors; nothing was imported)`,
  }),
};
