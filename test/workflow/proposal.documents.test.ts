import { WorkflowUpdateFailedError } from '@temporalio/client';
import {
  countersignUpdate,
  declinePublicationUpdate,
  draftReplyUpdate,
  giveFeedbackUpdate,
  publishReplyUpdate,
  recordContactUpdate,
  recordPastUpdate,
  replyUpdate,
  reviewReplyUpdate,
  sendOpinionUpdate,
  signOffReplyUpdate,
} from '@banli/workflows/proposal.workflow';
import { assignedCase, signFor } from './flows';
import {
  clerk,
  DAY,
  type Harness,
  leader,
  maybeRecordHistory,
  office,
  serverNow,
  startCase,
  startHarness,
  state,
} from './harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness('documents');
});
afterAll(async () => {
  await h?.stop();
});

type Handle = Awaited<ReturnType<typeof assignedCase>>['handle'];

const refusalOf = async (p: Promise<unknown>) => {
  const err = await p.catch((e) => e);
  expect(err).toBeInstanceOf(WorkflowUpdateFailedError);
  return (err as WorkflowUpdateFailedError).cause as unknown as { type: string; message: string };
};

/** A joint case (lead u1, co u2) replying jointly, both signed for, the co-handler's opinion in, contact recorded. */
async function jointCase() {
  const c = await assignedCase(
    h,
    'joint',
    [
      { unitId: 'u1', role: 'lead' },
      { unitId: 'u2', role: 'co' },
    ],
    { rules: { jointReply: true } },
  );
  await signFor(c.handle, 'u1');
  await signFor(c.handle, 'u2');
  await c.handle.executeUpdate(sendOpinionUpdate, {
    args: [{ actor: clerk('u2'), text: '同意主办单位意见', docNumber: '会办函〔2026〕1号' }],
  });
  await c.handle.executeUpdate(recordContactUpdate, {
    args: [{ actor: clerk('u1'), method: 'phone', date: await serverNow(h), by: '李处长' }],
  });
  return c;
}

const draft = (handle: Handle, text = '联合答复正文', cls = 'A', extra: Record<string, unknown> = {}) =>
  handle.executeUpdate(draftReplyUpdate, {
    args: [
      {
        actor: clerk('u1'),
        class: cls,
        text,
        contactPerson: '王科长',
        contactPhone: '0591-1234567',
        docNumber: '杭民函〔2026〕7号',
        ...extra,
      },
    ],
  });
const signOff = (handle: Handle) =>
  handle.executeUpdate(signOffReplyUpdate, { args: [{ actor: leader('u1') }] });
const reply = (handle: Handle) => handle.executeUpdate(replyUpdate, { args: [{ actor: clerk('u1') }] });

describe('joint reply (联合行文): countersign (会签)', () => {
  it('agree: the leader signs off only after the co-handler countersigns; the letter carries both units', async () => {
    const { handle, caseId } = await jointCase();
    await draft(handle);
    let s = await state(handle);
    const u1 = s.units.find((u) => u.unitId === 'u1')!;
    const u2 = s.units.find((u) => u.unitId === 'u2')!;
    expect(u1.draft?.countersigns).toEqual([expect.objectContaining({ unitId: 'u2' })]);
    expect(u2.deadlines.countersign).toMatchObject({ open: true, startEvent: 'draftSubmitted' });
    expect((await refusalOf(signOff(handle))).type).toBe('COUNTERSIGN_PENDING');
    await handle.executeUpdate(countersignUpdate, { args: [{ actor: leader('u2'), agree: true }] });
    await signOff(handle);
    await reply(handle);
    s = await state(handle);
    const r = s.units.find((u) => u.unitId === 'u1')!.replies[0];
    expect(r).toMatchObject({ signingUnits: ['u1', 'u2'], docNumber: '杭民函〔2026〕7号' });
    expect(s.units.find((u) => u.unitId === 'u2')!.deadlines.countersign.open).toBe(false);
    const events = h.fake.projections
      .filter((p) => p.caseId === caseId)
      .flatMap((p) => p.detail?.events ?? []);
    expect(events.map((e) => e.type)).toEqual(
      expect.arrayContaining(['CountersignRequested', 'Countersigned', 'CountersignCompleted']),
    );
    await maybeRecordHistory(handle, 'documents-countersign');
    await handle.terminate('test done');
  });

  it('asks for changes: the draft goes back to the lead, the redraft is countersigned again', async () => {
    const { handle } = await jointCase();
    await draft(handle, '初稿');
    const noComment = await refusalOf(
      handle.executeUpdate(countersignUpdate, { args: [{ actor: clerk('u2'), agree: false }] }),
    );
    expect(noComment.type).toBe('INVALID_COMMAND');
    await handle.executeUpdate(countersignUpdate, {
      args: [{ actor: clerk('u2'), agree: false, comment: '请补充我单位承担的工作' }],
    });
    let s = await state(handle);
    let u1 = s.units.find((u) => u.unitId === 'u1')!;
    expect(u1.stage).toBe('IN_PROGRESS');
    expect(u1.draft?.changesRequested).toMatchObject({ unitId: 'u2', comment: '请补充我单位承担的工作' });
    expect(s.units.find((u) => u.unitId === 'u2')!.deadlines.countersign.open).toBe(false);
    expect((await refusalOf(signOff(handle))).type).toBe('WRONG_STAGE');
    await draft(handle, '修改稿');
    s = await state(handle);
    u1 = s.units.find((u) => u.unitId === 'u1')!;
    expect(u1.draft?.countersigns).toEqual([expect.objectContaining({ unitId: 'u2' })]);
    expect(u1.draft?.countersigns?.[0].answer).toBeUndefined();
    expect(s.units.find((u) => u.unitId === 'u2')!.deadlines.countersign.open).toBe(true);
    await handle.executeUpdate(countersignUpdate, { args: [{ actor: clerk('u2'), agree: true }] });
    await signOff(handle);
    await reply(handle);
    s = await state(handle);
    expect(s.units.find((u) => u.unitId === 'u1')!.replies[0]).toMatchObject({
      text: '修改稿',
      signingUnits: ['u1', 'u2'],
    });
    await handle.terminate('test done');
  });

  it('deadline passing: the co-handler is escalated, the lead signs off, the letter carries the lead only', async () => {
    const { handle, caseId } = await jointCase();
    await draft(handle);
    await h.env.sleep(6 * DAY);
    const overdue = h.fake.eventsOf(caseId, { kind: 'overdue' }).filter((e) => e.clock === 'countersign');
    expect(overdue).toHaveLength(1);
    expect(overdue[0].unitId).toBe('u2');
    await signOff(handle);
    let s = await state(handle);
    expect(s.units.find((u) => u.unitId === 'u1')!.draft?.countersigns?.[0].answer).toBe('lapsed');
    const late = await refusalOf(
      handle.executeUpdate(countersignUpdate, { args: [{ actor: clerk('u2'), agree: true }] }),
    );
    expect(late.type).toBe('NOT_IN_COUNTERSIGN');
    await reply(handle);
    s = await state(handle);
    expect(s.units.find((u) => u.unitId === 'u1')!.replies[0].signingUnits).toEqual(['u1']);
    await handle.terminate('test done');
  });
});

describe('office review (审核)', () => {
  it('the reply waits for the review; the office corrects the class, old → new on record', async () => {
    const { handle, caseId } = await assignedCase(h, 'sole', [{ unitId: 'u1' }], {
      rules: { officeReview: true },
    });
    await signFor(handle, 'u1');
    await handle.executeUpdate(recordContactUpdate, {
      args: [{ actor: clerk('u1'), method: 'phone', date: await serverNow(h), by: '李处长' }],
    });
    await draft(handle, '答复', 'A');
    await signOff(handle);
    expect((await refusalOf(reply(handle))).type).toBe('REVIEW_PENDING');
    const badClass = await refusalOf(
      handle.executeUpdate(reviewReplyUpdate, {
        args: [{ actor: office, unitId: 'u1', accept: true, class: 'Z' }],
      }),
    );
    expect(badClass.type).toBe('INVALID_REPLY_CLASS');
    // returned first: back to the unit, sign-off gone
    await handle.executeUpdate(reviewReplyUpdate, {
      args: [{ actor: office, unitId: 'u1', accept: false, reason: '未说明办理措施' }],
    });
    let s = await state(handle);
    expect(s.units[0].stage).toBe('IN_PROGRESS');
    expect(s.units[0].draft).toBeUndefined();
    await draft(handle, '答复（修改）', 'A');
    await signOff(handle);
    await handle.executeUpdate(reviewReplyUpdate, {
      args: [{ actor: office, unitId: 'u1', accept: true, class: 'B' }],
    });
    await reply(handle);
    s = await state(handle);
    expect(s.units[0].replies[0]).toMatchObject({
      class: 'B',
      classCorrectedFrom: 'A',
      reviewedBy: office.id,
    });
    const reviewed = h.fake.projections
      .filter((p) => p.caseId === caseId)
      .flatMap((p) => p.detail?.events ?? [])
      .find((e) => e.type === 'ReplyReviewed');
    expect(reviewed).toMatchObject({ classFrom: 'A', classTo: 'B' });
    await maybeRecordHistory(handle, 'documents-review');
    await handle.terminate('test done');
  });
});

describe('publication (答复公开)', () => {
  it('a reply marked 主动公开 starts the clock; it outlives the closed case, escalates, and ends with publication', async () => {
    const { handle, caseId } = await assignedCase(h);
    await signFor(handle, 'u1');
    await handle.executeUpdate(recordContactUpdate, {
      args: [{ actor: clerk('u1'), method: 'phone', date: await serverNow(h), by: '李处长' }],
    });
    const refused = await refusalOf(
      draft(handle, '答复', 'A', { publicity: 'active', proposerAgreesToPublish: false }),
    );
    expect(refused.type).toBe('PUBLICATION_NOT_ALLOWED');
    await draft(handle, '答复', 'A', { publicity: 'active', proposerAgreesToPublish: true });
    await signOff(handle);
    await reply(handle);
    let s = await state(handle);
    expect(s.units[0].deadlines.publication).toMatchObject({ open: true, startEvent: 'replied' });
    await handle.executeUpdate(giveFeedbackUpdate, {
      args: [{ actor: office, unitId: 'u1', proposerId: 'p1', rating: 'satisfied' }],
    });
    s = await state(handle);
    expect(s.stage).toBe('CLOSED');
    expect(s.units[0].deadlines.publication.open).toBe(true);
    await h.env.sleep(21 * DAY);
    const overdue = h.fake.eventsOf(caseId, { kind: 'overdue' }).filter((e) => e.clock === 'publication');
    expect(overdue).toHaveLength(1);
    await handle.executeUpdate(publishReplyUpdate, {
      args: [{ actor: office, unitId: 'u1', indexNo: 'ORG-2026-00001', publisher: '市民政局' }],
    });
    const result = await handle.result();
    expect(result.stage).toBe('CLOSED');
    await maybeRecordHistory(handle, 'documents-publication');
    const last = h.fake.projections.filter((p) => p.caseId === caseId).pop()!;
    expect(last.state.units[0].replies[0].publication).toMatchObject({
      indexNo: 'ORG-2026-00001',
      publisher: '市民政局',
      method: '主动公开',
      validity: '有效',
    });
  });

  it('declined with a reason; a reply not to be disclosed cannot be published', async () => {
    const { handle } = await assignedCase(h);
    await signFor(handle, 'u1');
    await handle.executeUpdate(recordContactUpdate, {
      args: [{ actor: clerk('u1'), method: 'phone', date: await serverNow(h), by: '李处长' }],
    });
    await draft(handle, '答复', 'A', { publicity: 'none', publicityReason: '涉及个人隐私' });
    await signOff(handle);
    await reply(handle);
    expect((await state(handle)).units[0].deadlines.publication).toBeUndefined();
    const refused = await refusalOf(
      handle.executeUpdate(publishReplyUpdate, {
        args: [{ actor: office, unitId: 'u1', indexNo: 'X-1', publisher: '市民政局' }],
      }),
    );
    expect(refused.type).toBe('PUBLICATION_NOT_ALLOWED');
    await handle.executeUpdate(declinePublicationUpdate, {
      args: [{ actor: office, unitId: 'u1', reason: '涉及个人隐私' }],
    });
    expect((await state(handle)).units[0].replies[0].publication).toMatchObject({
      declinedReason: '涉及个人隐私',
    });
    await handle.terminate('test done');
  });
});

describe('a past case entered afterwards (补录)', () => {
  it('deadlines that fell due before the entry are recorded, not mailed; the entry is all or nothing', async () => {
    const now = Date.parse(await serverNow(h));
    const at = (daysAgo: number) => new Date(now - daysAgo * DAY).toISOString();
    const { handle, caseId } = await startCase(h, { registeredAt: at(120) });
    await handle.executeUpdate(recordPastUpdate, {
      args: [
        {
          actor: office,
          actions: [
            { type: 'file', number: 'P1', category: '城建', occurredAt: at(110) },
            { type: 'assign', mode: 'sole', units: [{ unitId: 'u1' }], occurredAt: at(100) },
            { type: 'signFor', unitId: 'u1', occurredAt: at(99) },
          ],
        },
      ],
    });
    const s = await state(handle);
    expect(s.units[0]).toMatchObject({ assignedAt: at(100), receivedAt: at(99) });
    // planned from the dates it happened: the main reply (90 days) fell due ten days ago
    expect(s.units[0].deadlines.mainReply.dueAt).toBe(new Date(now - 10 * DAY).toISOString());
    await h.env.sleep(1000);
    expect(h.fake.eventsOf(caseId).filter((e) => e.kind === 'overdue' || e.kind === 'reminder')).toEqual([]);
    const recorded = h.fake.projections
      .filter((p) => p.caseId === caseId && p.action === 'timers')
      .flatMap((p) => p.detail?.events ?? []);
    expect(recorded.map((e) => `${e.type}:${e.clock}`)).toEqual(
      expect.arrayContaining(['PastDueRecorded:mainReply']),
    );
    // the entries are marked as entered afterwards, by the office; no notice for them
    const entered = h.fake.projections.filter((p) => p.caseId === caseId && p.entered);
    expect(entered.map((p) => [p.action, p.at])).toEqual([
      ['file', at(110)],
      ['assign', at(100)],
      ['signFor', at(99)],
    ]);
    expect(entered.every((p) => p.entered?.by === office.id)).toBe(true);
    expect(h.fake.eventsOf(caseId, { kind: 'assigned' })).toEqual([]);
    // refused as a whole: one action out of order applies none
    const bad = await refusalOf(
      handle.executeUpdate(recordPastUpdate, {
        args: [
          {
            actor: office,
            actions: [
              {
                type: 'recordContact',
                unitId: 'u1',
                method: 'phone',
                date: at(50),
                by: '李处长',
                occurredAt: at(50),
              },
              { type: 'signFor', unitId: 'u1', occurredAt: at(60) },
            ],
          },
        ],
      }),
    );
    expect(bad.type).toBe('INVALID_DATE');
    expect((await state(handle)).units[0].contacts).toEqual([]);
    await maybeRecordHistory(handle, 'documents-past-case');
    await handle.terminate('test done');
  });
});
