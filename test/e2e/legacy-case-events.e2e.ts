import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { findPolicy, lifecycleRulesOf } from '@banli/domain';
import type { Actor } from '@banli/domain/lifecycle';
import { OutboxEntity, ProposalEntity, UnitEntity } from '@banli/persistence';
import { temporalConnectionOptions } from '@banli/temporal';
import type { CaseActivities } from '@banli/activities';
import { ACTIVITIES } from '../../apps/worker/src/activities.provider';
import { MailCatcher } from '../../scripts/stack/mail-catcher';
import { freePort } from '../../scripts/stack/proc';
import {
  assignUpdate,
  caseStateQuery,
  fileUpdate,
  proposalWorkflow,
} from '@banli/workflows/proposal.workflow';
import { startStack, Stack } from './harness';

const office: Actor = { id: 'office-e2e', role: 'office' };
// CPPCC cases: a policy that covers CPPCC proposals (cn-national is NPC only)
const policy = findPolicy('guangzhou')!;

/**
 * Deploy window: a case event scheduled by workflow code from before events carried their facts
 * (an activity queued, or still retrying, when the worker is upgraded) is still mailed — its facts
 * are rebuilt from the case's projected state — and events that never sent mail still send none.
 * Driven through the real worker's activities, MariaDB and SMTP.
 */
describe('case events in the old input shape (payload, no facts)', () => {
  let stack: Stack;
  let client: Client;
  let connection: Connection;
  let activities: CaseActivities;
  const mail = new MailCatcher();
  const tag = randomUUID().slice(0, 8);
  const taskQueue = `e2e-legacy-${tag}`;
  const unitId = randomUUID();
  const unitMail = `legacy-${tag}@example.cn`;
  let caseId: string;

  beforeAll(async () => {
    const smtpPort = await freePort();
    await mail.start(smtpPort);
    stack = await startStack(taskQueue, { SMTP_PORT: String(smtpPort) });
    activities = stack.worker.get<CaseActivities>(ACTIVITIES);
    await stack.ds
      .getRepository(UnitEntity)
      .save({ id: unitId, code: `l-${tag}`, name: '市水利局', contactEmail: unitMail });
    connection = await Connection.connect(temporalConnectionOptions(stack.cfg.temporal));
    client = new Client({ connection, namespace: stack.cfg.temporal.namespace });

    caseId = randomUUID();
    const h = await client.workflow.start(proposalWorkflow, {
      taskQueue,
      workflowId: `proposal:guangzhou:cppcc:6-2:${tag}`,
      args: [
        {
          caseId,
          jurisdiction: 'guangzhou',
          channel: 'cppcc',
          term: 6,
          session: 2,
          number: tag,
          title: '关于加强城区防洪排涝设施建设的提案',
          proposers: [{ id: randomUUID(), name: '民盟市委会', kind: 'group' }],
          policy: { id: policy.id, version: policy.version, rules: lifecycleRulesOf(policy) },
          registeredAt: new Date().toISOString(),
        },
      ],
    });
    await h.executeUpdate(fileUpdate, {
      args: [{ actor: office, number: `立${tag}`, category: '城乡建设' }],
    });
    await h.executeUpdate(assignUpdate, { args: [{ actor: office, mode: 'sole', units: [{ unitId }] }] });
    await mail.waitFor((m) => m.to.includes(unitMail) && /交办/.test(m.subject), 1, 30000);
    // the projected state the old activity read (and the upgrade reads) is written with the transition
    const hasUnit = async () => {
      const row = await stack.ds.getRepository(ProposalEntity).findOneBy({ id: caseId });
      return !!row?.snapshot && row.snapshot.includes(unitId);
    };
    for (let i = 0; i < 100 && !(await hasUnit()); i++) await new Promise((r) => setTimeout(r, 100));
    expect((await h.query(caseStateQuery)).units[0].unitId).toBe(unitId);
  });
  afterAll(async () => {
    await connection?.close();
    await stack?.close();
    await mail.stop();
  });

  const rows = (kind: string) =>
    stack.ds
      .getRepository(OutboxEntity)
      .findBy({ proposalId: caseId })
      .then((all) => all.filter((r) => r.kind === kind));

  it('mails an urge scheduled in the old shape, with its note', async () => {
    const at = new Date().toISOString();
    const legacy = {
      caseId,
      seq: 9001,
      kind: 'urged',
      unitId,
      payload: { event: 'Urged', at, actorId: office.id, note: '请于本周内报送办理进展' },
    };
    const result = await activities.emitCaseEvent(legacy as never);
    expect(result.queued).toBe(1);
    const [got] = await mail.waitFor(
      (m) => m.to.includes(unitMail) && m.subject.startsWith('【催办】'),
      1,
      20000,
    );
    expect(got.text).toContain('请于本周内报送办理进展');
    expect(await rows('urged')).toHaveLength(1);
  });

  it('mails a sign-for reminder scheduled in the old shape, to the unit, keyed by its offset', async () => {
    const state = await client.workflow
      .getHandle(`proposal:guangzhou:cppcc:6-2:${tag}`)
      .query(caseStateQuery);
    const signFor = state.units[0].deadlines.signFor;
    const legacy = {
      caseId,
      seq: 9002,
      kind: 'reminder',
      unitId,
      clock: 'signFor',
      dueAt: signFor.dueAt,
      payload: { daysBefore: 1, summary: signFor.summary, keyCase: false, unitStage: 'ASSIGNED' },
    };
    const result = await activities.emitCaseEvent(legacy as never);
    expect(result.queued).toBe(1);
    const reminders = await rows('signForReminder.1d.signFor');
    expect(reminders).toHaveLength(1);
    expect(reminders[0]).toMatchObject({ recipient: unitMail, unitId });
    expect(reminders[0].dueAt?.toISOString()).toBe(new Date(signFor.dueAt).toISOString());
    // the same event delivered again (an activity retry) queues nothing twice
    await activities.emitCaseEvent(legacy as never);
    expect(await rows('signForReminder.1d.signFor')).toHaveLength(1);
  });

  it('sends nothing for an old event kind that never had mail (held)', async () => {
    const before = (await stack.ds.getRepository(OutboxEntity).findBy({ proposalId: caseId })).length;
    const legacy = {
      caseId,
      seq: 9003,
      kind: 'held',
      payload: { event: 'Held', at: new Date().toISOString(), actorId: office.id, reason: '并案审查' },
    };
    expect(await activities.emitCaseEvent(legacy as never)).toEqual({ queued: 0 });
    expect(await stack.ds.getRepository(OutboxEntity).findBy({ proposalId: caseId })).toHaveLength(before);
  });
});
