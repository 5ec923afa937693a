/**
 * Handling paths on the time-skipping server: the three assignment modes, refusals, feedback,
 * re-handling, tracking, supervision, and the full-state query.
 */
import {
  addUnitUpdate,
  caseStateQuery,
  caseSummaryQuery,
  draftReplyUpdate,
  giveFeedbackUpdate,
  markKeyCaseUpdate,
  recomputeDeadlinesUpdate,
  replyUpdate,
  reportTrackingUpdate,
  sendOpinionUpdate,
  urgeSignal,
} from '@banli/workflows/proposal.workflow';
import { assignedCase, replyCycle, signFor } from './flows';
import {
  clerk,
  DAY,
  type Harness,
  maybeRecordHistory,
  office,
  proposer,
  startHarness,
  state,
  supervisor,
} from './harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness('handling');
});
afterAll(async () => {
  await h?.stop();
});

const kinds = (caseId: string) =>
  h.fake.eventsOf(caseId).map((e) => `${e.kind}${e.unitId ? `:${e.unitId}` : ''}`);

describe('refusals', () => {
  it('replying before signing for is refused with WRONG_STAGE', async () => {
    const { handle } = await assignedCase(h);
    const err = await handle
      .executeUpdate(replyUpdate, { args: [{ actor: clerk('u1'), unitId: 'u1' }] })
      .catch((e) => e);
    expect(err.cause).toMatchObject({ type: 'WRONG_STAGE', nonRetryable: true });
    expect(err.cause.message).toBe('尚未签收，不能答复 (not signed for yet)');
    await handle.terminate('test done');
  });

  it('a co-handler replying is refused with NOT_LEAD_UNIT', async () => {
    const { handle } = await assignedCase(h, 'joint', [
      { unitId: 'lead', role: 'lead' },
      { unitId: 'co', role: 'co' },
    ]);
    await signFor(handle, 'co');
    for (const update of [replyUpdate, draftReplyUpdate]) {
      const err = await handle
        .executeUpdate(update as typeof draftReplyUpdate, {
          args: [
            {
              actor: clerk('co'),
              unitId: 'co',
              class: 'A',
              text: 'x',
              contactPerson: 'x',
              contactPhone: '1',
            },
          ],
        })
        .catch((e) => e);
      expect(err.cause).toMatchObject({ type: 'NOT_LEAD_UNIT' });
    }
    await handle.terminate('test done');
  });

  it('another unit acting is refused with NOT_ASSIGNED_UNIT', async () => {
    const { handle } = await assignedCase(h);
    const err = await signFor(handle, 'u9').catch((e) => e);
    expect(err.cause).toMatchObject({ type: 'NOT_ASSIGNED_UNIT' });
    await handle.terminate('test done');
  });
});

describe('assignment modes', () => {
  it('sole: satisfied with an A reply closes the case and ends the workflow', async () => {
    const { handle, caseId } = await assignedCase(h);
    await signFor(handle, 'u1');
    await replyCycle(h, handle, 'u1');
    await handle.executeUpdate(giveFeedbackUpdate, {
      args: [{ actor: proposer('p1'), unitId: 'u1', proposerId: 'p1', rating: 'satisfied', comment: '满意' }],
    });
    expect((await handle.result()).stage).toBe('CLOSED');
    // only events that send mail reach the mail activity: the draft to the leader, its sign-off to
    // the drafter, the reply and the feedback form to the proposer; closing sends nothing
    expect(kinds(caseId)).toEqual([
      'assigned:u1',
      'draftSubmitted:u1',
      'draftSignedOff:u1',
      'replied:u1',
      'feedbackRequested:u1',
    ]);
    // One projection per accepted transition, seq strictly increasing.
    const seqs = h.fake.projections.filter((p) => p.caseId === caseId).map((p) => p.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(new Set(seqs).size).toBe(seqs.length);
  });

  it('separate: each unit replies and is rated on its own; the case closes when both are done', async () => {
    const { handle, caseId } = await assignedCase(h, 'separate', [{ unitId: 'a' }, { unitId: 'b' }]);
    expect(h.fake.plans.filter((p) => p.caseId === caseId && p.startEvent === 'assigned')).toHaveLength(1);
    for (const u of ['a', 'b']) {
      await signFor(handle, u);
      await replyCycle(h, handle, u, 'A', `${u} 的答复`);
    }
    await handle.executeUpdate(giveFeedbackUpdate, {
      args: [{ actor: proposer('p1'), unitId: 'a', proposerId: 'p1', rating: 'satisfied' }],
    });
    expect((await handle.query(caseSummaryQuery)).caseStage).toBe('ASSIGNED');
    await handle.executeUpdate(giveFeedbackUpdate, {
      args: [{ actor: proposer('p1'), unitId: 'b', proposerId: 'p1', rating: 'satisfied' }],
    });
    expect((await handle.result()).stage).toBe('CLOSED');
    expect(h.fake.eventsOf(caseId, { kind: 'replied' }).map((e) => e.unitId)).toEqual(['a', 'b']);
  });

  it('joint: the co-handler opinion reaches the lead; only the lead replies; co-handler added later', async () => {
    const { handle, caseId } = await assignedCase(h, 'joint', [
      { unitId: 'lead', role: 'lead' },
      { unitId: 'co1', role: 'co' },
    ]);
    const added = await handle.executeUpdate(addUnitUpdate, {
      args: [{ actor: office, unitId: 'co2', role: 'co' }],
    });
    expect(added.events[0]).toMatchObject({
      type: 'UnitAdded',
      unitId: 'co2',
      role: 'co',
      modeBefore: 'joint',
      modeAfter: 'joint',
    });
    await signFor(handle, 'co1');
    await handle.executeUpdate(sendOpinionUpdate, {
      args: [{ actor: clerk('co1'), unitId: 'co1', text: '建议纳入年度计划' }],
    });
    expect(h.fake.eventsOf(caseId, { kind: 'opinionReceived' })).toMatchObject([
      { unitId: 'lead', facts: { fromUnitId: 'co1', text: '建议纳入年度计划' } },
    ]);
    await signFor(handle, 'lead');
    // co2 has sent nothing and its opinion is not due yet: the lead cannot submit a draft
    await expect(replyCycle(h, handle, 'lead')).rejects.toMatchObject({
      cause: { type: 'CO_OPINIONS_PENDING' },
    });
    // once co2's deadline has passed the lead goes ahead without it
    await h.env.sleep('31 days');
    expect(h.fake.eventsOf(caseId, { kind: 'overdue', unitId: 'co2', clock: 'coOpinion' })).toHaveLength(1);
    await replyCycle(h, handle, 'lead');
    const s = await state(handle);
    // The lead's reply makes the silent co-handler's duties moot: no escalation later.
    expect(Object.values(s.units.find((u) => u.unitId === 'co2')!.deadlines).every((d) => !d.open)).toBe(
      true,
    );
    await handle.executeUpdate(giveFeedbackUpdate, {
      args: [{ actor: proposer('p1'), unitId: 'lead', proposerId: 'p1', rating: 'satisfied' }],
    });
    const result = await handle.result();
    expect(result).toMatchObject({ stage: 'CLOSED', leadUnitId: 'lead' });
    expect(result.units.map((u) => [u.unitId, u.stage])).toEqual([
      ['lead', 'CLOSED'],
      ['co1', 'CLOSED'],
      ['co2', 'CLOSED'],
    ]);
    await maybeRecordHistory(handle, 'joint');
  });
});

describe('feedback (征询意见)', () => {
  it('dissatisfied → re-handling with its own deadline → second reply → feedback again → closed', async () => {
    const { handle, caseId } = await assignedCase(h);
    await signFor(handle, 'u1');
    await replyCycle(h, handle, 'u1');
    const r = await handle.executeUpdate(giveFeedbackUpdate, {
      args: [
        {
          actor: proposer('p1'),
          unitId: 'u1',
          proposerId: 'p1',
          rating: 'dissatisfied',
          comment: '问题未解决',
        },
      ],
    });
    expect(r.summary).toMatchObject({ stage: 'REHANDLING', units: [{ round: 2 }] });
    const rehandling = h.fake.eventsOf(caseId, { kind: 'rehandling' });
    expect(rehandling).toHaveLength(1);
    const s = await state(handle);
    expect(rehandling[0].dueAt).toBe(s.units[0].deadlines.rehandling.dueAt);
    expect(
      Date.parse(s.units[0].deadlines.rehandling.dueAt) - Date.parse(s.units[0].deadlines.rehandling.startAt),
    ).toBe(30 * DAY);

    await h.env.sleep('20 days');
    await replyCycle(h, handle, 'u1', 'A', '再次答复');
    await handle.executeUpdate(giveFeedbackUpdate, {
      args: [{ actor: proposer('p1'), unitId: 'u1', proposerId: 'p1', rating: 'satisfied' }],
    });
    expect((await handle.result()).stage).toBe('CLOSED');
    const final = await state(handle);
    expect(final.units[0].replies.map((x) => [x.round, x.text, x.late])).toEqual([
      [1, '答复正文', false],
      [2, '再次答复', false],
    ]);
    expect(final.units[0].feedback.map((f) => [f.round, f.rating])).toEqual([
      [1, 'dissatisfied'],
      [2, 'satisfied'],
    ]);
    await maybeRecordHistory(handle, 'rehandling');
  });

  it('B-class → tracking with a report deadline → report → closure', async () => {
    const { handle, caseId } = await assignedCase(h);
    await signFor(handle, 'u1');
    await replyCycle(h, handle, 'u1', 'B', '已列入明年计划');
    await handle.executeUpdate(giveFeedbackUpdate, {
      args: [{ actor: proposer('p1'), unitId: 'u1', proposerId: 'p1', rating: 'satisfied' }],
    });
    // tracking sends no mail of its own, so no mail activity runs for it
    expect(h.fake.eventsOf(caseId, { kind: 'silent' })).toHaveLength(0);
    expect((await handle.query(caseSummaryQuery)).stage).toBe('TRACKING');
    // The follow-up report is a duty like any other: it is escalated when missed.
    await h.env.sleep('61 days');
    expect(h.fake.eventsOf(caseId, { kind: 'overdue', clock: 'trackingReport' })).toHaveLength(1);
    await handle.executeUpdate(reportTrackingUpdate, {
      args: [{ actor: clerk('u1'), unitId: 'u1', text: '项目已建成', resolved: true }],
    });
    expect((await handle.result()).stage).toBe('CLOSED');
  });

  it('every co-signer of a joint proposal rates; the last rating decides', async () => {
    const { handle } = await assignedCase(h, 'sole', [{ unitId: 'u1' }], {
      proposers: [
        { id: 'p1', name: '甲' },
        { id: 'p2', name: '乙' },
      ],
    });
    await signFor(handle, 'u1');
    await replyCycle(h, handle, 'u1');
    await handle.executeUpdate(giveFeedbackUpdate, {
      args: [{ actor: proposer('p1'), unitId: 'u1', proposerId: 'p1', rating: 'satisfied' }],
    });
    const again = await handle
      .executeUpdate(giveFeedbackUpdate, {
        args: [{ actor: proposer('p1'), unitId: 'u1', proposerId: 'p1', rating: 'dissatisfied' }],
      })
      .catch((e) => e);
    expect(again.cause).toMatchObject({ type: 'ALREADY_RATED' });
    expect((await handle.query(caseSummaryQuery)).stage).toBe('FEEDBACK_PENDING');
    await handle.executeUpdate(giveFeedbackUpdate, {
      args: [{ actor: proposer('p2'), unitId: 'u1', proposerId: 'p2', rating: 'basicallySatisfied' }],
    });
    expect((await handle.result()).stage).toBe('CLOSED');
  });
});

describe('supervision and visibility', () => {
  it('urge by signal, key-case marking, recompute, and the full-state query', async () => {
    const { handle, caseId } = await assignedCase(h);
    await handle.signal(urgeSignal, { actor: supervisor, unitId: 'u1', note: '请加快办理' });
    // A refused signal is dropped without failing the workflow.
    await handle.signal(urgeSignal, { actor: clerk('u1'), note: '自己催自己' });
    const marked = await handle.executeUpdate(markKeyCaseUpdate, {
      args: [{ actor: supervisor, keyCase: true, note: '主席会议确定' }],
    });
    expect(marked.summary.keyCase).toBe(true);
    expect(kinds(caseId)).toEqual(['assigned:u1', 'urged:u1', 'keyCase']);

    const recomputed = await handle.executeUpdate(recomputeDeadlinesUpdate, {
      args: [{ actor: office, reason: '节假日安排调整' }],
    });
    expect(recomputed.events[0]).toMatchObject({ type: 'DeadlinesRecomputed', changes: [] });

    const s = await handle.query(caseStateQuery);
    expect(s).toMatchObject({
      caseId,
      stage: 'ASSIGNED',
      keyCase: true,
      mode: 'sole',
      leadUnitId: 'u1',
      proposers: [{ id: 'p1', name: '张委员' }],
      urges: [{ unitId: 'u1', note: '请加快办理', by: 'sup-1' }],
      filing: { category: '城乡建设' },
    });
    // the objection window runs from delivery, which is the assignment
    expect(Object.keys(s.units[0].deadlines).sort()).toEqual([
      'adjustmentWindow',
      'contact',
      'mainReply',
      'signFor',
    ]);
    expect(s.units[0].deliveredAt).toBe(s.units[0].assignedAt);
    expect(s.units[0].deadlines.mainReply).toMatchObject({
      open: true,
      startEvent: 'assigned',
      summary: expect.stringContaining('90 日'),
    });
    expect(s.units[0].limits).toHaveProperty('mainReplyCap');
    await handle.terminate('test done');
  });
});
