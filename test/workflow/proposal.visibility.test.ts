/**
 * Visibility on the time-skipping server: the custom search attributes are registered there, the
 * case upserts them, and after a skip past the sign-for deadline the case reads as overdue — the
 * flag offices and supervisors query (`BanliOverdue = true`). The dev-server e2e test covers the
 * same attributes through a real visibility query, where time cannot be skipped.
 */
import { temporal } from '@temporalio/proto';
import { SEARCH_ATTRIBUTES } from '@banli/temporal';
import {
  BanliKeyCase,
  BanliLeadUnit,
  BanliNextDueAt,
  BanliOverdue,
  BanliSession,
  BanliStage,
} from '@banli/workflows/search-attributes';
import {
  draftReplyUpdate,
  holdUpdate,
  markKeyCaseUpdate,
  recordContactUpdate,
  resumeUpdate,
  signOffReplyUpdate,
  urgeUpdate,
} from '@banli/workflows/proposal.workflow';
import { assignedCase, signFor } from './flows';
import {
  clerk,
  type Harness,
  leader,
  maybeRecordHistory,
  office,
  serverNow,
  startHarness,
  state,
} from './harness';

const TYPES: Record<string, temporal.api.enums.v1.IndexedValueType> = {
  Keyword: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
  Datetime: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_DATETIME,
  Bool: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_BOOL,
};

let h: Harness;
beforeAll(async () => {
  h = await startHarness('visibility');
  await h.env.connection.operatorService.addSearchAttributes({
    namespace: h.env.namespace ?? 'default',
    searchAttributes: Object.fromEntries(
      Object.entries(SEARCH_ATTRIBUTES).map(([name, type]) => [name, TYPES[type]]),
    ),
  });
});
afterAll(async () => {
  await h?.stop();
});

const attrs = async (workflowId: string) =>
  (await h.env.client.workflow.getHandle(workflowId).describe()).typedSearchAttributes;

describe('search attributes', () => {
  it('mark a case overdue once its sign-for deadline passes, and clear the flag when the unit signs for', async () => {
    const { handle } = await assignedCase(h, 'sole', [{ unitId: 'u1' }], { searchAttributes: true });
    const due = (await state(handle)).units[0].deadlines.signFor.dueAt;

    let sa = await attrs(handle.workflowId);
    expect(sa.get(BanliStage)).toBe('ASSIGNED');
    expect(sa.get(BanliLeadUnit)).toBe('u1');
    expect(sa.get(BanliSession)).toBe('14-2');
    expect(sa.get(BanliKeyCase)).toBe(false);
    expect(sa.get(BanliOverdue)).toBe(false);
    expect(sa.get(BanliNextDueAt)?.toISOString()).toBe(new Date(due).toISOString());

    await h.env.sleep('6 days'); // the fake policy gives 5 days to sign for
    sa = await attrs(handle.workflowId);
    expect(sa.get(BanliOverdue)).toBe(true);
    expect(sa.get(BanliStage)).toBe('ASSIGNED');

    await signFor(handle, 'u1');
    sa = await attrs(handle.workflowId);
    expect(sa.get(BanliOverdue)).toBe(false);
    expect(sa.get(BanliStage)).not.toBe('ASSIGNED');
    expect(sa.get(BanliNextDueAt)!.getTime()).toBeGreaterThan(Date.parse(due));
  });

  it('mean the one definition: not overdue while held, overdue again after resume, the lead by its code, SIGNED_OFF', async () => {
    const { handle } = await assignedCase(h, 'sole', [{ unitId: 'u1' }], { searchAttributes: true });
    await handle.executeUpdate(markKeyCaseUpdate, {
      args: [{ actor: office, keyCase: true, unitCodes: { u1: 'mzj' } }],
    });
    // a payload naming the unit brings its code: people search by 'mzj', not by an id
    await handle.executeUpdate(urgeUpdate, {
      args: [{ actor: office, unitId: 'u1', note: '请签收', unitCodes: { u1: 'mzj' } }],
    });
    expect((await attrs(handle.workflowId)).get(BanliLeadUnit)).toBe('mzj');
    await h.env.sleep('6 days');
    expect((await attrs(handle.workflowId)).get(BanliOverdue)).toBe(true);
    await handle.executeUpdate(holdUpdate, { args: [{ actor: office, reason: '等待调研' }] });
    let sa = await attrs(handle.workflowId);
    expect(sa.get(BanliOverdue)).toBe(false);
    expect(sa.get(BanliNextDueAt)).toBeUndefined();
    await h.env.sleep('2 days');
    await handle.executeUpdate(resumeUpdate, { args: [{ actor: office }] });
    // the sign-for deadline moved by the two days held (day 7): it is day 8, so overdue again
    expect((await attrs(handle.workflowId)).get(BanliOverdue)).toBe(true);
    await signFor(handle, 'u1');
    await handle.executeUpdate(recordContactUpdate, {
      args: [{ actor: clerk('u1'), unitId: 'u1', method: 'phone', date: await serverNow(h), by: '李' }],
    });
    await handle.executeUpdate(draftReplyUpdate, {
      args: [
        {
          actor: clerk('u1'),
          unitId: 'u1',
          class: 'A',
          text: '答复',
          contactPerson: '王',
          contactPhone: '1',
        },
      ],
    });
    expect((await attrs(handle.workflowId)).get(BanliStage)).toBe('REPLY_REVIEW');
    await handle.executeUpdate(signOffReplyUpdate, { args: [{ actor: leader('u1'), unitId: 'u1' }] });
    sa = await attrs(handle.workflowId);
    expect(sa.get(BanliStage)).toBe('SIGNED_OFF');
    expect(sa.get(BanliOverdue)).toBe(false);
    await maybeRecordHistory(handle, 'visibility');
    await handle.terminate('test done');
  });
});
