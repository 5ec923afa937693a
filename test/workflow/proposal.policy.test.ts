/**
 * The case workflow with the real deadline planner over a shipped policy (the national Deputies
 * Law rules) on the time-skipping server: what only test fakes used to supply, the policy now does.
 */
import { planDeadlines } from '@banli/activities';
import { createShippedCalendar, findPolicy, lifecycleRulesOf } from '@banli/domain';
import {
  decideAdjustmentUpdate,
  decideExtensionUpdate,
  giveFeedbackUpdate,
  requestAdjustmentUpdate,
  requestExtensionUpdate,
} from '@banli/workflows/proposal.workflow';
import { assignedCase, replyCycle, signFor } from './flows';
import { clerk, type Harness, office, proposer, startHarness, state } from './harness';

const calendar = createShippedCalendar();
const national = findPolicy('cn-national', 1)!;
const policy = { id: national.id, version: national.version, rules: lifecycleRulesOf(national) };

let h: Harness;
beforeAll(async () => {
  h = await startHarness(`wf-policy-${process.pid}`, {
    planDeadlines: async (input) => planDeadlines(input, calendar),
  });
});
afterAll(async () => {
  await h?.stop();
});

describe('a shipped policy through the workflow', () => {
  it('an extension of the re-handling reply is decided against the policy’s re-handling cap', async () => {
    const { handle } = await assignedCase(h, 'sole', [{ unitId: 'u1' }], { policy, channel: 'npc' });
    await signFor(handle, 'u1');
    await replyCycle(h, handle, 'u1');
    await handle.executeUpdate(giveFeedbackUpdate, {
      args: [{ actor: proposer('p1'), unitId: 'u1', proposerId: 'p1', rating: 'dissatisfied' }],
    });
    const rehandling = (await state(handle)).units[0];
    expect(rehandling.stage).toBe('REHANDLING');
    const cap = rehandling.limits.rehandlingCap;
    expect(cap).toBeDefined();
    const due = rehandling.deadlines.rehandling.dueAt;
    const newDueAt = new Date(Date.parse(due) + 20 * 86_400_000).toISOString();
    await handle.executeUpdate(requestExtensionUpdate, {
      args: [{ actor: clerk('u1'), unitId: 'u1', reason: '需补充调研', requestedDueAt: newDueAt }],
    });
    // no capAt from the caller: the workflow takes the planned rehandlingCap
    const r = await handle.executeUpdate(decideExtensionUpdate, {
      args: [{ actor: office, unitId: 'u1', approve: true }],
    });
    expect(r.events[0]).toMatchObject({
      type: 'ExtensionApproved',
      clock: 'rehandling',
      newDueAt,
      capAt: cap,
    });
    await handle.terminate('test done');
  });

  it("an adjustment request starts the office's decision clock; the decision closes it", async () => {
    const guangzhou = findPolicy('guangzhou', 1)!;
    const { handle, caseId } = await assignedCase(h, 'sole', [{ unitId: 'u1' }], {
      policy: { id: guangzhou.id, version: guangzhou.version, rules: lifecycleRulesOf(guangzhou) },
    });
    await signFor(handle, 'u1');
    await handle.executeUpdate(requestAdjustmentUpdate, {
      args: [{ actor: clerk('u1'), unitId: 'u1', reason: '非本单位职责', proposedUnitId: 'u2' }],
    });
    const d = (await state(handle)).units[0].deadlines.adjustmentDecision;
    expect(d).toMatchObject({ open: true, startEvent: 'adjustmentRequested' });
    expect(h.fake.eventsOf(caseId, { kind: 'adjustmentRequested' })[0]).toMatchObject({
      facts: { reason: '非本单位职责', proposedUnitId: 'u2', decisionDue: { clock: 'adjustmentDecision' } },
    });
    // the office lets it run out: escalated (to the supervisors, per the policy)
    await h.env.sleep('8 days');
    expect(h.fake.eventsOf(caseId, { kind: 'overdue', clock: 'adjustmentDecision' })).toMatchObject([
      { unitId: 'u1', facts: { deadline: { escalateTo: ['supervisor'] } } },
    ]);
    await handle.executeUpdate(decideAdjustmentUpdate, {
      args: [{ actor: office, unitId: 'u1', approve: false, reason: '属本单位职责' }],
    });
    expect((await state(handle)).units[0].deadlines.adjustmentDecision.open).toBe(false);
    await handle.terminate('test done');
  });
});
