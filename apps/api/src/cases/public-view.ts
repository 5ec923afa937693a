import type { CaseState, ClockId, UnitState } from '@banli/domain';

/** The deadlines a proposer is shown: when the reply (or re-handling reply) is due, and the feedback window. */
export const PROPOSER_CLOCKS: readonly ClockId[] = ['mainReply', 'rehandling', 'feedback'];

/**
 * What a proposer sees of their own case: the replies, the units and their roles, the reply's due
 * date, and what the feedback form needs. Units' internal working papers stay inside: contact
 * notes, drafts and their countersignatures, co-handlers' opinions, the office's review, adjustment
 * and extension requests, urges, every internal deadline but the reply's, and the escalation bookkeeping.
 */
export function publicCaseState(state: CaseState): CaseState {
  return {
    ...state,
    opinions: [],
    urges: [],
    holds: [],
    units: state.units.map((u): UnitState => {
      const { draft: _d, ...rest } = u;
      const visible = PROPOSER_CLOCKS.filter((c) => u.deadlines[c]);
      return {
        ...rest,
        adjustments: [],
        extensions: [],
        trackingReports: [],
        // the letter as sent, not how the office's review changed it
        replies: u.replies.map(({ classCorrectedFrom: _c, reviewedBy: _r, ...r }) => r),
        // the fact and the date of contact, not what was noted about it
        contacts: u.contacts.map(({ note: _n, by: _b, ...c }) => ({ ...c, by: '' })),
        limits: {},
        deadlines: Object.fromEntries(
          visible.map((c) => {
            const { explanation: _e, firedReminders: _f, expiredFor: _x, ...d } = u.deadlines[c]!;
            return [c, { ...d, firedReminders: [] }];
          }),
        ),
      };
    }),
  };
}
