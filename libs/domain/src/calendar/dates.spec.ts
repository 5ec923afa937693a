import {
  addCalendarDays,
  addCalendarMonths,
  daysBetween,
  endOfShanghaiDay,
  isIsoDate,
  shanghaiDateOf,
  weekdayOf,
} from './dates';

describe('dates', () => {
  it.each([
    ['2026-01-31', 1, '2026-02-28'],
    ['2024-01-31', 1, '2024-02-29'],
    ['2025-11-30', 3, '2026-02-28'],
    ['2023-11-30', 3, '2024-02-29'],
    ['2024-02-29', 12, '2025-02-28'],
    ['2026-03-31', 3, '2026-06-30'],
    ['2026-08-31', 1, '2026-09-30'],
    ['2026-12-15', 1, '2027-01-15'],
    ['2026-03-15', -3, '2025-12-15'],
  ])('%s + %i months → %s (Civil Code Art. 202)', (from, n, expected) => {
    expect(addCalendarMonths(from, n)).toBe(expected);
  });

  it.each([
    ['2024-02-28', 1, '2024-02-29'],
    ['2025-02-28', 1, '2025-03-01'],
    ['2026-12-31', 1, '2027-01-01'],
    ['2026-03-01', -1, '2026-02-28'],
  ])('%s + %i days → %s', (from, n, expected) => {
    expect(addCalendarDays(from, n)).toBe(expected);
  });

  it.each([
    ['2026-03-31T00:00:00+08:00', '2026-03-31'],
    ['2026-03-30T16:00:00Z', '2026-03-31'],
    ['2026-03-30T15:59:59.999Z', '2026-03-30'],
    ['2026-03-31', '2026-03-31'],
    ['2026-12-31T20:00:00-05:00', '2027-01-01'],
  ])('Shanghai date of %s is %s', (instant, date) => {
    expect(shanghaiDateOf(instant)).toBe(date);
  });

  it('rejects instants without an offset, because the host zone would decide them', () => {
    expect(() => shanghaiDateOf('2026-03-31T09:00:00')).toThrow(RangeError);
    expect(() => shanghaiDateOf('yesterday')).toThrow(RangeError);
  });

  it('ends a day at 24:00 Asia/Shanghai, i.e. 16:00Z', () => {
    expect(endOfShanghaiDay('2026-06-30')).toBe('2026-06-30T16:00:00.000Z');
    expect(endOfShanghaiDay('2024-12-31')).toBe('2024-12-31T16:00:00.000Z');
  });

  it('knows real dates and weekdays', () => {
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(isIsoDate('2025-02-29')).toBe(false);
    expect(isIsoDate('2025-2-1')).toBe(false);
    expect(weekdayOf('2020-10-09')).toBe(5);
    expect(weekdayOf('2026-02-14')).toBe(6);
    expect(daysBetween('2026-01-01', '2026-12-31')).toBe(364);
  });
});
