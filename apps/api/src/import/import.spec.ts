import * as ExcelJS from 'exceljs';
import { detectHeader, fieldOfHeader, normalizeHeader } from './columns';
import { decodeText, parseCsv, sniffDelimiter } from './csv';
import { proposerKind, splitList } from './proposers';
import { readUpload, UnsupportedFileError } from './sheet';
import { UnitIndex, UnitRef } from './units-index';
import { ExistingCase, extractRows, normalizeNumber, SessionContext, validateImport } from './validate';
import { readXlsx, SpreadsheetError, zipUncompressedSize } from './xlsx';
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

async function check(buf: Buffer, existing: ExistingCase[] = []) {
  const sheet = await readUpload(buf, 50 * 1024 * 1024);
  const rows = extractRows(sheet.grid, sheet.header!);
  return {
    sheet,
    ...validateImport({
      header: sheet.header!,
      rows,
      session: SESSION,
      units: UNITS,
      existing: new Map(existing.map((e) => [e.number, e])),
    }),
  };
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
    const [sheet] = await readXlsx(buf, 50e6);
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
    await expect(readXlsx(buf, 10000)).rejects.toThrow(SpreadsheetError);
    const ole = Buffer.concat([
      Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]),
      Buffer.alloc(512),
    ]);
    await expect(readUpload(ole, 1e6)).rejects.toThrow(UnsupportedFileError);
  });

  it('uses the first sheet that has a header row', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('说明').addRow(['填表说明：每行一件']);
    const ws = wb.addWorksheet('清单');
    ws.addRow(['编号', '标题', '提出人']);
    ws.addRow(['001', '关于…的建议', '王征']);
    const sheet = await readUpload(Buffer.from(await wb.xlsx.writeBuffer()), 50e6);
    expect(sheet.grid.name).toBe('清单');
    expect(sheet.header?.rowIndex).toBe(0);
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
    const { issues, rows, sheet } = await check(buf);
    expect(sheet.header!.rowIndex).toBe(1);
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
    const { sheet, issues, rows } = await check(encodeGbk(csv));
    expect(sheet).toMatchObject({ kind: 'csv', encoding: 'gb18030' });
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
