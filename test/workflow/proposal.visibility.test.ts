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
import { assignedCase, signFor } from './flows';
import { type Harness, startHarness, state } from './harness';

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
});
