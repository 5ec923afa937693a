import { createShippedCalendar } from '../calendar';
import type { ClockSpec } from '../policies/types';
import { computeDeadline, resolveClockSpec } from './compute';
import type { ComputedDeadline, DeadlineRule } from './types';

const cal = createShippedCalendar();
const ctx = { policyId: 'test', policyVersion: 1 };
const spec = (rule: DeadlineRule, extra: Partial<ClockSpec> = {}): ClockSpec => ({
  startsAt: 'assigned',
  rule,
  reminders: [7, 3, 1],
  escalateTo: ['unitLeader'],
  ...extra,
});
const due = (rule: DeadlineRule, startAt: string, c = cal): ComputedDeadline =>
  computeDeadline(spec(rule), 'mainReply', startAt, c, ctx);

describe('computeDeadline: months (Civil Code Art. 201–203)', () => {
  it.each([
    // Start day excluded; corresponding day of the final month.
    ['2026-03-31', 3, '2026-06-30', null],
    ['2026-03-15', 3, '2026-06-15', null],
    // Month end: Jan 31 + 1 month → last day of February.
    ['2024-01-31', 1, '2024-02-29', null],
    ['2025-01-31', 1, '2025-02-28', null],
    // 2026-02-28 is a Saturday but a 调休 working day: no roll.
    ['2026-01-31', 1, '2026-02-28', null],
    // 3 months from 30 Nov → end of February, leap and common years.
    ['2023-11-30', 3, '2024-02-29', null],
    ['2025-11-30', 3, '2026-02-28', null],
    // §3a example: a last day of 2020-10-01 falls in the 1–8 Oct holiday and ends Fri 2020-10-09.
    ['2020-09-01', 1, '2020-10-09', '2020-10-01'],
    // Spring Festival blocks: 2024 rolls onto the make-up Sunday 18 Feb, 2025 to Wed 5 Feb, 2026 to Tue 24 Feb.
    ['2024-01-12', 1, '2024-02-18', '2024-02-12'],
    ['2024-10-28', 3, '2025-02-05', '2025-01-28'],
    ['2025-11-16', 3, '2026-02-24', '2026-02-16'],
    // A plain Saturday rolls to Monday.
    ['2026-03-11', 1, '2026-04-13', '2026-04-11'],
  ])('%s + %i months → %s', (start, n, expected, rolledFrom) => {
    const d = due({ kind: 'months', months: n }, start);
    expect(d.dueDate).toBe(expected);
    if (rolledFrom && rolledFrom !== expected)
      expect(d.rolled).toMatchObject({ from: rolledFrom, to: expected });
    else expect(d.rolled).toBeNull();
    expect(d.warnings).toEqual([]);
  });

  it('explains a roll across the 2020 National Day block', () => {
    const d = due({ kind: 'months', months: 1 }, '2020-09-01T10:00:00+08:00');
    expect(d.dueAt).toBe('2020-10-09T16:00:00.000Z');
    expect(d.rolled?.reason).toContain('2020-10-01为国庆节假期');
    expect(d.rolled?.reason).toContain('民法典第二百零三条');
    expect(d.summary).toBe('1个月，自交办 2020-09-01 起 → 2020-10-09（2020-10-01 国庆节假期，顺延）');
    expect(d.crossed.map((c) => c.date)).toEqual([
      '2020-09-27',
      '2020-10-01',
      '2020-10-02',
      '2020-10-03',
      '2020-10-04',
      '2020-10-05',
      '2020-10-06',
      '2020-10-07',
      '2020-10-08',
    ]);
    expect(d.crossed[0]).toEqual({ date: '2020-09-27', reason: '国庆节调休上班', working: true });
  });

  it('gives rule text, summary and the 24:00 Asia/Shanghai instant', () => {
    const d = due({ kind: 'months', months: 3 }, '2026-03-31T10:00:00+08:00');
    expect(d).toMatchObject({
      clock: 'mainReply',
      dueDate: '2026-06-30',
      dueAt: '2026-06-30T16:00:00.000Z',
      startEvent: 'assigned',
      startAt: '2026-03-31T10:00:00+08:00',
      startDate: '2026-03-31',
      ruleText: '交办之日起3个月',
      ruleTextEn: '3 months from assignment',
      policyId: 'test',
      policyVersion: 1,
      rolled: null,
      summary: '3个月，自交办 2026-03-31 起 → 2026-06-30',
      reminders: [
        { daysBefore: 7, date: '2026-06-23' },
        { daysBefore: 3, date: '2026-06-27' },
        { daysBefore: 1, date: '2026-06-29' },
      ],
      escalateTo: ['unitLeader'],
    });
    // 2026-05-01..05 Labour Day and the make-up Saturday 9 May lie inside the period.
    expect(d.crossed.map((c) => c.date)).toEqual(
      expect.arrayContaining(['2026-04-04', '2026-05-01', '2026-05-05', '2026-05-09', '2026-06-19']),
    );
  });

  it('takes the Shanghai date of a UTC instant as the start day', () => {
    // 17:00Z on 30 Mar is 01:00 on 31 Mar in Shanghai.
    expect(due({ kind: 'months', months: 3 }, '2026-03-30T17:00:00Z').startDate).toBe('2026-03-31');
    expect(due({ kind: 'months', months: 3 }, '2026-03-30T15:00:00Z').dueDate).toBe('2026-06-30');
  });
});

describe('computeDeadline: calendar days, working days, fixed dates', () => {
  it.each<[string, DeadlineRule, string, string, string | null]>([
    // 10 days from Wed 4 Mar → Sat 14 Mar → Mon 16 Mar.
    ['rolls off a weekend', { kind: 'calendarDays', days: 10 }, '2026-03-04', '2026-03-16', '2026-03-14'],
    [
      'roll: false keeps the rest day',
      { kind: 'calendarDays', days: 10, roll: false },
      '2026-03-04',
      '2026-03-14',
      null,
    ],
    [
      'rolls off National Day 2026',
      { kind: 'calendarDays', days: 7 },
      '2026-09-28',
      '2026-10-08',
      '2026-10-05',
    ],
    [
      'lands on a 调休 Saturday without rolling',
      { kind: 'calendarDays', days: 7 },
      '2026-10-03',
      '2026-10-10',
      null,
    ],
    [
      'working days across National Day 2026',
      { kind: 'workingDays', days: 7 },
      '2026-09-28',
      '2026-10-13',
      null,
    ],
    [
      'working days across Spring Festival 2026',
      { kind: 'workingDays', days: 7 },
      '2026-02-10',
      '2026-02-26',
      null,
    ],
    [
      'working days across Spring Festival 2024',
      { kind: 'workingDays', days: 5 },
      '2024-02-07',
      '2024-02-20',
      null,
    ],
    [
      'fixed month-day in the start year, rolled',
      { kind: 'fixedMonthDay', month: 5, day: 31 },
      '2026-03-31',
      '2026-06-01',
      '2026-05-31',
    ],
    [
      'fixed 29 Feb in a common year → month end',
      { kind: 'fixedMonthDay', month: 2, day: 29 },
      '2026-01-05',
      '2026-02-28',
      null,
    ],
    ['fixed full date', { kind: 'fixedDate', date: '2026-08-31' }, '2026-03-31', '2026-08-31', null],
  ])('%s', (_name, rule, start, expected, rolledFrom) => {
    const d = due(rule, start);
    expect(d.dueDate).toBe(expected);
    expect(d.rolled?.from ?? null).toBe(rolledFrom);
  });

  it('lists the make-up days a working-day count used', () => {
    const d = due({ kind: 'workingDays', days: 7 }, '2026-09-28');
    expect(d.crossed.filter((c) => c.working).map((c) => c.date)).toEqual(['2026-10-10']);
    expect(d.crossed.filter((c) => !c.working)).toHaveLength(7);
    expect(d.ruleText).toBe('交办之日起7个工作日');
    expect(d.summary).toBe('7个工作日，自交办 2026-09-28 起 → 2026-10-13');
  });

  it('warns when a fixed date is already past at the start', () => {
    const d = due({ kind: 'fixedMonthDay', month: 5, day: 31 }, '2026-07-01');
    expect(d.dueDate).toBe('2026-06-01');
    expect(d.warnings.some((w) => w.includes('不晚于起算日'))).toBe(true);
  });
});

describe('computeDeadline: offsetBefore', () => {
  const lead = (dueDate: string) =>
    ({ clock: 'mainReply', dueDate, warnings: [] as string[] }) as ComputedDeadline;
  const offset = (rule: DeadlineRule, leadDue: string) =>
    computeDeadline({ ...spec(rule) }, 'coOpinion', '2026-03-31T09:00:00+08:00', cal, {
      ...ctx,
      refs: { mainReply: lead(leadDue) },
    });

  it.each<[DeadlineRule, string, string]>([
    // Fengyang: co-handler opinion 20 days before the lead's deadline.
    [{ kind: 'offsetBefore', clock: 'mainReply', days: 20 }, '2026-06-30', '2026-06-10'],
    // 20 days before 21 Oct is 1 Oct, a holiday: moves earlier, to Wed 30 Sep.
    [{ kind: 'offsetBefore', clock: 'mainReply', days: 20 }, '2026-10-21', '2026-09-30'],
    [{ kind: 'offsetBefore', clock: 'mainReply', days: 20, roll: false }, '2026-10-21', '2026-10-01'],
    // 5 working days before Fri 9 Oct skips National Day and the Mid-Autumn Friday 25 Sep.
    [{ kind: 'offsetBefore', clock: 'mainReply', days: 5, unit: 'workingDays' }, '2026-10-09', '2026-09-24'],
  ])('%j before %s → %s', (rule, leadDue, expected) => {
    const d = offset(rule, leadDue);
    expect(d.dueDate).toBe(expected);
    expect(d.reference).toEqual({ clock: 'mainReply', dueDate: leadDue });
  });

  it('words the rule after the clock it counts back from', () => {
    const d = offset({ kind: 'offsetBefore', clock: 'mainReply', days: 20 }, '2026-06-30');
    expect(d.ruleText).toBe('答复期限届满前20日');
    expect(d.summary).toBe('答复期限 2026-06-30 前20日 → 2026-06-10');
  });

  it('refuses to guess when the reference deadline is missing', () => {
    expect(() =>
      computeDeadline(
        spec({ kind: 'offsetBefore', clock: 'mainReply', days: 20 }),
        'coOpinion',
        '2026-03-31',
        cal,
        ctx,
      ),
    ).toThrow(/needs the mainReply deadline/);
  });
});

describe('computeDeadline: calendar coverage and overrides', () => {
  it('warns when the period ends in a year without data (2027)', () => {
    const d = due({ kind: 'months', months: 3 }, '2026-11-15');
    expect(d.dueDate).toBe('2027-02-15');
    expect(d.warnings).toHaveLength(1);
    expect(d.warnings[0]).toMatch(/^2027年无节假日安排数据/);
  });

  it('has no warning inside covered years', () => {
    expect(due({ kind: 'months', months: 3 }, '2026-09-15').warnings).toEqual([]);
  });

  it('lets an administrator override win, and explains the roll with its reason', () => {
    const local = cal.withOverrides([
      { date: '2026-06-30', working: false, reason: '台风停工（市政府通知）' },
    ]);
    const d = due({ kind: 'months', months: 3 }, '2026-03-31', local);
    expect(d.dueDate).toBe('2026-07-01');
    expect(d.rolled).toMatchObject({ from: '2026-06-30', to: '2026-07-01' });
    expect(d.rolled?.reason).toContain('台风停工');
    expect(d.crossed).toContainEqual({
      date: '2026-06-30',
      reason: '台风停工（市政府通知）',
      working: false,
    });
  });
});

describe('computeDeadline: minutes (drills)', () => {
  it('is due at the instant, never rolled, with reminders in minutes as fractions of a day', () => {
    // a Saturday evening in Beijing: a day rule would roll, a drill's minutes do not
    const d = computeDeadline(
      spec({ kind: 'minutes', minutes: 5 }, { reminders: [2, 4] }),
      'signFor',
      '2026-11-28T15:58:00.000Z',
      cal,
      ctx,
    );
    expect(d.dueAt).toBe('2026-11-28T16:03:00.000Z');
    expect(d.dueDate).toBe('2026-11-29');
    expect(d.rolled).toBeNull();
    expect(d.reminders.map((r) => Math.round(r.daysBefore * 1440))).toEqual([4, 2]);
    expect(d.reminders.map((r) => r.date)).toEqual(['2026-11-28', '2026-11-29']);
    expect(d.ruleText).toBe('交办起5分钟（演练）');
    expect(d.ruleTextEn).toBe('5 minutes from assignment (drill)');
  });
});

describe('resolveClockSpec', () => {
  const base = spec(
    { kind: 'months', months: 3 },
    {
      byChannel: { cppcc: spec({ kind: 'months', months: 5 }) },
      closedSession: spec({ kind: 'months', months: 3 }, { note: '闭会期间' }),
    },
  );
  it.each<[('npc' | 'cppcc')?, boolean?, number?, string?]>([
    ['npc', true, 3, 'base'],
    ['cppcc', true, 5, 'channel'],
    ['cppcc', false, 3, 'closedSession'],
    [undefined, undefined, 3, 'base'],
  ])('channel %s, duringSession %s → %i months (%s)', (channel, duringSession, n, variant) => {
    const r = resolveClockSpec(base, channel, duringSession);
    expect(r.variant).toBe(variant);
    expect(r.spec.rule).toEqual({ kind: 'months', months: n });
  });
});
