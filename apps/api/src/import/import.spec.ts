import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import * as ExcelJS from 'exceljs';
import {
  checkUpload,
  CheckedRow,
  CheckSummary,
  csvRecords,
  CsvRecordReader,
  decodeText,
  detectHeader,
  ExistingCase,
  fieldOfHeader,
  IMPORT_LIMITS,
  ImportRefusal,
  normalizeHeader,
  normalizeNumber,
  parseCsv,
  probeCsv,
  probeXlsx,
  proposerKind,
  registrationProblems,
  RowRegistration,
  SessionContext,
  sniffDelimiter,
  splitList,
  SpreadsheetError,
  UnitIndex,
  UnitRef,
  UnsupportedFileError,
  uploadKind,
  xlsxSheets,
  zipUncompressedSize,
} from '@banli/persistence/import';
import { RegisterProposalDto } from '../proposals/proposal.dto';
import { encodeGbk } from '../../../../test/support/gbk';

async function xlsx(rows: unknown[][], setup?: (ws: ExcelJS.Worksheet) => void): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('提案');
  for (const r of rows) ws.addRow(r);
  setup?.(ws);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const UNITS: UnitRef[] = [
  { id: 'u-edu', code: 'jyj', name: '辽源市教育局', shortName: '市教育局' },
  { id: 'u-fin', code: 'czj', name: '辽源市财政局', shortName: '市财政局' },
  { id: 'u-civ', code: 'mzj', name: '辽源市民政局', shortName: '市民政局' },
];
const SESSION: SessionContext = {
  jurisdiction: 'guangzhou',
  channel: 'cppcc',
  term: 8,
  session: 6,
  duringSession: true,
};

/** The whole streaming check with an in-memory sink: the report's issues and rows, the batches seen. */
async function run(buf: Buffer, existing: ExistingCase[] = [], limits = IMPORT_LIMITS) {
  const batches: CheckedRow[][] = [];
  const lookedUp: string[][] = [];
  const result = await checkUpload({
    file: buf,
    fileName: 'list',
    sha256: 'x',
    session: SESSION,
    units: async () => UNITS,
    existing: async (numbers) => {
      lookedUp.push(numbers);
      return new Map(existing.filter((e) => numbers.includes(e.number)).map((e) => [e.number, e]));
    },
    sink: async (rows) => {
      batches.push(rows);
    },
    limits,
  });
  return { result, batches, lookedUp };
}

async function check(buf: Buffer, existing: ExistingCase[] = []) {
  const { result, batches } = await run(buf, existing);
  if (!('summary' in result)) throw new Error(`refused: ${result.refused.code}`);
  const checked = batches.flat();
  return {
    summary: result.summary as CheckSummary,
    issues: [...result.summary.fileIssues, ...checked.flatMap((c) => c.issues)],
    rows: checked.map((c) => c.planned),
  };
}

async function refusal(buf: Buffer, limits = IMPORT_LIMITS): Promise<ImportRefusal> {
  const { result } = await run(buf, [], limits);
  if (!('refused' in result)) throw new Error('not refused');
  return result.refused;
}

/** Every sheet of a workbook as the stream gives it: name and rows. */
async function sheetsOf(buf: Buffer, maxUnpackedBytes = 50e6) {
  const out: { name: string; rows: string[][]; rowNumbers: number[] }[] = [];
  for await (const s of xlsxSheets(buf, { maxColumns: 256, maxCellChars: 100_001, maxUnpackedBytes })) {
    const sheet = { name: s.name, rows: [] as string[][], rowNumbers: [] as number[] };
    for await (const r of s.rows) {
      sheet.rows.push(r.cells);
      sheet.rowNumbers.push(r.row);
    }
    out.push(sheet);
  }
  return out;
}

describe('CSV', () => {
  it('parses RFC 4180 quoting, doubled quotes, line breaks in fields and CRLF', () => {
    const text = '编号,标题,内容\r\n006,"关于""一老一小""的建议","第一段\r\n第二段"\r\n007,简单,\r\n';
    expect(parseCsv(text)).toEqual([
      ['编号', '标题', '内容'],
      ['006', '关于"一老一小"的建议', '第一段\n第二段'],
      ['007', '简单', ''],
    ]);
  });

  it.each([
    [
      'no final line break',
      'a,b\n1,2',
      [
        ['a', 'b'],
        ['1', '2'],
      ],
    ],
    [
      'LF and a final line break',
      'a,b\n1,2\n',
      [
        ['a', 'b'],
        ['1', '2'],
      ],
    ],
    [
      'CR only (old Mac Excel)',
      'a,b\r1,2\r',
      [
        ['a', 'b'],
        ['1', '2'],
      ],
    ],
    ['a delimiter inside quotes', '"a,b",c\n', [['a,b', 'c']]],
    ['empty fields', ',,\n', [['', '', '']]],
    ['a quote inside an unquoted field kept', 'a"b,c\n', [['a"b', 'c']]],
    ['an empty quoted last field', 'a,""\n', [['a', '']]],
  ])('handles %s', (_, text, rows) => {
    expect(parseCsv(text)).toEqual(rows);
  });

  it('sniffs tab- and semicolon-separated text', () => {
    expect(sniffDelimiter('编号\t标题\n1\t2')).toBe('\t');
    expect(sniffDelimiter('a;b\n')).toBe(';');
    expect(sniffDelimiter('a,b;c\n')).toBe(',');
    expect(parseCsv('编号\t标题\n1\t关于,的建议\n')).toEqual([
      ['编号', '标题'],
      ['1', '关于,的建议'],
    ]);
  });

  it('decodes UTF-8 with and without BOM, UTF-16LE with BOM, and GBK', () => {
    const text = '编号,标题\n006,关于加强社区养老服务的建议\n';
    expect(decodeText(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]))).toEqual({
      text,
      encoding: 'utf-8-bom',
    });
    expect(decodeText(Buffer.from(text))).toEqual({ text, encoding: 'utf-8' });
    expect(decodeText(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]))).toEqual({
      text,
      encoding: 'utf-16le',
    });
    const gbk = encodeGbk(text);
    expect(gbk.length).toBeLessThan(Buffer.byteLength(text));
    expect(decodeText(gbk)).toEqual({ text, encoding: 'gb18030' });
  });
});

describe('headers', () => {
  it.each([
    ['编号', 'number'],
    [' 编 号 ', 'number'],
    ['编号（必填）', 'number'],
    ['*标题', 'title'],
    ['案由：', 'title'],
    ['领衔人', 'proposers'],
    ['提出人\u3000', 'proposers'],
    ['建议主办单位', 'leadUnit'],
    ['协办单位', 'coUnits'],
    ['正文', 'content'],
    ['Ｔｉｔｌｅ', 'title'],
    ['Lead Unit', 'leadUnit'],
    ['Co-handling units', 'coUnits'],
    ['No.', 'number'],
    ['序号', null],
    ['备注', null],
  ])('%s → %s', (header, field) => {
    expect(fieldOfHeader(header)).toBe(field);
  });

  it('normalises full-width letters and spaces', () => {
    expect(normalizeHeader('  Ｃａｔｅｇｏｒｙ ')).toBe('category');
  });

  it('finds the header row under a title line and lists extra and repeated columns', () => {
    const h = detectHeader([
      ['政协第八届第六次会议提案汇总表', '', ''],
      [],
      ['序号', '编号', '案由', '提出人', '备注', '标题'],
      ['1', '006', 'x', 'y', '', 'z'],
    ]);
    expect(h).not.toBeNull();
    expect(h!.rowIndex).toBe(2);
    expect(h!.fields.number).toMatchObject({ index: 1, letter: 'B', header: '编号' });
    expect(h!.fields.title).toMatchObject({ header: '案由' });
    expect(h!.extra.map((c) => c.header)).toEqual(['序号', '备注']);
    expect(h!.duplicate).toEqual([expect.objectContaining({ header: '标题', field: 'title', letter: 'F' })]);
  });

  it('finds no header in a sheet without one', () => {
    expect(
      detectHeader([
        ['a', 'b'],
        ['1', '2'],
      ]),
    ).toBeNull();
    expect(detectHeader([['提出人', '类别']])).toBeNull();
  });
});

describe('proposers and numbers', () => {
  it('splits on 、，,;； and line breaks, first name first', () => {
    expect(splitList('九三学社辽源市委员会、王征，李华,赵敏;钱程；孙立\n周平')).toEqual([
      '九三学社辽源市委员会',
      '王征',
      '李华',
      '赵敏',
      '钱程',
      '孙立',
      '周平',
    ]);
    expect(splitList(' ')).toEqual([]);
  });

  it.each([
    ['九三学社辽源市委员会', 'cppcc', 'group'],
    ['民建市委会', 'cppcc', 'group'],
    ['市工商联', 'cppcc', 'group'],
    ['经济界别', 'cppcc', 'group'],
    ['提案委员会', 'cppcc', 'committee'],
    ['辽源市代表团', 'npc', 'delegation'],
    ['市律师协会', 'cppcc', 'organisation'],
    ['王征', 'cppcc', 'member'],
    ['王征', 'npc', 'deputy'],
    ['阿依古丽·买买提', 'npc', 'deputy'],
  ] as const)('%s on %s is a %s', (name, channel, kind) => {
    expect(proposerKind(name, channel)).toBe(kind);
  });

  it.each([
    ['006', '006', false],
    [' 006 ', '006', false],
    ['第006号', '006', true],
    ['建9号', '建9', true],
    ['０１２', '012', true],
  ])('number %s → %s', (raw, value, changed) => {
    expect(normalizeNumber(raw)).toEqual({ value, changed });
  });
});

describe('units', () => {
  const idx = new UnitIndex(UNITS);
  it('finds a unit by name, short name or code (case- and space-blind)', () => {
    expect(idx.find('辽源市教育局')[0].id).toBe('u-edu');
    expect(idx.find('市 教育局')[0].id).toBe('u-edu');
    expect(idx.find('JYJ')[0].id).toBe('u-edu');
    expect(idx.find('市教委')).toEqual([]);
  });
  it('suggests close matches, best first', () => {
    expect(idx.suggest('市教委')[0]).toMatchObject({ id: 'u-edu', name: '辽源市教育局' });
    expect(idx.suggest('教育局')[0]).toMatchObject({ id: 'u-edu' });
    expect(idx.suggest('完全无关的名字')).toEqual([]);
  });
});

describe('reading .xlsx', () => {
  it('reads rich text, formulas, hyperlinks and numbers with a 000 format as the office sees them', async () => {
    const buf = await xlsx([['编号', '标题', '提出人', '类别']], (ws) => {
      const r = ws.addRow([
        6,
        { richText: [{ text: '关于' }, { text: '养老', font: { bold: true } }, { text: '的建议' }] },
        '王征',
        null,
      ]);
      r.getCell(1).numFmt = '000';
      ws.addRow([
        { formula: '"00"&"7"', result: '007' },
        { text: '链接标题', hyperlink: 'https://example.cn' },
        '李华',
        12.5,
      ]);
    });
    const [sheet] = await sheetsOf(buf);
    expect(sheet.rows.slice(1)).toEqual([
      ['006', '关于养老的建议', '王征'],
      ['007', '链接标题', '李华', '12.5'],
    ]);
    expect(sheet.rowNumbers).toEqual([1, 2, 3]);
  });

  it('refuses a zip that would unpack beyond the limit, and a legacy .xls', async () => {
    const buf = await xlsx([
      ['编号', '标题'],
      ['1', 'x'.repeat(20000)],
    ]);
    expect(zipUncompressedSize(buf)).toBeGreaterThan(20000);
    await expect(sheetsOf(buf, 10000)).rejects.toThrow(SpreadsheetError);
    expect(() => probeXlsx(buf, 10000)).toThrow(SpreadsheetError);
    expect(await refusal(buf, { ...IMPORT_LIMITS, unpackedBytes: 10000 })).toMatchObject({
      status: 413,
      code: 'IMPORT_FILE_TOO_LARGE',
    });
    const ole = Buffer.concat([
      Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]),
      Buffer.alloc(512),
    ]);
    expect(() => uploadKind(ole)).toThrow(UnsupportedFileError);
    expect(await refusal(ole)).toMatchObject({ status: 415, code: 'IMPORT_UNSUPPORTED_FILE' });
    expect(await refusal(Buffer.from('PK\x03\x04 not really a zip'))).toMatchObject({
      status: 422,
      code: 'IMPORT_FILE_UNREADABLE',
    });
  });

  it('uses the first sheet that has a header row', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('说明').addRow(['填表说明：每行一件']);
    const ws = wb.addWorksheet('清单');
    ws.addRow(['编号', '标题', '提出人']);
    ws.addRow(['001', '关于…的建议', '王征']);
    const buf = Buffer.from(await wb.xlsx.writeBuffer());
    const { summary, rows } = await check(buf);
    expect(summary.file).toMatchObject({ kind: 'xlsx', sheet: '清单', headerRow: 1, encoding: null });
    expect(rows.map((r) => r.number)).toEqual(['001']);
    expect(probeXlsx(buf, 50e6)).toBe('found');
  });
});

describe('validateImport', () => {
  const header = ['序号', '编号', '标题', '提出人', '类别', '内容', '主办单位', '会办单位'];

  it('names row and column of every error, suggests units, and plans the good rows', async () => {
    const buf = await xlsx([
      ['辽源市政协八届六次会议提案', '', '', '', '', '', '', ''],
      header,
      [
        1,
        '001',
        '关于完善社区养老服务的提案',
        '九三学社辽源市委员会、王征、李华',
        '社会建设',
        '正文一',
        '市教育局',
        '市财政局、市民政局',
      ],
      [2, '002', '', '王征', '', '', '', ''],
      [3, '12/3', '关于编号错误的提案', '王征', '', '', '', ''],
      [4, '004', '关于单位错误的提案', '王征', '', '', '市教委', ''],
      [5, '001', '关于重复编号的提案', '李华', '', '', '', ''],
      [6, '第006号', '关于规范编号的提案', '王征、王征', '', '', '市教育局', '辽源市教育局'],
      [7, '007', '关于没有提出人的提案', '', '', '', '', ''],
      ['', '', '', '', '', '', '', ''],
    ]);
    const { issues, rows, summary } = await check(buf);
    expect(summary.file.headerRow).toBe(2);
    expect(summary.counts).toMatchObject({
      rows: 7,
      new: 2,
      invalid: 5,
      unchanged: 0,
      errors: 5,
      warnings: 3,
    });
    const errors = issues.filter((i) => i.severity === 'error');
    const at = (row: number) => errors.filter((e) => e.row === row).map((e) => [e.code, e.column, e.cell]);

    expect(at(3)).toEqual([]);
    expect(at(4)).toEqual([['MISSING_TITLE', '标题', 'C4']]);
    expect(at(5)).toEqual([['NUMBER_MALFORMED', '编号', 'B5']]);
    expect(at(6)).toEqual([['UNKNOWN_UNIT', '主办单位', 'G6']]);
    expect(errors.find((e) => e.row === 6)!.suggestions![0]).toMatchObject({
      name: '辽源市教育局',
      code: 'jyj',
    });
    expect(errors.find((e) => e.row === 6)!.message).toMatch(
      /^第6行“主办单位”：未找到单位“市教委”.*辽源市教育局/,
    );
    expect(at(7)).toEqual([['DUPLICATE_NUMBER_IN_FILE', '编号', 'B7']]);
    expect(errors.find((e) => e.row === 7)!.firstRow).toBe(3);
    expect(at(8)).toEqual([]);
    expect(at(9)).toEqual([['MISSING_PROPOSERS', '提出人', 'D9']]);
    expect(errors).toHaveLength(5);

    const warnings = issues.filter((i) => i.severity === 'warning').map((w) => [w.row, w.code]);
    expect(warnings).toEqual([
      [8, 'NUMBER_NORMALIZED'],
      [8, 'DUPLICATE_PROPOSER'],
      [8, 'LEAD_ALSO_CO'],
    ]);
    expect(issues.filter((i) => i.severity === 'info').map((i) => [i.code, i.column])).toEqual([
      ['EXTRA_COLUMN', '序号'],
    ]);

    expect(rows.map((r) => [r.row, r.status])).toEqual([
      [3, 'new'],
      [4, 'invalid'],
      [5, 'invalid'],
      [6, 'invalid'],
      [7, 'invalid'],
      [8, 'new'],
      [9, 'invalid'],
    ]);
    const first = rows[0];
    expect(first.registration).toEqual({
      jurisdiction: 'guangzhou',
      channel: 'cppcc',
      term: 8,
      session: 6,
      number: '001',
      duringSession: true,
      title: '关于完善社区养老服务的提案',
      content: '正文一',
      category: '社会建设',
      proposers: [
        { name: '九三学社辽源市委员会', kind: 'group' },
        { name: '王征', kind: 'member' },
        { name: '李华', kind: 'member' },
      ],
    });
    expect(first.leadUnits.map((u) => u.id)).toEqual(['u-edu']);
    expect(first.coUnits.map((u) => u.id)).toEqual(['u-fin', 'u-civ']);
    expect(rows[5]).toMatchObject({ number: '006', coUnits: [], proposers: [{ name: '王征' }] });
  });

  it('reports a missing required column once, for the file', async () => {
    const { issues } = await check(
      await xlsx([
        ['编号', '标题'],
        ['001', '关于…的建议'],
      ]),
    );
    expect(issues.filter((i) => i.severity === 'error')).toEqual([
      expect.objectContaining({
        code: 'MISSING_COLUMN',
        row: null,
        field: 'proposers',
        message: expect.stringContaining('缺少“提出人”列'),
      }),
    ]);
  });

  it('accepts English headers and appends co-signers after the lead signer', async () => {
    const { issues, rows } = await check(
      await xlsx([
        ['Number', 'Title', 'Proposers', 'Co-signers', 'Lead unit'],
        ['A-1', 'On elderly care', '王征', '李华、赵敏', 'CZJ'],
      ]),
    );
    expect(issues.filter((i) => i.severity === 'error')).toEqual([]);
    expect(rows[0].registration!.proposers.map((p) => p.name)).toEqual(['王征', '李华', '赵敏']);
    expect(rows[0].leadUnits[0].id).toBe('u-fin');
  });

  it('treats a number registered with the same title and proposers as unchanged, and a different case as an error', async () => {
    const buf = await xlsx([
      ['编号', '标题', '提出人', '内容'],
      ['001', '关于完善社区养老服务的提案', '九三学社辽源市委员会、王征', '新的正文'],
      ['002', '关于另一件事的提案', '王征', ''],
    ]);
    const existing: ExistingCase[] = [
      {
        id: 'c1',
        number: '001',
        title: '关于完善社区养老服务的提案',
        proposers: ['九三学社辽源市委员会', '王征'],
        content: '旧的正文',
        category: null,
      },
      {
        id: 'c2',
        number: '002',
        title: '关于别的事的提案',
        proposers: ['王征'],
        content: null,
        category: null,
      },
    ];
    const { issues, rows } = await check(buf, existing);
    expect(rows.map((r) => [r.status, r.existingId, r.registration])).toEqual([
      ['unchanged', 'c1', null],
      ['invalid', 'c2', null],
    ]);
    expect(issues.filter((i) => i.row === 2).map((i) => [i.severity, i.code])).toEqual([
      ['info', 'ALREADY_REGISTERED'],
      ['warning', 'REGISTERED_DETAILS_DIFFER'],
    ]);
    expect(issues.find((i) => i.row === 3)).toMatchObject({
      severity: 'error',
      code: 'NUMBER_TAKEN',
      existingId: 'c2',
      column: '编号',
    });
  });

  it('reads a GBK CSV with a title line the same way as the workbook', async () => {
    const csv =
      '八届六次会议提案\r\n编号,标题,提出人,主办单位\r\n001,"关于""一老一小""服务的提案",王征、李华,市民政局\r\n';
    const { summary, issues, rows } = await check(encodeGbk(csv));
    expect(summary.file).toMatchObject({ kind: 'csv', encoding: 'gb18030', sheet: null, headerRow: 2 });
    expect(issues.filter((i) => i.severity === 'error')).toEqual([]);
    expect(rows).toEqual([
      expect.objectContaining({
        row: 3,
        status: 'new',
        title: '关于"一老一小"服务的提案',
        leadUnits: [{ id: 'u-civ', code: 'mzj', name: '辽源市民政局' }],
      }),
    ]);
  });

  it('keeps the paragraph indent of the body text and trims other cells', async () => {
    const { rows } = await check(
      await xlsx([
        ['编号', '标题', '提出人', '内容'],
        [' 001 ', '  关于…的提案  ', ' 王征 ', '\n\u3000\u3000第一段。\n\u3000\u3000第二段。  \n'],
      ]),
    );
    expect(rows[0].registration).toMatchObject({
      number: '001',
      title: '关于…的提案',
      content: '\u3000\u3000第一段。\n\u3000\u3000第二段。',
    });
    expect(rows[0].proposers).toEqual([{ name: '王征', kind: 'member' }]);
  });

  it('flags over-long fields with the same limits as POST /proposals', async () => {
    const { issues } = await check(
      await xlsx([
        ['编号', '标题', '提出人', '类别'],
        ['001', '题'.repeat(501), '王征', '类'.repeat(101)],
      ]),
    );
    expect(issues.filter((i) => i.severity === 'error').map((i) => i.code)).toEqual([
      'TITLE_TOO_LONG',
      'CATEGORY_TOO_LONG',
    ]);
  });
});

describe('CSV as a stream', () => {
  const tricky =
    '编号,标题,内容\r\n006,"关于""一老一小""的建议","第一段\r\n第二段"\r\n007,简单,\r\n' +
    '008,"带,逗号","末尾引号"""\r009,a"b,c\n010,"",""\r\n"011","x\ny",z';

  it('gives the same records however the text is cut into pieces', () => {
    const whole = parseCsv(tricky);
    for (let cut = 0; cut <= tricky.length; cut++) {
      const reader = new CsvRecordReader(',');
      const rows = [...reader.push(tricky.slice(0, cut)), ...reader.push(tricky.slice(cut)), ...reader.end()];
      expect([cut, rows]).toEqual([cut, whole]);
    }
    const reader = new CsvRecordReader(',');
    const oneByOne = [...[...tricky].flatMap((c) => reader.push(c)), ...reader.end()];
    expect(oneByOne).toEqual(whole);
  });

  it('bounds fields per record and characters per field', () => {
    const reader = new CsvRecordReader(',', { maxFields: 2, maxFieldChars: 3 });
    expect([...reader.push('abcdef,"ghijkl",x,y\n12,3'), ...reader.end()]).toEqual([
      ['abc', 'ghi'],
      ['12', '3'],
    ]);
  });

  it('detects GBK over the whole file, also when the first 64 KB are plain ASCII', () => {
    const csv = `number,title,proposers\r\n${'x,y,z\r\n'.repeat(20000)}001,关于加强社区养老服务的建议,王征\r\n`;
    const rows = [...csvRecords(encodeGbk(csv), { maxFields: 10, maxFieldChars: 1000 })];
    expect(rows).toHaveLength(20002);
    expect(rows[20001]).toEqual(['001', '关于加强社区养老服务的建议', '王征']);
  });

  it('reads UTF-16 with a BOM and a tab-separated header', () => {
    const text = '编号\t标题\t提出人\r\n001\t关于…的建议\t王征\r\n';
    const buf = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    expect(uploadKind(buf)).toBe('csv');
    expect([...csvRecords(buf, { maxFields: 10, maxFieldChars: 100 })]).toEqual([
      ['编号', '标题', '提出人'],
      ['001', '关于…的建议', '王征'],
    ]);
  });
});

describe('the upload request’s cheap look', () => {
  it('finds the header of a CSV in its first bytes, or says it is missing', () => {
    expect(probeCsv(Buffer.from('编号,标题,提出人\n1,x,y\n'))).toEqual({
      encoding: 'utf-8',
      header: 'found',
    });
    expect(probeCsv(Buffer.from('a,b\n1,2\n'))).toEqual({ encoding: 'utf-8', header: 'missing' });
    expect(probeCsv(encodeGbk('标题行\r\n编号,标题,提出人\r\n'))).toEqual({
      encoding: 'gb18030',
      header: 'found',
    });
    // ten rows without a header in a large file: missing, without reading the rest
    const noHeader = Buffer.from('a,b\n'.repeat(200_000));
    expect(probeCsv(noHeader).header).toBe('missing');
    // a first line longer than the look: left to the check
    expect(probeCsv(Buffer.from(`${'x'.repeat(300_000)},编号,标题\n`)).header).toBe('unknown');
    // the header below nine rows of long quoted text: left to the check
    const long = `${`"${'段'.repeat(20_000)}"\n`.repeat(9)}编号,标题\n`;
    expect(probeCsv(Buffer.from(long)).header).toBe('unknown');
  });

  it('finds the header of a workbook from its first sheet rows and shared strings', async () => {
    const found = await xlsx([['汇总表'], ['序号', '编号', '案由', '提出人'], ['1', '001', 'x', 'y']]);
    expect(probeXlsx(found, 50e6)).toBe('found');
    const missing = await xlsx([
      ['a', 'b'],
      ['1', '2'],
    ]);
    expect(probeXlsx(missing, 50e6)).toBe('missing');

    // a header only on a hidden sheet does not count (the check skips hidden sheets too)
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('说明').addRow(['填表说明']);
    const hidden = wb.addWorksheet('隐藏', { state: 'hidden' });
    hidden.addRow(['编号', '标题', '提出人']);
    const hiddenOnly = Buffer.from(await wb.xlsx.writeBuffer());
    expect(probeXlsx(hiddenOnly, 50e6)).toBe('missing');
    expect(await refusal(hiddenOnly)).toMatchObject({ code: 'IMPORT_NO_HEADER' });

    // 10 000 rows: the look stops after the first ones
    const big = await xlsx([
      ['编号', '标题', '提出人'],
      ...Array.from({ length: 10_000 }, (_, i) => [`${i}`, `标题${i}`, '王征']),
    ]);
    expect(probeXlsx(big, 50e6)).toBe('found');
    expect(() => probeXlsx(Buffer.from('PK\x03\x04 no directory'), 50e6)).toThrow(SpreadsheetError);
  });
});

describe('the check as a stream', () => {
  it('checks rows in bounded batches, in file order, looking up registered cases per batch', async () => {
    const rows = Array.from({ length: 450 }, (_, i) => `${i + 1},关于第${i + 1}件的提案,王征`);
    const { result, batches, lookedUp } = await run(Buffer.from(['编号,标题,提出人', ...rows].join('\n')), [
      {
        id: 'c-7',
        number: '7',
        title: '关于第7件的提案',
        proposers: ['王征'],
        content: null,
        category: null,
      },
    ]);
    expect('summary' in result && result.summary.counts).toMatchObject({ rows: 450, new: 449, unchanged: 1 });
    expect(batches.map((b) => b.length)).toEqual([200, 200, 50]);
    expect(batches.flat().map((c) => c.planned.row)).toEqual(Array.from({ length: 450 }, (_, i) => i + 2));
    expect(lookedUp.map((n) => n.length)).toEqual([200, 200, 50]);
    expect(batches[0][6].planned).toMatchObject({ number: '7', status: 'unchanged', existingId: 'c-7' });
  });

  it('finds a number used twice across batches', async () => {
    const rows = Array.from({ length: 250 }, (_, i) => `${i + 1},标题${i},王征`);
    rows.push('3,又一件,李华');
    const { rows: planned, issues } = await check(Buffer.from(['编号,标题,提出人', ...rows].join('\n')));
    expect(planned[250]).toMatchObject({ number: '3', status: 'invalid' });
    expect(issues.find((i) => i.code === 'DUPLICATE_NUMBER_IN_FILE')).toMatchObject({
      row: 252,
      firstRow: 4,
    });
  });

  it('refuses a file with too many rows (counting them all), no rows or no header', async () => {
    const many = ['编号,标题,提出人', ...Array.from({ length: 60 }, (_, i) => `${i + 1},标题${i},王征`)].join(
      '\n',
    );
    expect(await refusal(Buffer.from(many), { ...IMPORT_LIMITS, rows: 50 })).toMatchObject({
      status: 422,
      code: 'IMPORT_TOO_MANY_ROWS',
      extra: { rows: 60, maxRows: 50 },
    });
    expect(await refusal(Buffer.from('编号,标题,提出人\n\n,,\n'))).toMatchObject({ code: 'IMPORT_NO_ROWS' });
    expect(await refusal(Buffer.from('a,b\n1,2\n'))).toMatchObject({
      code: 'IMPORT_NO_HEADER',
      extra: { expectedHeaders: expect.objectContaining({ 编号: expect.arrayContaining(['编号']) }) },
    });
  });

  it('bounds a cell: an over-long body is cut just past the limit and reported too long', async () => {
    const { issues } = await check(Buffer.from(`编号,标题,提出人,内容\n1,x,王征,${'文'.repeat(300_000)}\n`));
    expect(issues.filter((i) => i.severity === 'error').map((i) => i.code)).toEqual(['CONTENT_TOO_LONG']);
  });
});

describe('registration checks hold with POST /proposals', () => {
  const base: RowRegistration = {
    jurisdiction: 'guangzhou',
    channel: 'cppcc',
    term: 8,
    session: 6,
    number: '006',
    duringSession: true,
    title: '关于…的提案',
    proposers: [{ name: '王征', kind: 'member' }],
  };
  it.each([
    ['a good row', {}],
    ['a malformed number', { number: '6/1' }],
    ['a long number', { number: '1'.repeat(33) }],
    ['a blank title', { title: '   ' }],
    ['a long title', { title: '题'.repeat(501) }],
    ['a title of 500', { title: '题'.repeat(500) }],
    ['a long category', { category: '类'.repeat(101) }],
    ['a long body', { content: '文'.repeat(100_001) }],
    ['no proposer', { proposers: [] }],
    ['a blank proposer', { proposers: [{ name: ' ', kind: 'member' }] }],
    ['a long proposer name', { proposers: [{ name: '名'.repeat(201), kind: 'member' }] }],
    [
      'too many proposers',
      { proposers: Array.from({ length: 501 }, (_, i) => ({ name: `p${i}`, kind: 'member' })) },
    ],
  ] as [string, Partial<RowRegistration>][])('%s', (_, change) => {
    const r = { ...base, ...change } as RowRegistration;
    const dto = validateSync(plainToInstance(RegisterProposalDto, r)).map((e) => e.property);
    expect(registrationProblems(r).map((p) => p.property)).toEqual([...new Set(dto)]);
  });
});
