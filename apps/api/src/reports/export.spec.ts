import * as ExcelJS from 'exceljs';
import { toCsv, toXlsx, type ExportTable } from './export';
import { daysFigure } from './report-queries';

interface Row {
  name: string;
  due: string;
  at: Date | null;
  late: number;
  rate: number | null;
  key: boolean;
}

const table: ExportTable<Row> = {
  title: '逾期事项报表',
  filters: '人大代表建议',
  generatedAt: new Date('2026-11-30T06:05:00Z'),
  columns: [
    { header: '单位', value: (r) => r.name },
    { header: '到期日', type: 'date', value: (r) => r.due },
    { header: '最近催办', type: 'datetime', value: (r) => r.at },
    { header: '逾期', type: 'number', value: (r) => r.late },
    { header: '办复率', type: 'percent', value: (r) => r.rate },
    { header: '重点', value: (r) => r.key },
  ],
  rows: [
    {
      name: '市"水利"局, 二处',
      due: '2026-06-30',
      at: new Date('2026-07-01T16:30:00Z'),
      late: 3,
      rate: 0.8567,
      key: true,
    },
    { name: '=SUM(A1)', due: '2026-07-01', at: null, late: 0, rate: null, key: false },
  ],
};

describe('report files', () => {
  it('writes CSV for Excel: BOM, quoted fields, Beijing dates, percentages, no formula injection', () => {
    const buf = toCsv(table);
    expect([...buf.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(buf.subarray(3).toString('utf8').split('\r\n')).toEqual([
      '单位,到期日,最近催办,逾期,办复率,重点',
      '"市""水利""局, 二处",2026-06-30,2026-07-02 00:30,3,85.7%,是',
      "'=SUM(A1),2026-07-01,,0,,否",
      '',
    ]);
  });

  it('writes xlsx with a title row, a frozen header, dates as the Beijing day and numbers as numbers', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await toXlsx(table)) as any);
    const ws = wb.worksheets[0];
    expect(ws.name).toBe('逾期事项报表');
    expect(ws.getCell('A1').value).toBe(
      '逾期事项报表（人大代表建议；生成于 2026年11月30日 14:05（北京时间））',
    );
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 2 });
    expect((ws.getRow(2).values as unknown[]).slice(1)).toEqual([
      '单位',
      '到期日',
      '最近催办',
      '逾期',
      '办复率',
      '重点',
    ]);
    const r = ws.getRow(3);
    expect((r.getCell(2).value as Date).toISOString()).toBe('2026-06-30T00:00:00.000Z');
    expect((r.getCell(3).value as Date).toISOString()).toBe('2026-07-02T00:30:00.000Z');
    expect(r.getCell(4).value).toBe(3);
    expect(r.getCell(5).value).toBe(0.8567);
    expect(ws.getColumn(5).numFmt).toBe('0.0%');
    expect(ws.getColumn(2).numFmt).toBe('yyyy-mm-dd');
    expect(ws.getRow(4).getCell(3).value).toBeNull();
  });

  it('says in the title when the file holds fewer rows than matched', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await toXlsx({ ...table, matched: 60_000 })) as any);
    expect(String(wb.worksheets[0].getCell('A1').value)).toMatch(/；共 60000 行，本文件仅含前 2 行）$/);
  });
});

describe('daysFigure', () => {
  it('gives mean and median of a histogram', () => {
    expect(daysFigure(new Map())).toEqual({ count: 0, average: null, median: null });
    expect(daysFigure(new Map([[3, 1]]))).toEqual({ count: 1, average: 3, median: 3 });
    // 1, 1, 2, 10 → mean 3.5, median (1 + 2) / 2
    expect(
      daysFigure(
        new Map([
          [10, 1],
          [1, 2],
          [2, 1],
        ]),
      ),
    ).toEqual({ count: 4, average: 3.5, median: 1.5 });
    // 0, 0, 5 → mean 1.7, median 0
    expect(
      daysFigure(
        new Map([
          [5, 1],
          [0, 2],
        ]),
      ),
    ).toEqual({ count: 3, average: 1.7, median: 0 });
  });
});
