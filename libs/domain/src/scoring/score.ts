import type { ScoredDeduction, ScoredItem, ScoringScheme, UnitFigures, UnitScore } from './types';

const round1 = (n: number) => Math.round(n * 10) / 10;
const pct = (r: number) => `${round1(r * 100)}%`;

/** A unit's score under a scheme, with the reason for every point it lost. Pure. */
export function scoreUnit(scheme: ScoringScheme, f: UnitFigures): UnitScore {
  const items = scheme.items.map((item): ScoredItem => {
    const { numerator, denominator } = f.rates[item.rate];
    if (!denominator) return { label: item.label, points: item.points, earned: item.points, reason: '' };
    const rate = numerator / denominator;
    if (item.target === undefined) {
      const earned = round1(item.points * rate);
      return {
        label: item.label,
        points: item.points,
        earned,
        reason:
          earned < item.points
            ? `${item.label}${pct(rate)}（${numerator}/${denominator}），按比例得 ${earned} 分`
            : '',
      };
    }
    if (rate >= item.target)
      return { label: item.label, points: item.points, earned: item.points, reason: '' };
    const below = round1((item.target - rate) * 100);
    const lost = Math.min(item.points, round1(below * (item.perPointBelow ?? item.points)));
    return {
      label: item.label,
      points: item.points,
      earned: round1(item.points - lost),
      reason: `${item.label}${pct(rate)}（${numerator}/${denominator}），低于目标 ${pct(item.target)} ${below} 个百分点，扣 ${lost} 分`,
    };
  });
  const deductions = scheme.deductions.flatMap((d): ScoredDeduction[] => {
    const count = f.counts[d.count];
    if (!count) return [];
    const points = round1(Math.min(d.max ?? Infinity, count * d.pointsEach));
    const capped = d.max !== undefined && count * d.pointsEach > d.max ? `，以 ${d.max} 分为限` : '';
    return [
      { label: d.label, count, points, reason: `${d.label} ${count} 件，每件扣 ${d.pointsEach} 分${capped}` },
    ];
  });
  const earned = items.reduce((s, i) => s + i.earned, 0) - deductions.reduce((s, d) => s + d.points, 0);
  return { score: Math.max(0, round1(earned)), items, deductions };
}
