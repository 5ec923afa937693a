import type { CaseRecord } from '../cluster/drive';
import { stopAfter, timerMails, TimerTally } from './faults';

describe('timerMails (npm run soak: the timer mails a case owes)', () => {
  const c = {
    number: 'C0001',
    unit: { id: 'u1', contactEmail: 'unit1@x.test', leaderEmail: 'leader1@x.test' },
  } as unknown as CaseRecord;
  const t = (s: string) => Date.parse(`2026-11-30T${s}Z`);
  const deadline = (extra: object = {}) => ({
    dueAt: '2026-11-30T10:02:00.000Z',
    armedAt: '2026-11-30T10:00:00.000Z',
    open: true,
    firedReminders: [],
    reminderOffsetsDays: [1 / 1440],
    ...extra,
  });
  const state = (signFor: object) => ({ units: [{ unitId: 'u1', deadlines: { signFor } }] });
  const tally = (): TimerTally => ({ reminders: 0, escalations: 0, superseded: [] });

  it('an open deadline past due owes its reminder (a timer pass ran in time) and its escalation', () => {
    const n = tally();
    const mails = timerMails(c, state(deadline()), t('10:05:00'), [t('10:01:00.000'), t('10:02:00')], n);
    expect(mails).toEqual([
      { kind: 'signForReminder.1m.signFor', to: 'unit1@x.test' },
      { kind: 'overdue.signFor', to: 'leader1@x.test' },
    ]);
    expect(n).toEqual({ reminders: 1, escalations: 1, superseded: [] });
  });

  it('a deadline closed before its reminder owes nothing', () => {
    const closed = deadline({ open: false, closedAt: '2026-11-30T10:00:30.000Z' });
    expect(timerMails(c, state(closed), t('10:05:00'), [], tally())).toEqual([]);
  });

  it('closed between reminder and due: the reminder only', () => {
    const closed = deadline({ open: false, closedAt: '2026-11-30T10:01:30.000Z' });
    expect(timerMails(c, state(closed), t('10:05:00'), [t('10:01:00.000')], tally())).toEqual([
      { kind: 'signForReminder.1m.signFor', to: 'unit1@x.test' },
    ]);
  });

  it('no timer pass between reminder and due instant: the reminder is superseded, not owed', () => {
    const n = tally();
    const mails = timerMails(c, state(deadline()), t('10:05:00'), [t('10:02:10')], n);
    expect(mails).toEqual([{ kind: 'overdue.signFor', to: 'leader1@x.test' }]);
    expect(n.superseded).toEqual(['C0001 signForReminder.1m.signFor']);
  });

  it('drives a third of the cases to each stop', () => {
    expect([0, 1, 2, 3].map(stopAfter)).toEqual(['reply', 'assign', 'signFor', 'reply']);
  });
});
