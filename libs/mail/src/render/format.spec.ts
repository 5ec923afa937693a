import { CLOCK_IDS, CLOCK_LABELS } from '@banli/domain';
import {
  clockLabel,
  daysUntilDue,
  escapeHtml,
  formatDateEn,
  formatDateZh,
  formatDueDateEn,
  formatDueDateZh,
  oneLine,
  ordinalEn,
  zhNumber,
} from './format';

describe('formatDateZh: the Asia/Shanghai day of an instant', () => {
  it.each([
    ['2026-03-31T09:00:00+08:00', '2026年3月31日'],
    ['2026-03-30T16:00:00Z', '2026年3月31日'], // 00:00 in Shanghai
    ['2026-03-30T15:59:59.999Z', '2026年3月30日'],
    ['2026-12-31T16:00:00.000Z', '2027年1月1日'], // year boundary
    ['2028-02-28T16:30:00Z', '2028年2月29日'], // leap day
    ['2026-06-30', '2026年6月30日'], // bare date: already a Shanghai date
    ['2026-01-05T08:00:00-05:00', '2026年1月5日'],
    [new Date('2026-06-30T16:00:00.000Z'), '2026年7月1日'],
  ])('%s → %s', (v, expected) => {
    expect(formatDateZh(v)).toBe(expected);
  });

  it('rejects an instant without an offset (its meaning would depend on the host)', () => {
    expect(() => formatDateZh('2026-03-31T09:00:00')).toThrow(RangeError);
    expect(() => formatDateZh('31/03/2026')).toThrow(RangeError);
    expect(() => formatDateZh(new Date(NaN))).toThrow(RangeError);
  });

  it('English dates', () => {
    expect(formatDateEn('2026-03-30T16:00:00Z')).toBe('31 March 2026');
    expect(formatDueDateEn('2026-06-30T16:00:00.000Z')).toBe('30 June 2026');
  });
});

describe('formatDueDateZh: the last day a deadline covers (24:00 belongs to the day ending)', () => {
  it.each([
    ['2026-06-30T16:00:00.000Z', '2026年6月30日'], // endOfShanghaiDay('2026-06-30')
    ['2026-07-01T00:00:00+08:00', '2026年6月30日'],
    ['2026-06-30T17:30:00+08:00', '2026年6月30日'], // close of business
    ['2026-06-30T16:00:00.001Z', '2026年7月1日'],
    ['2028-02-29T16:00:00Z', '2028年2月29日'],
    ['2026-12-31T16:00:00Z', '2026年12月31日'],
    ['2026-06-30', '2026年6月30日'],
  ])('%s → %s', (v, expected) => {
    expect(formatDueDateZh(v)).toBe(expected);
  });
});

describe('daysUntilDue: Shanghai calendar days from now to the last day', () => {
  const due = '2026-06-30T16:00:00.000Z'; // end of 30 June
  it.each([
    ['2026-06-27T09:00:00+08:00', 3],
    ['2026-06-30T00:00:00+08:00', 0],
    ['2026-06-30T23:59:00+08:00', 0],
    ['2026-06-29T16:00:00Z', 0], // 30 June 00:00 in Shanghai
    ['2026-07-01T00:00:00+08:00', -1],
    ['2026-07-03T09:00:00+08:00', -3],
    ['2026-05-31T12:00:00+08:00', 30],
    ['2026-06-28', 2],
  ])('now %s → %i', (now, expected) => {
    expect(daysUntilDue(now, due)).toBe(expected);
  });
});

describe('zhNumber: 届/次 numerals', () => {
  it.each([
    [0, '零'],
    [1, '一'],
    [6, '六'],
    [8, '八'],
    [10, '十'],
    [11, '十一'],
    [14, '十四'],
    [20, '二十'],
    [21, '二十一'],
    [99, '九十九'],
    [100, '一百'],
    [105, '一百零五'],
    [110, '一百一十'],
    [115, '一百一十五'],
    [999, '九百九十九'],
    [1000, '1000'],
    [2.5, '2.5'],
  ])('%d → %s', (n, expected) => {
    expect(zhNumber(n)).toBe(expected);
  });
});

describe('ordinalEn', () => {
  it.each([
    [1, '1st'],
    [2, '2nd'],
    [3, '3rd'],
    [4, '4th'],
    [11, '11th'],
    [12, '12th'],
    [13, '13th'],
    [21, '21st'],
    [22, '22nd'],
    [101, '101st'],
    [111, '111th'],
  ])('%d → %s', (n, expected) => {
    expect(ordinalEn(n)).toBe(expected);
  });
});

describe('clock labels', () => {
  it('are the vocabulary’s: one name per clock in mail, pages and reports', () => {
    for (const id of CLOCK_IDS) {
      expect(clockLabel(id, 'zh-CN')).toBe(CLOCK_LABELS[id].zh);
      expect(clockLabel(id, 'en')).toBe(CLOCK_LABELS[id].en);
    }
    expect(clockLabel('adjustmentWindow', 'zh-CN')).toBe('申请调整期');
  });

  it('an unknown clock is shown by its name, even one named like an Object member', () => {
    expect(clockLabel('toString', 'zh-CN')).toBe('toString');
    expect(clockLabel('leaderPick', 'zh-CN')).toBe('leaderPick');
  });
});

describe('text safety', () => {
  it('escapeHtml escapes markup and quotes', () => {
    expect(escapeHtml(`<a href="x" onclick='y'>&</a>`)).toBe(
      '&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;&lt;/a&gt;',
    );
  });

  it('oneLine collapses newlines and caps the length', () => {
    expect(oneLine('关于\r\n加强\t管理')).toBe('关于 加强 管理');
    expect(oneLine('一'.repeat(300), 10)).toBe(`${'一'.repeat(9)}…`);
  });
});
