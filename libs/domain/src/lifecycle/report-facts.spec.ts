import { createShippedCalendar } from '../calendar';
import { REPORT_METRICS as M, reportFactsOf } from './report-facts';
import type { CaseState } from './types';

const reply = (round: number, over: object = {}) => ({
  round,
  class: 'A',
  text: '答复',
  contactPerson: '赵',
  contactPhone: '85159162',
  at: '2026-04-20T02:00:00.000Z',
  by: 'clerk',
  signedOffBy: 'leader',
  late: false,
  ...over,
});

const unit = (unitId: string, role: string, over: object = {}) => ({
  unitId,
  role,
  stage: 'REPLIED',
  round: 1,
  // Tuesday 2026-03-31 10:00 Shanghai
  assignedAt: '2026-03-31T02:00:00.000Z',
  // Thursday 2026-04-02: two working days after the day of assignment
  receivedAt: '2026-04-02T02:00:00.000Z',
  deadlines: {},
  replies: [],
  feedback: [],
  contacts: [],
  ...over,
});

const state = (units: object[], over: object = {}) =>
  ({ caseId: 'c1', stage: 'REPLIED', keyCase: false, urges: [], units, ...over }) as unknown as CaseState;

const counts = (s: CaseState) =>
  Object.fromEntries(
    reportFactsOf(s, createShippedCalendar()).map((f) => [`${f.unitId} ${f.metric} ${f.bucket}`, f.n]),
  );

describe('reportFactsOf', () => {
  it('counts a replying unit’s figures and a co-handler’s sign-for only', () => {
    const s = state([
      unit('lead', 'lead', {
        contacts: [{ method: 'phone' }, { method: 'faceToFace' }],
        replies: [
          reply(1, { publicity: 'active', publication: { publishedAt: '2026-05-01T00:00:00.000Z' } }),
        ],
        feedback: [
          { proposerId: 'p1', rating: 'basicallySatisfied', round: 1, at: '2026-05-02T00:00:00.000Z' },
          { proposerId: 'p1', rating: 'satisfied', round: 2, at: '2026-06-02T00:00:00.000Z' },
        ],
      }),
      unit('co', 'co'),
      unit('gone', 'sole', { stage: 'REPLACED' }),
    ]);
    expect(counts(s)).toEqual({
      [`lead ${M.signDays} 2`]: 1,
      [`lead ${M.assigned} 0`]: 1,
      [`lead ${M.replied} 0`]: 1,
      // 2026-04-20 (Mon): 13 working days after 03-31, the Qingming holiday (04-04..06) not counted
      [`lead ${M.replyDays} 13`]: 1,
      [`lead ${M.onTime} 0`]: 1,
      [`lead ${M.contacted} 0`]: 1,
      [`lead ${M.method}faceToFace 0`]: 1,
      [`lead ${M.method}phone 0`]: 1,
      [`lead ${M.firstRating}basicallySatisfied 0`]: 1,
      [`lead ${M.finalRating}satisfied 0`]: 1,
      [`lead ${M.replyClass}A 0`]: 1,
      [`lead ${M.published} 0`]: 1,
      [`lead ${M.publishable} 0`]: 1,
      [`co ${M.signDays} 2`]: 1,
    });
  });

  it('counts closure, re-handling and a late first reply, keyed by key case and month', () => {
    const s = state([unit('u', 'sole', { round: 2, replies: [reply(1, { late: true }), reply(2)] })], {
      stage: 'CLOSED',
      keyCase: true,
    });
    const facts = reportFactsOf(s, createShippedCalendar());
    expect(facts.every((f) => f.keyCase && f.month === '2026-03')).toBe(true);
    const c = counts(s);
    expect(c[`u ${M.closed} 0`]).toBe(1);
    expect(c[`u ${M.rehandled} 0`]).toBe(1);
    expect(c[`u ${M.onTime} 0`]).toBeUndefined();
    expect(c[`u ${M.replyClass}A 0`]).toBe(1);
    expect(c[`u ${M.publishable} 0`]).toBeUndefined();
  });
});
