import {
  deadlineStatus,
  fireDueTimers,
  isEscalatedLegacy,
  isOverdue,
  nextDue,
  nextTimerAt,
  overdueDuties,
  type TimerFiring,
} from './clocks';
import { summary } from './summary';
import { clerk, day, office, run, soleAssigned, T0 } from './test-fixtures';
import type { CaseState } from './types';

/** Walks the timers as the workflow does and returns every firing with its instant. */
function walk(state: CaseState, until: string): { at: string; firing: TimerFiring }[] {
  const out: { at: string; firing: TimerFiring }[] = [];
  for (let next = nextTimerAt(state); next !== null && next <= until; next = nextTimerAt(state)) {
    const r = fireDueTimers(state, next);
    state = r.state;
    out.push(...r.firings.map((firing) => ({ at: next as string, firing })));
  }
  return out;
}

describe('the one definition of next due and overdue', () => {
  it('next due is the earliest open duty: windows are nobody’s duty', () => {
    const s = soleAssigned();
    expect(nextDue(s)).toMatchObject({ unitId: 'u1', clock: 'signFor', dueAt: day(5) });
    const signed = run(s, [[{ type: 'signFor', unitId: 'u1' }, clerk('u1'), day(1)]]);
    // the objection window (day 7, from delivery) ends first, but the next thing someone must do is contact
    expect(signed.units[0].deadlines.adjustmentWindow.dueAt).toBe(day(7));
    expect(nextDue(signed)).toMatchObject({ clock: 'contact', dueAt: day(30) });
  });

  it.each<[number, string[]]>([
    [4.9, []],
    [5, ['signFor']],
    [31, ['signFor', 'contact']],
    [91, ['signFor', 'contact', 'mainReply']],
  ])('overdue duties on day %s: %j (a period ends at its due instant)', (d, clocks) => {
    const items = overdueDuties(soleAssigned(), day(d));
    expect(items.map((i) => i.clock)).toEqual(clocks);
    expect(isOverdue(soleAssigned(), day(d))).toBe(clocks.length > 0);
  });

  it('windows are never overdue', () => {
    const s = run(soleAssigned(), [[{ type: 'signFor', unitId: 'u1' }, clerk('u1'), day(1)]]);
    expect(overdueDuties(s, day(20)).map((i) => i.clock)).toEqual([]);
    expect(isOverdue(s, day(20))).toBe(false);
  });

  it('counts whole days overdue', () => {
    expect(overdueDuties(soleAssigned(), day(7.5))[0]).toMatchObject({ clock: 'signFor', daysOverdue: 2 });
  });

  it('a case on hold is not overdue and has no next due; its deadlines read held', () => {
    const held = run(soleAssigned(), [[{ type: 'hold', reason: '等待调研' }, office, day(1)]]);
    expect(isOverdue(held, day(20))).toBe(false);
    expect(overdueDuties(held, day(20))).toEqual([]);
    expect(nextDue(held)).toBeNull();
    expect(deadlineStatus(held, held.units[0].deadlines.signFor)).toBe('held');
    // the old search-attribute meaning ignored the hold once an escalation had fired
    const escalated = run(fireDueTimers(soleAssigned(), day(6)).state, [
      [{ type: 'hold', reason: '等待调研' }, office, day(7)],
    ]);
    expect(isEscalatedLegacy(escalated)).toBe(true);
    expect(isOverdue(escalated, day(8))).toBe(false);
    // resuming moves the due instants by the time held: not overdue until the moved instant
    const resumed = run(held, [[{ type: 'resume' }, office, day(11)]]);
    expect(resumed.units[0].deadlines.signFor.dueAt).toBe(day(15));
    expect(isOverdue(resumed, day(14.9))).toBe(false);
    expect(isOverdue(resumed, day(15))).toBe(true);
  });

  it('a case that ended has nothing due; its deadlines read closed', () => {
    const s = run(soleAssigned(), [[{ type: 'withdraw', reason: 'x' }, office, day(1)]]);
    expect(nextDue(s)).toBeNull();
    expect(nextTimerAt(s)).toBeNull();
    expect(isOverdue(s, day(100))).toBe(false);
    expect(Object.values(s.units[0].deadlines).map((d) => deadlineStatus(s, d))).toEqual(
      Object.values(s.units[0].deadlines).map(() => 'closed'),
    );
  });
});

describe('timers', () => {
  it('reminders at the offsets, then one overdue escalation per due instant', () => {
    const fired = walk(soleAssigned(), day(100));
    expect(fired.map(({ at, firing }) => [at, firing.clock, firing.kind, firing.daysBefore])).toEqual([
      [day(2), 'signFor', 'reminder', 3],
      [day(4), 'signFor', 'reminder', 1],
      [day(5), 'signFor', 'overdue', undefined],
      // the objection window runs from delivery whether or not the unit signs for
      [day(7), 'adjustmentWindow', 'windowExpired', undefined],
      [day(27), 'contact', 'reminder', 3],
      [day(29), 'contact', 'reminder', 1],
      [day(30), 'contact', 'overdue', undefined],
      [day(87), 'mainReply', 'reminder', 3],
      [day(89), 'mainReply', 'reminder', 1],
      [day(90), 'mainReply', 'overdue', undefined],
    ]);
  });

  it('after a long skip only the escalation is reported, and only once', () => {
    const r = fireDueTimers(soleAssigned(), day(10));
    expect(r.firings).toEqual([
      { kind: 'overdue', unitId: 'u1', clock: 'signFor', dueAt: day(5) },
      { kind: 'windowExpired', unitId: 'u1', clock: 'adjustmentWindow', dueAt: day(7) },
    ]);
    expect(r.state.seq).toBe(soleAssigned().seq + 1);
    expect(fireDueTimers(r.state, day(11)).firings).toEqual([]);
    expect(summary(r.state, day(10)).overdue).toBe(true);
    expect(summary(soleAssigned(), day(4)).overdue).toBe(false);
    expect(summary(soleAssigned(), day(6)).overdue).toBe(true);
  });

  it('several reminders coming due together report only the nearest one', () => {
    const r = fireDueTimers(soleAssigned(), day(4.5));
    expect(r.firings).toEqual([
      { kind: 'reminder', unitId: 'u1', clock: 'signFor', dueAt: day(5), daysBefore: 1 },
    ]);
    expect(r.state.units[0].deadlines.signFor.firedReminders.sort()).toEqual([1, 3]);
  });

  it('nothing fires when nothing is due (same state object back)', () => {
    const s = soleAssigned();
    const r = fireDueTimers(s, day(1));
    expect(r.firings).toEqual([]);
    expect(r.state).toBe(s);
  });

  it('signing for in time: no escalation for that clock', () => {
    const s = run(soleAssigned(), [[{ type: 'signFor', unitId: 'u1' }, clerk('u1'), day(1)]]);
    const fired = walk(s, day(10));
    expect(fired.filter((f) => f.firing.clock === 'signFor')).toEqual([]);
    // The objection window just closes, without escalation.
    expect(fired).toEqual([
      {
        at: day(7),
        firing: { kind: 'windowExpired', unitId: 'u1', clock: 'adjustmentWindow', dueAt: day(7) },
      },
    ]);
  });

  it('a hold stops every timer; resume shifts them and does not repeat reminders already sent', () => {
    let s = fireDueTimers(soleAssigned(), day(2)).state; // 3-day signFor reminder sent
    s = run(s, [[{ type: 'hold', reason: '暂缓' }, office, day(3)]]);
    expect(nextTimerAt(s)).toBeNull();
    expect(fireDueTimers(s, day(50)).firings).toEqual([]);
    s = run(s, [[{ type: 'resume' }, office, day(13)]]);
    expect(s.units[0].deadlines.signFor.dueAt).toBe(day(15));
    expect(nextTimerAt(s)).toBe(day(14)); // the 1-day reminder; the 3-day one was sent before the hold
  });

  it('an approved extension re-arms reminders for the new due instant', () => {
    let s = run(soleAssigned(), [[{ type: 'signFor', unitId: 'u1' }, clerk('u1'), day(1)]]);
    s = fireDueTimers(s, day(89)).state;
    s = run(s, [
      [{ type: 'requestExtension', unitId: 'u1', reason: '复杂' }, clerk('u1'), day(89)],
      [
        { type: 'decideExtension', unitId: 'u1', approve: true, newDueAt: day(120), capAt: day(180) },
        office,
        day(89),
      ],
    ]);
    const fired = walk(s, day(130)).filter((f) => f.firing.clock === 'mainReply');
    expect(fired.map((f) => [f.at, f.firing.kind])).toEqual([
      [day(117), 'reminder'],
      [day(119), 'reminder'],
      [day(120), 'overdue'],
    ]);
  });

  it('reminder instants before the clock was armed are skipped', () => {
    const s = run(soleAssigned(), [[{ type: 'signFor', unitId: 'u1' }, clerk('u1'), T0]]);
    const d = s.units[0].deadlines;
    // adjustmentWindow has no reminders by default; signFor is closed.
    expect(d.adjustmentWindow.reminderOffsetsDays).toEqual([]);
  });
});

describe('summary', () => {
  it('shows stage, lead unit, next due, key case', () => {
    const s = run(soleAssigned(), [[{ type: 'markKeyCase', keyCase: true }, office, day(1)]]);
    expect(summary(s, day(2))).toMatchObject({
      caseId: 'case-1',
      stage: 'ASSIGNED',
      caseStage: 'ASSIGNED',
      mode: 'sole',
      leadUnitId: 'u1',
      nextDue: { unitId: 'u1', clock: 'signFor', dueAt: day(5) },
      overdue: false,
      keyCase: true,
      onHold: false,
      units: [{ unitId: 'u1', role: 'sole', stage: 'ASSIGNED', round: 1, lateReplies: 0 }],
    });
  });
});
