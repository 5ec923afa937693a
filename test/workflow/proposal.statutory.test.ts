/**
 * The statutory clocks through the workflow, with the real deadline planner over real policies on
 * the time-skipping server: clocks from receipt count from delivery (the assignment) rather than
 * from sign-for; a co-unit added later counts back from the lead's actual main reply; an approved
 * extension and every tracking report reach the proposer, and tracking repeats where the policy
 * sets an interval.
 */
import { planDeadlines } from '@banli/activities';
import { createShippedCalendar, findPolicy, lifecycleRulesOf, type JurisdictionPolicy } from '@banli/domain';
import {
  addUnitUpdate,
  decideExtensionUpdate,
  giveFeedbackUpdate,
  recordDeliveryUpdate,
  reportTrackingUpdate,
  requestExtensionUpdate,
} from '@banli/workflows/proposal.workflow';
import { assignedCase, replyCycle, signFor } from './flows';
import {
  clerk,
  DAY,
  type Harness,
  maybeRecordHistory,
  office,
  proposer,
  serverNow,
  startHarness,
  state,
} from './harness';

const calendar = createShippedCalendar();

/** A policy an office authored: Fujian's, with a yearly review (回头看) of commitments not yet met. */
const YEARLY_REVIEW: JurisdictionPolicy = (() => {
  const p = findPolicy('fujian')!;
  p.id = 'test-yearly-review';
  p.version = 1;
  p.clocks.trackingReport = {
    ...p.clocks.trackingReport!,
    repeat: {
      startsAt: 'trackingReported',
      rule: { kind: 'months', months: 12 },
      reminders: [14, 7],
      escalateTo: ['unitLeader', 'office'],
    },
  };
  return p;
})();

const policyOf = (id: string, version: number) =>
  id === YEARLY_REVIEW.id ? YEARLY_REVIEW : findPolicy(id, version);
const ref = (p: JurisdictionPolicy) => ({ id: p.id, version: p.version, rules: lifecycleRulesOf(p) });

let h: Harness;
beforeAll(async () => {
  h = await startHarness(`wf-statutory-${process.pid}`, {
    planDeadlines: async (input) =>
      planDeadlines(input, calendar, policyOf(input.policyId, input.policyVersion)),
  });
});
afterAll(async () => {
  await h?.stop();
});

const sichuan = findPolicy('sichuan', 1)!; // main reply 3 months from receipt (收到之日起)

describe('clocks from receipt start at delivery', () => {
  it('a unit that never signs for still goes overdue on its main reply', async () => {
    const { handle, caseId } = await assignedCase(h, 'sole', [{ unitId: 'u1' }], {
      policy: ref(sichuan),
      channel: 'npc',
    });
    const assigned = (await state(handle)).units[0];
    expect(assigned.deliveredAt).toBe(assigned.assignedAt);
    expect(assigned.deadlines.mainReply).toMatchObject({
      open: true,
      startEvent: 'received',
      startAt: assigned.assignedAt,
    });
    const due = assigned.deadlines.mainReply.dueAt;
    // three months and more without signing for
    await h.env.sleep(Date.parse(due) - Date.parse(await serverNow(h)) + 2 * DAY);
    const s = await state(handle);
    expect(s.units[0].stage).toBe('ASSIGNED');
    expect(h.fake.eventsOf(caseId, { kind: 'overdue', clock: 'mainReply' })).toMatchObject([
      { unitId: 'u1', dueAt: due },
    ]);
    await maybeRecordHistory(handle, 'statutory-never-signed-for');
    await handle.terminate('test done');
  });

  it('signing for late does not move the main reply deadline', async () => {
    const { handle } = await assignedCase(h, 'sole', [{ unitId: 'u1' }], {
      policy: ref(sichuan),
      channel: 'npc',
    });
    const before = (await state(handle)).units[0].deadlines.mainReply.dueAt;
    await h.env.sleep('20 days');
    await signFor(handle, 'u1');
    const u = (await state(handle)).units[0];
    expect(u.stage).toBe('RECEIVED');
    expect(u.deadlines.mainReply.dueAt).toBe(before);
    expect(Date.parse(u.receivedAt!) - Date.parse(u.assignedAt)).toBeGreaterThanOrEqual(20 * DAY);
    await handle.terminate('test done');
  });

  it('a delivery the office records later moves the clocks from receipt, not the others', async () => {
    const { handle } = await assignedCase(h, 'sole', [{ unitId: 'u1' }], {
      policy: ref(sichuan),
      channel: 'npc',
    });
    const before = (await state(handle)).units[0];
    await h.env.sleep('5 days');
    // delivered on paper three days after the assignment
    const deliveredAt = new Date(Date.parse(before.assignedAt) + 3 * DAY).toISOString();
    await handle.executeUpdate(recordDeliveryUpdate, {
      args: [{ actor: office, unitId: 'u1', deliveredAt, note: '纸质件送达' }],
    });
    const after = (await state(handle)).units[0];
    expect(after.deliveredAt).toBe(deliveredAt);
    expect(after.deadlines.mainReply).toMatchObject({ open: true, startAt: deliveredAt });
    expect(Date.parse(after.deadlines.mainReply.dueAt)).toBeGreaterThan(
      Date.parse(before.deadlines.mainReply.dueAt),
    );
    expect(after.deadlines.signFor.dueAt).toBe(before.deadlines.signFor.dueAt);
    const early = await handle
      .executeUpdate(recordDeliveryUpdate, {
        args: [
          {
            actor: office,
            unitId: 'u1',
            deliveredAt: new Date(Date.parse(before.assignedAt) - DAY).toISOString(),
          },
        ],
      })
      .catch((e: { cause?: unknown }) => e.cause);
    expect(early).toMatchObject({
      type: 'INVALID_COMMAND',
      message: expect.stringContaining('送达时间不能早于交办时间'),
    });
    await handle.terminate('test done');
  });
});

describe("a co-unit added later counts back from the lead's deadline", () => {
  const fengyang = findPolicy('fengyang', 1)!; // 会办意见：主办单位答复期限前20日

  it('gets the same opinion deadline as a co-unit assigned with the lead', async () => {
    const { handle } = await assignedCase(
      h,
      'joint',
      [
        { unitId: 'lead', role: 'lead' },
        { unitId: 'co1', role: 'co' },
      ],
      { policy: ref(fengyang), channel: 'cppcc' },
    );
    const first = await state(handle);
    const leadDue = first.units.find((u) => u.unitId === 'lead')!.deadlines.mainReply.dueAt;
    const co1Due = first.units.find((u) => u.unitId === 'co1')!.deadlines.coOpinion.dueAt;
    await h.env.sleep('40 days');
    await handle.executeUpdate(addUnitUpdate, { args: [{ actor: office, unitId: 'co2', role: 'co' }] });
    const co2 = (await state(handle)).units.find((u) => u.unitId === 'co2')!;
    expect(co2.deadlines.coOpinion.dueAt).toBe(co1Due);
    expect(Date.parse(co2.deadlines.coOpinion.dueAt)).toBeLessThan(Date.parse(leadDue));
    await handle.terminate('test done');
  });
});

describe('the proposer hears of extensions and of tracking', () => {
  it('Fujian: an approved extension is told to the proposer in writing', async () => {
    const fujian = findPolicy('fujian')!;
    expect(fujian.notifyProposerOfExtension).toBe(true);
    const { handle, caseId } = await assignedCase(h, 'sole', [{ unitId: 'u1' }], {
      policy: ref(fujian),
      channel: 'npc',
      proposers: [
        { id: 'p1', name: '张代表' },
        { id: 'p2', name: '李代表' },
      ],
    });
    await signFor(handle, 'u1');
    const due = (await state(handle)).units[0].deadlines.mainReply.dueAt;
    const newDueAt = new Date(Date.parse(due) + 30 * DAY).toISOString();
    await handle.executeUpdate(requestExtensionUpdate, {
      args: [{ actor: clerk('u1'), unitId: 'u1', reason: '涉及多部门协调', requestedDueAt: newDueAt }],
    });
    await handle.executeUpdate(decideExtensionUpdate, {
      args: [{ actor: office, unitId: 'u1', approve: true, reason: '同意' }],
    });
    expect(h.fake.eventsOf(caseId, { kind: 'extensionNotice' })).toMatchObject([
      {
        unitId: 'u1',
        clock: 'mainReply',
        dueAt: newDueAt,
        facts: {
          oldDueAt: due,
          newDueAt,
          proposers: [
            { id: 'p1', name: '张代表' },
            { id: 'p2', name: '李代表' },
          ],
        },
      },
    ]);
    await handle.terminate('test done');
  });

  it('the national rules tell the unit only', async () => {
    const national = findPolicy('cn-national', 1)!;
    const { handle, caseId } = await assignedCase(h, 'sole', [{ unitId: 'u1' }], {
      policy: ref(national),
      channel: 'npc',
    });
    await signFor(handle, 'u1');
    await handle.executeUpdate(requestExtensionUpdate, {
      args: [{ actor: clerk('u1'), unitId: 'u1', reason: '涉及多部门协调' }],
    });
    const due = (await state(handle)).units[0].deadlines.mainReply.dueAt;
    await handle.executeUpdate(decideExtensionUpdate, {
      args: [
        {
          actor: office,
          unitId: 'u1',
          approve: true,
          newDueAt: new Date(Date.parse(due) + 10 * DAY).toISOString(),
        },
      ],
    });
    expect(h.fake.eventsOf(caseId, { kind: 'extensionDecided' })).toHaveLength(1);
    expect(h.fake.eventsOf(caseId, { kind: 'extensionNotice' })).toEqual([]);
    await handle.terminate('test done');
  });

  it('a B-class commitment is reported to the proposer, again every year until it is done', async () => {
    const { handle, caseId } = await assignedCase(h, 'sole', [{ unitId: 'u1' }], {
      policy: ref(YEARLY_REVIEW),
      channel: 'npc',
    });
    await signFor(handle, 'u1');
    await replyCycle(h, handle, 'u1', 'B', '已列入明年建设计划');
    await handle.executeUpdate(giveFeedbackUpdate, {
      args: [{ actor: proposer('p1'), unitId: 'u1', proposerId: 'p1', rating: 'satisfied' }],
    });
    expect((await state(handle)).units[0].stage).toBe('TRACKING');

    await h.env.sleep('30 days');
    await handle.executeUpdate(reportTrackingUpdate, {
      args: [{ actor: clerk('u1'), unitId: 'u1', text: '项目已立项，年内开工', resolved: false }],
    });
    const tracking = (await state(handle)).units[0];
    expect(tracking.stage).toBe('TRACKING');
    const next = tracking.deadlines.trackingReport;
    expect(next).toMatchObject({ open: true, startEvent: 'trackingReported' });
    // a year on (12 months, moved to a working day at most a few days later)
    const gap = Date.parse(next.dueAt) - Date.parse(next.startAt);
    expect(gap).toBeGreaterThanOrEqual(365 * DAY - DAY);
    expect(gap).toBeLessThanOrEqual(375 * DAY);
    expect(h.fake.eventsOf(caseId, { kind: 'trackingUpdate' })).toMatchObject([
      {
        unitId: 'u1',
        facts: {
          reportNo: 1,
          resolved: false,
          excerpt: '项目已立项，年内开工',
          replyClass: 'B',
          nextDueAt: next.dueAt,
          proposers: [{ id: 'p1', name: '张委员' }],
        },
      },
    ]);

    // the unit lets the year pass: the review is overdue and escalated
    await h.env.sleep(Date.parse(next.dueAt) - Date.parse(await serverNow(h)) + DAY);
    expect(h.fake.eventsOf(caseId, { kind: 'overdue', clock: 'trackingReport' })).toMatchObject([
      { dueAt: next.dueAt },
    ]);
    await handle.executeUpdate(reportTrackingUpdate, {
      args: [{ actor: clerk('u1'), unitId: 'u1', text: '项目已建成投用', resolved: true }],
    });
    const done = await state(handle);
    expect(done.stage).toBe('CLOSED');
    const updates = h.fake.eventsOf(caseId, { kind: 'trackingUpdate' });
    expect(updates).toHaveLength(2);
    expect(updates[1].facts).toMatchObject({ reportNo: 2, resolved: true });
    expect(updates[1].facts).not.toHaveProperty('nextDueAt');
    await maybeRecordHistory(handle, 'statutory-tracking-repeats');
  });
});
