import { createShippedCalendar, shippedCalendarYears } from './shipped';
import type { CalendarYear } from './types';
import { validateCalendarYear } from './validate';
import { WorkingDayCalendar } from './working-day-calendar';

const cal = createShippedCalendar();

describe('shipped calendar data', () => {
  it('covers every year 2019–2026 and cites each notice', () => {
    const years = shippedCalendarYears();
    expect(years.map((y) => y.year)).toEqual([2019, 2020, 2021, 2022, 2023, 2024, 2025, 2026]);
    for (const y of years) {
      expect(validateCalendarYear(y)).toEqual({ ok: true, errors: [] });
      expect(y.source.title).toBe(`国务院办公厅关于${y.year}年部分节假日安排的通知`);
      expect(y.source.url).toMatch(/^https?:\/\/www\.gov\.cn\//);
    }
    expect(years.find((y) => y.year === 2025)?.source.number).toBe('国办发明电〔2024〕12号');
    expect(cal.coveredYears()).toEqual([2019, 2020, 2021, 2022, 2023, 2024, 2025, 2026]);
  });

  it('hands out copies, so a caller cannot corrupt the shipped data', () => {
    const years = shippedCalendarYears();
    years[0].days.length = 0;
    expect(shippedCalendarYears()[0].days.length).toBeGreaterThan(0);
  });
});

describe('WorkingDayCalendar.isWorkingDay', () => {
  it.each([
    // 2020 National Day + Mid-Autumn: 1–8 Oct off, Sun 27 Sep and Sat 10 Oct worked.
    ['2020-09-27', true, '国庆节调休上班'],
    ['2020-10-01', false, '国庆节假期'],
    ['2020-10-08', false, '国庆节假期（调休）'],
    ['2020-10-09', true, '工作日（周五）'],
    ['2020-10-10', true, '国庆节调休上班'],
    // 2020 Spring Festival, extended to 2 Feb by a later notice: Sat 1 Feb is no longer worked.
    ['2020-01-19', true, '春节调休上班'],
    ['2020-02-01', false, '春节延长假期'],
    // 2024 Spring Festival: 10–17 Feb off, Sun 4 Feb and Sun 18 Feb worked.
    ['2024-02-04', true, '春节调休上班'],
    ['2024-02-15', false, '春节假期（调休）'],
    ['2024-02-18', true, '春节调休上班'],
    // 2025 Spring Festival: 28 Jan–4 Feb off, Sun 26 Jan and Sat 8 Feb worked.
    ['2025-01-26', true, '春节调休上班'],
    ['2025-01-28', false, '春节假期'],
    ['2025-02-08', true, '春节调休上班'],
    // 2026 Spring Festival: 15–23 Feb off, Sat 14 Feb and Sat 28 Feb worked.
    ['2026-02-14', true, '春节调休上班'],
    ['2026-02-23', false, '春节假期（调休）'],
    ['2026-02-28', true, '春节调休上班'],
    // The 2019 notice's New Year block starts in December 2018.
    ['2018-12-29', true, '元旦调休上班'],
    ['2018-12-31', false, '元旦假期（调休）'],
    ['2026-03-07', false, '周六'],
  ])('%s working=%s (%s)', (date, working, reason) => {
    expect(cal.isWorkingDay(date)).toMatchObject({ date, working, reason, known: true });
  });

  it('says when a year has no data instead of silently assuming', () => {
    const info = cal.isWorkingDay('2027-01-01');
    expect(info).toMatchObject({ working: true, known: false, basis: 'weekday' });
    expect(info.reason).toContain('2027年无节假日数据');
    expect(cal.isWorkingDay('2018-12-28').known).toBe(false);
  });

  it('lets overrides win over the notice', () => {
    const local = createShippedCalendar([
      {
        date: '2026-02-14',
        working: false,
        reason: '本地调整：不调休上班',
        source: { title: '某市人民政府通知' },
      },
      { date: '2027-01-01', working: false, reason: '元旦（2027年通知未载入前的临时设置）' },
    ]);
    expect(local.isWorkingDay('2026-02-14')).toMatchObject({
      working: false,
      basis: 'override',
      reason: '本地调整：不调休上班',
    });
    expect(local.isWorkingDay('2027-01-01')).toMatchObject({
      working: false,
      known: true,
      basis: 'override',
    });
    expect(cal.isWorkingDay('2026-02-14').working).toBe(true);
    const again = local.withOverrides([{ date: '2026-02-14', working: true, reason: '恢复调休上班' }]);
    expect(again.isWorkingDay('2026-02-14')).toMatchObject({ working: true, reason: '恢复调休上班' });
    expect(again.isWorkingDay('2027-01-01').working).toBe(false);
  });

  it('refuses bad data loudly', () => {
    const bad = {
      year: 2030,
      source: { title: '' },
      days: [{ date: '2030-02-30', working: false, name: '春节' }],
    } as CalendarYear;
    expect(() => new WorkingDayCalendar([bad])).toThrow(/source\.title[\s\S]*days\[0\]\.date/);
    const twice = shippedCalendarYears().slice(0, 1);
    expect(() => new WorkingDayCalendar([...twice, ...twice])).toThrow(/loaded twice/);
    expect(() => new WorkingDayCalendar([], [{ date: '2026-01-01', working: false, reason: '' }])).toThrow(
      /reason/,
    );
    expect(() => cal.isWorkingDay('2026-13-01')).toThrow(RangeError);
  });
});

describe('WorkingDayCalendar.addWorkingDays', () => {
  it.each([
    // Thu 2026-03-05 + 5 → Thu 03-12: plain week, nothing special crossed.
    ['2026-03-05', 5, '2026-03-12', []],
    // 2020 National Day block: from Fri 25 Sep, Sun 27 Sep counts, 1–8 Oct do not.
    ['2020-09-25', 3, '2020-09-29', ['2020-09-27']],
    [
      '2020-09-30',
      1,
      '2020-10-09',
      [
        '2020-10-01',
        '2020-10-02',
        '2020-10-03',
        '2020-10-04',
        '2020-10-05',
        '2020-10-06',
        '2020-10-07',
        '2020-10-08',
      ],
    ],
    [
      '2020-09-30',
      2,
      '2020-10-10',
      [
        '2020-10-01',
        '2020-10-02',
        '2020-10-03',
        '2020-10-04',
        '2020-10-05',
        '2020-10-06',
        '2020-10-07',
        '2020-10-08',
        '2020-10-10',
      ],
    ],
    // 2026 Spring Festival: Fri 13 Feb + 1 is the make-up Saturday 14 Feb; + 2 jumps the block to Tue 24 Feb.
    ['2026-02-13', 1, '2026-02-14', ['2026-02-14']],
    [
      '2026-02-13',
      2,
      '2026-02-24',
      [
        '2026-02-14',
        '2026-02-15',
        '2026-02-16',
        '2026-02-17',
        '2026-02-18',
        '2026-02-19',
        '2026-02-20',
        '2026-02-21',
        '2026-02-22',
        '2026-02-23',
      ],
    ],
    // 2025 Spring Festival, 6 working days from Fri 24 Jan: 26 Jan worked, 28 Jan–4 Feb off, 8 Feb worked.
    [
      '2025-01-24',
      6,
      '2025-02-08',
      [
        '2025-01-26',
        '2025-01-28',
        '2025-01-29',
        '2025-01-30',
        '2025-01-31',
        '2025-02-01',
        '2025-02-02',
        '2025-02-03',
        '2025-02-04',
        '2025-02-08',
      ],
    ],
    // Counting back: 1 working day before Mon 2024-02-19 is Sun 18 Feb (make-up day).
    ['2024-02-19', -1, '2024-02-18', ['2024-02-18']],
    ['2026-03-05', 0, '2026-03-05', []],
  ])('%s + %i working days → %s', (from, n, expected, crossed) => {
    const r = cal.addWorkingDays(from, n);
    expect(r.date).toBe(expected);
    expect(r.crossed.map((c) => c.date)).toEqual(crossed);
    expect(r.warnings).toEqual([]);
  });

  it('warns when the count runs into a year without data', () => {
    const r = cal.addWorkingDays('2026-12-28', 5);
    expect(r.date).toBe('2027-01-04');
    expect(r.warnings).toHaveLength(1);
    expect(r.warnings[0]).toMatch(/^2027年无节假日安排数据/);
  });
});

describe('WorkingDayCalendar.rollToWorkingDay', () => {
  it('rolls a holiday forward to the first working day after the block', () => {
    const r = cal.rollToWorkingDay('2020-10-01');
    expect(r.date).toBe('2020-10-09');
    expect(r.skipped).toHaveLength(8);
  });
  it('does not roll a 调休 working Saturday', () => {
    expect(cal.rollToWorkingDay('2026-02-28')).toEqual({ date: '2026-02-28', skipped: [], warnings: [] });
  });
  it('rolls backward when asked', () => {
    expect(cal.rollToWorkingDay('2026-10-03', 'backward').date).toBe('2026-09-30');
  });
});

describe('WorkingDayCalendar.workingDaysBetween', () => {
  it('counts make-up weekends and skips the holiday block (2020 National Day)', () => {
    // Sun 27 Sep worked, 28–30 Sep, 1–8 Oct off, Fri 9 Oct, Sat 10 Oct worked
    expect(cal.workingDaysBetween('2020-09-26', '2020-10-10')).toBe(6);
  });

  it('excludes the start day and is 0 for an empty or backward range', () => {
    expect(cal.workingDaysBetween('2026-11-30', '2026-12-01')).toBe(1);
    expect(cal.workingDaysBetween('2026-11-30', '2026-11-30')).toBe(0);
    expect(cal.workingDaysBetween('2026-12-01', '2026-11-30')).toBe(0);
  });

  it('refuses what is not a date', () => {
    expect(() => cal.workingDaysBetween('2026-13-01', '2026-12-01')).toThrow(RangeError);
  });
});
