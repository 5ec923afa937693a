import { WorkflowUpdateFailedError } from '@temporalio/client';
import { Worker } from '@temporalio/worker';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import {
  fileUpdate,
  mergeUpdate,
  notFileUpdate,
  withdrawUpdate,
  assignUpdate,
  caseSummaryQuery,
} from '@banli/workflows/proposal.workflow';
import {
  type Harness,
  maybeRecordHistory,
  office,
  proposer,
  startCase,
  startHarness,
  state,
  clerk,
} from './harness';

const updateEvents = (history: Parameters<typeof historyToJSON>[0]) =>
  (JSON.parse(historyToJSON(history)).events as { eventType: string }[])
    .map((e) => e.eventType)
    .filter((t) => t.includes('UPDATE'))
    .map((t) => t.replace('EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_', ''));

let h: Harness;
beforeAll(async () => {
  h = await startHarness('review');
});
afterAll(async () => {
  await h?.stop();
});

describe('review (审查)', () => {
  it('filing gives number, category and key-case flag; the refusal of a second filing never reaches history', async () => {
    const { handle, caseId } = await startCase(h);
    const r = await handle.executeUpdate(fileUpdate, {
      args: [{ actor: office, number: '006', category: '城乡建设', keyCase: true }],
    });
    expect(r.summary).toMatchObject({ caseId, stage: 'FILED', keyCase: true, seq: 1 });
    const err = await handle
      .executeUpdate(fileUpdate, { args: [{ actor: office, number: '006', category: '城乡建设' }] })
      .catch((e) => e);
    expect(err).toBeInstanceOf(WorkflowUpdateFailedError);
    expect(err.cause).toMatchObject({ type: 'WRONG_STAGE' });
    expect(err.cause.message).toMatch(/^案件已立案/);
    // Only the accepted update is in history: the refused one left no update event.
    expect(updateEvents(await handle.fetchHistory())).toEqual(['ACCEPTED', 'COMPLETED']);
    expect(h.fake.recorded.find((x) => x.caseId === caseId)).toMatchObject({
      number: expect.any(String),
      workflowId: handle.workflowId,
    });
    expect(h.fake.projections.filter((p) => p.caseId === caseId).map((p) => [p.seq, p.action, p.to])).toEqual(
      [
        [0, 'register', 'UNDER_REVIEW'],
        [1, 'file', 'FILED'],
      ],
    );
    await handle.terminate('test done');
  });

  it('runs a transition in one workflow task: its activities run inside it, none goes through the task queue', async () => {
    const { handle, caseId } = await startCase(h);
    await handle.executeUpdate(fileUpdate, { args: [{ actor: office, number: '008', category: '教育' }] });
    const events = (JSON.parse(historyToJSON(await handle.fetchHistory())).events as any[]).map(
      (e) => e.eventType.replace('EVENT_TYPE_', '') as string,
    );
    expect(events).not.toContain('ACTIVITY_TASK_SCHEDULED');
    // registration: record, project; filing: project (local activities, kept as markers)
    expect(events.filter((t) => t === 'MARKER_RECORDED').length).toBeGreaterThanOrEqual(3);
    // the filing is answered from the workflow task that accepted it
    const accepted = events.indexOf('WORKFLOW_EXECUTION_UPDATE_ACCEPTED');
    const completed = events.indexOf('WORKFLOW_EXECUTION_UPDATE_COMPLETED');
    expect(events.slice(accepted, completed).filter((t) => t === 'WORKFLOW_TASK_STARTED')).toEqual([]);
    expect(h.fake.projections.filter((p) => p.caseId === caseId).map((p) => p.action)).toEqual([
      'register',
      'file',
    ]);
    await handle.terminate('test done');
  });

  it('not filed: the workflow ends with the reason kept', async () => {
    const { handle, caseId } = await startCase(h);
    await handle.executeUpdate(notFileUpdate, {
      args: [{ actor: office, reason: '属于个人诉求', convertedTo: '委员来信' }],
    });
    const result = await handle.result();
    expect(result.stage).toBe('NOT_FILED');
    // not filing sends no mail: no mail activity runs for it (runs from before did, as 'silent')
    expect(h.fake.eventsOf(caseId, { kind: 'silent' })).toHaveLength(0);
    await maybeRecordHistory(handle, 'not-filed');
  });

  it('withdrawn by the proposer: the workflow ends', async () => {
    const { handle } = await startCase(h);
    await handle.executeUpdate(fileUpdate, { args: [{ actor: office, number: '007', category: '教育' }] });
    await handle.executeUpdate(withdrawUpdate, { args: [{ actor: proposer('p1'), reason: '问题已解决' }] });
    expect((await handle.result()).stage).toBe('WITHDRAWN');
  });

  it('merged: the child ends, the parent takes over its proposers so each gets a reply', async () => {
    const parent = await startCase(h, { proposers: [{ id: 'p9', name: '王委员' }] });
    await parent.handle.executeUpdate(fileUpdate, {
      args: [{ actor: office, number: '010', category: '交通' }],
    });
    await parent.handle.executeUpdate(assignUpdate, {
      args: [{ actor: office, mode: 'sole', units: [{ unitId: 'u1' }] }],
    });
    const child = await startCase(h, {
      proposers: [
        { id: 'p1', name: '张委员' },
        { id: 'p2', name: '李委员' },
      ],
    });
    await child.handle.executeUpdate(mergeUpdate, {
      args: [
        {
          actor: office,
          parentCaseId: parent.caseId,
          parentWorkflowId: parent.handle.workflowId,
          reason: '内容相同',
        },
      ],
    });
    expect((await child.handle.result()).stage).toBe('MERGED');
    const c = await state(child.handle);
    expect(c.mergedInto?.parentCaseId).toBe(parent.caseId);
    expect(c.proposers.map((p) => p.id)).toEqual(['p1', 'p2']);
    // The signal is fire-and-forget: query until the parent has applied it.
    let p = await state(parent.handle);
    for (let i = 0; i < 50 && p.merged.length === 0; i++) p = await state(parent.handle);
    expect(p.proposers.map((x) => [x.id, x.viaCaseId])).toEqual([
      ['p9', undefined],
      ['p1', child.caseId],
      ['p2', child.caseId],
    ]);
    expect(await parent.handle.query(caseSummaryQuery)).toMatchObject({
      stage: 'ASSIGNED',
      leadUnitId: 'u1',
    });
    await parent.handle.terminate('test done');
  });

  it('a payload without an actor is refused', async () => {
    const { handle } = await startCase(h);
    const err = await handle
      .executeUpdate(fileUpdate, { args: [{ number: '1', category: 'x' } as never] })
      .catch((e) => e);
    expect(err.cause).toMatchObject({ type: 'INVALID_COMMAND' });
    const err2 = await handle
      .executeUpdate(fileUpdate, { args: [{ actor: clerk('u1'), number: '1', category: 'x' }] })
      .catch((e) => e);
    expect(err2.cause).toMatchObject({ type: 'FORBIDDEN_ROLE' });
    await handle.terminate('test done');
  });
});

describe('start-up', () => {
  it('an update that arrives with the start waits until the proposal is recorded', async () => {
    // No worker polls this queue yet, so the first workflow task carries the start and the update.
    const queue = 'review-late-worker';
    const { handle, caseId } = await startCase({ ...h, taskQueue: queue });
    const filing = handle.executeUpdate(fileUpdate, {
      args: [{ actor: office, number: '099', category: '教育' }],
    });
    const worker = await Worker.create({
      connection: h.env.nativeConnection,
      taskQueue: queue,
      workflowBundle: h.workflowBundle,
      activities: h.fake.activities(),
    });
    await worker.runUntil(async () => {
      expect((await filing).summary.stage).toBe('FILED');
      await handle.terminate('test done');
    });
    expect(h.fake.projections.filter((p) => p.caseId === caseId).map((p) => p.action)).toEqual([
      'register',
      'file',
    ]);
    expect(h.fake.recorded.filter((r) => r.caseId === caseId)).toHaveLength(1);
  });
});
