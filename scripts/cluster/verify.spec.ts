import { classifyCopies } from './verify';

describe('classifyCopies (npm run test:cluster mail check)', () => {
  const kill = Date.parse('2026-11-30T13:02:55.900Z');
  const at = (s: string) => Date.parse(`2026-11-30T${s}Z`);

  it.each([
    ['no copy', 'missing', []],
    ['one copy', 'once', [{ mid: 'a', at: at('13:00:00.000') }]],
    [
      'the same row again, first copy just before the kill',
      'redelivered',
      [
        { mid: 'a', at: at('13:02:55.850') },
        { mid: 'a', at: at('13:07:56.000') },
      ],
    ],
    [
      'the same row again, first copy long before any kill',
      'duplicated',
      [
        { mid: 'a', at: at('13:01:00.000') },
        { mid: 'a', at: at('13:01:05.000') },
      ],
    ],
    [
      'two rows for one mail, even at the kill',
      'duplicated',
      [
        { mid: 'a', at: at('13:02:55.850') },
        { mid: 'b', at: at('13:02:56.000') },
      ],
    ],
    [
      'three copies of the same row',
      'duplicated',
      [
        { mid: 'a', at: at('13:02:55.850') },
        { mid: 'a', at: at('13:07:56.000') },
        { mid: 'a', at: at('13:08:56.000') },
      ],
    ],
  ] as const)('%s → %s', (_what, verdict, copies) => {
    expect(classifyCopies([...copies], [kill])).toBe(verdict);
  });

  it('a re-send without any worker kill is a duplicate', () => {
    expect(
      classifyCopies(
        [
          { mid: 'a', at: at('13:02:55.850') },
          { mid: 'a', at: at('13:07:56.000') },
        ],
        [],
      ),
    ).toBe('duplicated');
  });
});
