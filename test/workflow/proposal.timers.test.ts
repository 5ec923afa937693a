/**
 * Deadlines and timers on the time-skipping server: reminders, overdue escalation, extension,
 * hold/resume, long skips. Timer behaviour is asserted through the recorded emitCaseEvent calls.
 */
import {
  caseSummaryQuery,
  decideAdjustmentUpdate,
  decideExtensionUpdate,
  holdUpdate,
  requestAdjustmentUpdate,
  requestExtensionUpdate,
  resumeUpdate,
} from '@banli/workflows/proposal.workflow';
import { assignedCase, replyCycle, signFor } from './flows';
import { clerk, DAY, type Harness, maybeRecordHistory, office, startHarness, state } from './harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness('timers');
});
afterAll(async () => {
  await h?.stop();
});

const timerEvents = (caseId: string, clock?: string) =>
  h.fake
    .eventsOf(caseId)
    .filter(
      (e) => (e.kind === 'reminder' || e.kind === 'overdue') && (clock === undefined || e.clock === clock),
    )
    .map((e) => [e.unitId, e.clock, e.kind, e.kind === 'reminder' ? e.facts.daysBefore : null, e.dueAt]);

describe('sign-for (签收)', () => {
  it('not signed for: reminders 3 and 1 days before, then one overdue escalation', async () => {
    const { handle, caseId } = await assignedCase(h);
    const due = (await state(handle)).units[0].deadlines.signFor.dueAt;
    await h.env.sleep('10 days');
    expect(timerEvents(caseId, 'signFor')).toEqual([
      ['u1', 'signFor', 'reminder', 3, due],
      ['u1', 'signFor', 'reminder', 1, due],
      ['u1', 'signFor', 'overdue', null, due],
    ]);
    const s = await handle.query(caseSummaryQuery);
    expect(s).toMatchObject({ overdue: true, stage: 'ASSIGNED' });
    // Signing for late is accepted and recorded as late; the escalation is not repeated.
    const r = await signFor(handle, 'u1');
    expect(r.events.find((e) => e.type === 'SignedFor')).toMatchObject({ late: true });
    await h.env.sleep('2 days');
    expect(timerEvents(caseId, 'signFor')).toHaveLength(3);
    await maybeRecordHistory(handle, 'sign-for-overdue');
    await handle.terminate('test done');
  });

  it('signed for in time: no reminder and no escalation for it', async () => {
    const { handle, caseId } = await assignedCase(h);
    await signFor(handle, 'u1');
    await h.env.sleep('10 days');
    expect(timerEvents(caseId, 'signFor')).toEqual([]);
    // The objection window just closes: nobody is escalated.
    expect(timerEvents(caseId, 'adjustmentWindow')).toEqual([]);
    expect((await state(handle)).units[0].deadlines.adjustmentWindow.open).toBe(false);
    expect((await handle.query(caseSummaryQuery)).overdue).toBe(false);
    await handle.terminate('test done');
  });
});

describe('adjustment (调整)', () => {
  it('a request after the objection window is refused with ADJUSTMENT_WINDOW_CLOSED', async () => {
    const { handle } = await assignedCase(h);
    await signFor(handle, 'u1');
    await h.env.sleep('8 days');
    const err = await handle
      .executeUpdate(requestAdjustmentUpdate, {
        args: [{ actor: clerk('u1'), unitId: 'u1', reason: '非本单位职责' }],
      })
      .catch((e) => e);
    expect(err.cause).toMatchObject({ type: 'ADJUSTMENT_WINDOW_CLOSED' });
    expect(err.cause.message).toMatch(/^申请调整期限已过/);
    await handle.terminate('test done');
  });

  it('approved: the new unit gets fresh deadlines and timers; the old unit is never escalated', async () => {
    const { handle, caseId } = await assignedCase(h);
    await signFor(handle, 'u1');
    await h.env.sleep('2 days');
    await handle.executeUpdate(requestAdjustmentUpdate, {
      args: [{ actor: clerk('u1'), unitId: 'u1', reason: '属于交通部门职责', proposedUnitId: 'u2' }],
    });
    const r = await handle.executeUpdate(decideAdjustmentUpdate, {
      args: [{ actor: office, unitId: 'u1', approve: true, reason: '同意调整' }],
    });
    expect(r.summary).toMatchObject({
      leadUnitId: 'u2',
      units: [{ unitId: 'u2', stage: 'ASSIGNED', role: 'sole' }],
    });
    const s = await state(handle);
    const u2 = s.units.find((u) => u.unitId === 'u2')!;
    expect(Date.parse(u2.deadlines.mainReply.dueAt) - Date.parse(u2.assignedAt)).toBe(90 * DAY);
    expect(h.fake.eventsOf(caseId, { kind: 'adjustmentDecided' })).toHaveLength(1);
    expect(h.fake.eventsOf(caseId, { kind: 'assigned' }).map((e) => e.unitId)).toEqual(['u1', 'u2']);
    await h.env.sleep('100 days');
    const fired = timerEvents(caseId);
    expect(fired.filter((f) => f[0] === 'u1')).toEqual([]);
    expect(fired.filter((f) => f[2] === 'overdue').map((f) => f[1])).toEqual([
      'signFor',
      'contact',
      'mainReply',
    ]);
    await handle.terminate('test done');
  });
});

describe('long skips', () => {
  it('90 days then 6 months: one escalation per clock; a late reply is accepted and marked late; feedback times out', async () => {
    const { handle, caseId } = await assignedCase(h);
    await signFor(handle, 'u1');
    const due = (await state(handle)).units[0].deadlines.mainReply.dueAt;
    await h.env.sleep('91 days');
    expect(timerEvents(caseId, 'mainReply')).toEqual([
      ['u1', 'mainReply', 'reminder', 3, due],
      ['u1', 'mainReply', 'reminder', 1, due],
      ['u1', 'mainReply', 'overdue', null, due],
    ]);
    expect(timerEvents(caseId, 'contact').map((f) => f[2])).toEqual(['reminder', 'reminder', 'overdue']);
    await h.env.sleep('90 days');
    expect(timerEvents(caseId, 'mainReply')).toHaveLength(3);

    const r = await replyCycle(h, handle, 'u1');
    expect(r.events.find((e) => e.type === 'Replied')).toMatchObject({ late: true, dueAt: due });
    expect(h.fake.eventsOf(caseId, { kind: 'replied' })).toHaveLength(1);
    expect(h.fake.eventsOf(caseId, { kind: 'feedbackRequested' })[0]).toMatchObject({
      clock: 'feedback',
      unitId: 'u1',
    });

    // Nobody rates within 15 days: recorded as no answer, the A-class case closes, the workflow ends.
    await h.env.sleep('16 days');
    const result = await handle.result();
    expect(result).toMatchObject({ stage: 'CLOSED', overdue: false });
    const s = await state(handle);
    expect(s.units[0].feedback).toMatchObject([{ proposerId: 'p1', rating: 'noAnswer' }]);
    expect(s.units[0].replies[0].late).toBe(true);
    expect(h.fake.eventsOf(caseId, { kind: 'silent' })).toHaveLength(0);
    await maybeRecordHistory(handle, 'late-reply-feedback-timeout');
  });
});

describe('extension (延期)', () => {
  it('approved within the cap re-arms the timers for the new due instant', async () => {
    const { handle, caseId } = await assignedCase(h);
    await signFor(handle, 'u1');
    const s0 = await state(handle);
    const assignedAt = Date.parse(s0.units[0].assignedAt);
    const oldDue = s0.units[0].deadlines.mainReply.dueAt;
    await h.env.sleep('80 days');
    await handle.executeUpdate(requestExtensionUpdate, {
      args: [{ actor: clerk('u1'), unitId: 'u1', reason: '涉及多部门协调' }],
    });
    const beyond = await handle
      .executeUpdate(decideExtensionUpdate, {
        args: [
          {
            actor: office,
            unitId: 'u1',
            approve: true,
            newDueAt: new Date(assignedAt + 200 * DAY).toISOString(),
          },
        ],
      })
      .catch((e) => e);
    expect(beyond.cause).toMatchObject({ type: 'EXTENSION_BEYOND_CAP' });
    const newDue = new Date(assignedAt + 150 * DAY).toISOString();
    const r = await handle.executeUpdate(decideExtensionUpdate, {
      args: [{ actor: office, unitId: 'u1', approve: true, newDueAt: newDue }],
    });
    expect(r.events[0]).toMatchObject({ type: 'ExtensionApproved', oldDueAt: oldDue, newDueAt: newDue });
    expect(h.fake.eventsOf(caseId, { kind: 'extensionDecided' })[0]).toMatchObject({
      dueAt: newDue,
      facts: { approved: true, oldDueAt: oldDue, newDueAt: newDue },
    });

    await h.env.sleep('20 days'); // past the old due instant
    expect(timerEvents(caseId, 'mainReply')).toEqual([]);
    await h.env.sleep('51 days'); // past the new one
    expect(timerEvents(caseId, 'mainReply')).toEqual([
      ['u1', 'mainReply', 'reminder', 3, newDue],
      ['u1', 'mainReply', 'reminder', 1, newDue],
      ['u1', 'mainReply', 'overdue', null, newDue],
    ]);
    await maybeRecordHistory(handle, 'extension');
    await handle.terminate('test done');
  });
});

describe('hold (暂停) and resume', () => {
  it('a hold stops the clocks; resume shifts every open due instant by the time held', async () => {
    const { handle, caseId } = await assignedCase(h);
    await signFor(handle, 'u1');
    const before = (await state(handle)).units[0].deadlines;
    await h.env.sleep('10 days');
    await handle.executeUpdate(holdUpdate, { args: [{ actor: office, reason: '等待上级政策出台' }] });
    const firedBeforeHold = timerEvents(caseId).length;
    await h.env.sleep('100 days');
    expect(timerEvents(caseId)).toHaveLength(firedBeforeHold);
    expect((await handle.query(caseSummaryQuery)).onHold).toBe(true);

    const r = await handle.executeUpdate(resumeUpdate, { args: [{ actor: office }] });
    const heldMs = r.events[0].heldMs as number;
    expect(heldMs).toBeGreaterThanOrEqual(100 * DAY);
    const after = (await state(handle)).units[0].deadlines;
    expect(Date.parse(after.mainReply.dueAt) - Date.parse(before.mainReply.dueAt)).toBe(heldMs);
    expect(Date.parse(after.contact.dueAt) - Date.parse(before.contact.dueAt)).toBe(heldMs);
    expect(h.fake.eventsOf(caseId, { kind: 'silent' })).toHaveLength(0);

    await h.env.sleep('85 days');
    expect(timerEvents(caseId, 'mainReply')).toEqual([
      ['u1', 'mainReply', 'reminder', 3, after.mainReply.dueAt],
      ['u1', 'mainReply', 'reminder', 1, after.mainReply.dueAt],
      ['u1', 'mainReply', 'overdue', null, after.mainReply.dueAt],
    ]);
    await maybeRecordHistory(handle, 'hold-resume');
    await handle.terminate('test done');
  });
});

describe('long life', () => {
  it('continues as new when history grows, carrying state, timers and the event counter', async () => {
    const { handle, caseId } = await assignedCase(h, 'sole', [{ unitId: 'u1' }], { historyLimit: 40 });
    const firstRun = (await handle.describe()).runId;
    await signFor(handle, 'u1');
    await h.env.sleep('31 days'); // contact reminders and escalation: enough history for a new run
    const runs = new Set<string>();
    for (let i = 0; i < 50 && runs.size < 2; i++) runs.add((await handle.describe()).runId);
    runs.add(firstRun);
    expect(runs.size).toBeGreaterThanOrEqual(2);
    const s = await state(handle);
    expect(s).toMatchObject({ caseId, stage: 'ASSIGNED', units: [{ unitId: 'u1', stage: 'RECEIVED' }] });
    expect(timerEvents(caseId, 'contact').map((f) => f[2])).toEqual(['reminder', 'reminder', 'overdue']);
    // The new run keeps timing the main reply, without repeating anything already fired.
    await h.env.sleep('60 days');
    expect(timerEvents(caseId, 'contact')).toHaveLength(3);
    expect(timerEvents(caseId, 'mainReply').map((f) => f[2])).toEqual(['reminder', 'reminder', 'overdue']);
    const seqs = h.fake.eventsOf(caseId).map((e) => e.seq);
    expect(new Set(seqs).size).toBe(seqs.length);
    expect(h.fake.recorded.filter((r) => r.caseId === caseId)).toHaveLength(1);
    await handle.terminate('test done');
  });
});
