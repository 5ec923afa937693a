import { HttpStatus } from '@nestjs/common';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure, WorkflowNotFoundError } from '@temporalio/common';
import { BanliProblem } from '../common/problem';
import { problemFromWorkflowError, REFUSAL_STATUS, refusalStatus } from './refusals';

describe('workflow refusal → HTTP', () => {
  it.each([
    ['WRONG_STAGE', 409],
    ['ON_HOLD', 409],
    ['NOT_SIGNED_OFF', 409],
    ['ADJUSTMENT_WINDOW_CLOSED', 422],
    ['EXTENSION_BEYOND_CAP', 422],
    ['CONTACT_REQUIRED', 422],
    ['INVALID_COMMAND', 422],
    ['NOT_LEAD_UNIT', 422],
    ['NOT_UNIT_LEADER', 403],
    ['NOT_ASSIGNED_UNIT', 403],
    ['SOMETHING_NEW', 422],
  ])('%s → %i', (code, status) => {
    expect(refusalStatus(code)).toBe(status);
  });

  it('uses only 403, 409, 422 and 503', () => {
    expect(new Set(Object.values(REFUSAL_STATUS))).toEqual(new Set([403, 409, 422, 503]));
  });

  it("keeps the workflow's code and Chinese-first message", () => {
    const failure = ApplicationFailure.create({
      type: 'CONTACT_REQUIRED',
      message: '答复前须与代表委员沟通联系并登记 (contact …)',
      nonRetryable: true,
    });
    const p = problemFromWorkflowError(
      new WorkflowUpdateFailedError('Workflow Update failed', failure),
    ) as BanliProblem;
    expect(p).toBeInstanceOf(BanliProblem);
    expect([p.status, p.code, p.message]).toEqual([
      HttpStatus.UNPROCESSABLE_ENTITY,
      'CONTACT_REQUIRED',
      '答复前须与代表委员沟通联系并登记 (contact …)',
    ]);
  });

  it('answers 409 CASE_ENDED for a finished workflow and passes anything else through', () => {
    expect(
      (problemFromWorkflowError(new WorkflowNotFoundError('done', 'wf', undefined)) as BanliProblem).code,
    ).toBe('CASE_ENDED');
    const other = new Error('boom');
    expect(problemFromWorkflowError(other)).toBe(other);
  });
});
