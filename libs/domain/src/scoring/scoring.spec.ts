import { findPolicy } from '../policies';
import {
  findScoringScheme,
  scoreUnit,
  shippedScoringSchemes,
  validateScoringScheme,
  type UnitFigures,
} from '.';

const figures = (
  over: Partial<Record<string, [number, number]>> = {},
  counts: Partial<UnitFigures['counts']> = {},
) =>
  ({
    rates: Object.fromEntries(
      [
        'replyRate',
        'closeRate',
        'onTimeRate',
        'contactRate',
        'faceToFaceRate',
        'satisfactionFirst',
        'satisfactionFinal',
      ].map((k) => [k, { numerator: (over[k] ?? [10, 10])[0], denominator: (over[k] ?? [10, 10])[1] }]),
    ),
    counts: { lateReplies: 0, dissatisfiedFinal: 0, overdueNow: 0, rehandled: 0, ...counts },
  }) as UnitFigures;

describe('scoring schemes', () => {
  it('ships valid schemes, each for a shipped policy', () => {
    for (const s of shippedScoringSchemes()) {
      expect(validateScoringScheme(s)).toEqual({ ok: true, errors: [] });
      expect(findPolicy(s.policyId)).toBeDefined();
    }
    expect(findScoringScheme('fengyang')?.fullMarks).toBe(100);
    expect(findScoringScheme('cn-national')).toBeUndefined();
  });

  it.each<[string, (s: any) => void, string]>([
    ['points that do not add up', (s) => (s.fullMarks = 120), 'fullMarks'],
    ['an unknown rate', (s) => (s.items[0].rate = 'speed'), 'items.0.rate'],
    ['a target above 100%', (s) => (s.items[2].target = 1.2), 'items.2.target'],
    [
      'a per-point deduction without a target',
      (s) => (s.items[0].perPointBelow = 1),
      'items.0.perPointBelow',
    ],
    ['an unknown count', (s) => (s.deductions[0].count = 'late'), 'deductions.0.count'],
    ['a negative deduction', (s) => (s.deductions[1].pointsEach = -1), 'deductions.1.pointsEach'],
    ['no source', (s) => (s.sources = []), 'sources'],
  ])('refuses %s', (_n, mutate, path) => {
    const s = findScoringScheme('fengyang')!;
    mutate(s);
    expect(validateScoringScheme(s).errors.map((e) => e.path)).toContain(path);
  });
});

describe('scoreUnit (fengyang example)', () => {
  const scheme = findScoringScheme('fengyang')!;

  it('gives full marks when every rate is at its target and nothing is deducted', () => {
    const r = scoreUnit(scheme, figures());
    expect(r.score).toBe(100);
    expect(r.items.every((i) => i.earned === i.points && i.reason === '')).toBe(true);
    expect(r.deductions).toEqual([]);
  });

  it('scores proportionally, per point below a target, deducts per case with a cap, and says why', () => {
    const r = scoreUnit(
      scheme,
      figures(
        { onTimeRate: [8, 10], faceToFaceRate: [9, 12], satisfactionFinal: [19, 20] },
        { overdueNow: 12, dissatisfiedFinal: 1 },
      ),
    );
    expect(r.items).toEqual([
      { label: '按时办复率', points: 30, earned: 24, reason: '按时办复率80%（8/10），按比例得 24 分' },
      { label: '办复率', points: 20, earned: 20, reason: '' },
      // 75% is 25 points below 100%: 25 × 1 point, but an item cannot lose more than its 20
      {
        label: '面商率',
        points: 20,
        earned: 0,
        reason: '面商率75%（9/12），低于目标 100% 25 个百分点，扣 20 分',
      },
      // 95% is 3 points below 98%
      {
        label: '满意率',
        points: 30,
        earned: 27,
        reason: '满意率95%（19/20），低于目标 98% 3 个百分点，扣 3 分',
      },
    ]);
    expect(r.deductions).toEqual([
      {
        label: '当前逾期事项',
        count: 12,
        points: 10,
        reason: '当前逾期事项 12 件，每件扣 1 分，以 10 分为限',
      },
      { label: '最终不满意', count: 1, points: 1, reason: '最终不满意 1 件，每件扣 1 分' },
    ]);
    expect(r.score).toBe(24 + 20 + 0 + 27 - 11);
  });

  it('gives an item with nothing to count its full points, and never scores below 0', () => {
    expect(scoreUnit(scheme, figures({ satisfactionFinal: [0, 0] })).items[3]).toMatchObject({ earned: 30 });
    const worst = scoreUnit(
      { ...scheme, deductions: [{ label: '逾期', count: 'overdueNow', pointsEach: 50 }] },
      figures(
        { onTimeRate: [0, 5], replyRate: [0, 5], faceToFaceRate: [0, 5], satisfactionFinal: [0, 5] },
        { overdueNow: 5 },
      ),
    );
    expect(worst.score).toBe(0);
  });
});
