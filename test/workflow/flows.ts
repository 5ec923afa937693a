/** Multi-step flows shared by the workflow tests. */
import type { WorkflowHandle } from '@temporalio/client';
import type { AssignmentMode, UnitAssignmentInput } from '@banli/domain/lifecycle';
import {
  assignUpdate,
  draftReplyUpdate,
  fileUpdate,
  recordContactUpdate,
  replyUpdate,
  signForUpdate,
  signOffReplyUpdate,
  type proposalWorkflow,
} from '@banli/workflows/proposal.workflow';
import { clerk, type Harness, leader, office, serverNow, startCase } from './harness';

type Handle = WorkflowHandle<typeof proposalWorkflow>;

/** Registers, files and assigns a case. */
export async function assignedCase(
  h: Harness,
  mode: AssignmentMode = 'sole',
  units: UnitAssignmentInput[] = [{ unitId: 'u1' }],
  opts: Parameters<typeof startCase>[1] = {},
) {
  const c = await startCase(h, opts);
  await c.handle.executeUpdate(fileUpdate, {
    args: [{ actor: office, number: c.caseId, category: '城乡建设' }],
  });
  await c.handle.executeUpdate(assignUpdate, { args: [{ actor: office, mode, units }] });
  return c;
}

export const signFor = (handle: Handle, unitId: string) =>
  handle.executeUpdate(signForUpdate, { args: [{ actor: clerk(unitId), unitId }] });

/** Contact, draft, sign-off and reply by one unit. */
export async function replyCycle(h: Harness, handle: Handle, unitId: string, cls = 'A', text = '答复正文') {
  await handle.executeUpdate(recordContactUpdate, {
    args: [{ actor: clerk(unitId), unitId, method: 'faceToFace', date: await serverNow(h), by: '李处长' }],
  });
  await handle.executeUpdate(draftReplyUpdate, {
    args: [
      {
        actor: clerk(unitId),
        unitId,
        class: cls,
        text,
        contactPerson: '王科长',
        contactPhone: '0591-1234567',
      },
    ],
  });
  await handle.executeUpdate(signOffReplyUpdate, { args: [{ actor: leader(unitId), unitId }] });
  // unitId left out on purpose: it defaults to the acting unit.
  return handle.executeUpdate(replyUpdate, { args: [{ actor: clerk(unitId) }] });
}
