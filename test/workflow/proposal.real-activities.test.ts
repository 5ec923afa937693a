/**
 * The case workflow with its real activities: deadlines from the national policy and the shipped
 * calendar, the projection into MariaDB, and mail through the outbox to a real SMTP server —
 * on the time-skipping server, so months pass in seconds.
 */
import { randomUUID } from 'node:crypto';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { DataSource } from 'typeorm';
import { createCaseActivities } from '@banli/activities';
import { findPolicy, lifecycleRulesOf } from '@banli/domain';
import type { Actor } from '@banli/domain/lifecycle';
import { Mailer, Outbox } from '@banli/mail';
import {
  AssignmentEntity,
  AuditEventEntity,
  DeadlineEntity,
  OutboxEntity,
  overdueDutySql,
  PartyEntity,
  ProposalEntity,
  ReplyEntity,
  UnitEntity,
  UserEntity,
} from '@banli/persistence';
import { MailCatcher } from '../../scripts/stack/mail-catcher';
import { freePort } from '../../scripts/stack/proc';
import { migrate } from '../e2e/harness';
import { testConfig } from '../support/env';
import {
  assignUpdate,
  caseStateQuery,
  draftReplyUpdate,
  fileUpdate,
  proposalWorkflow,
  recordContactUpdate,
  sendOpinionUpdate,
  replyUpdate,
  signForUpdate,
  signOffReplyUpdate,
} from '@banli/workflows/proposal.workflow';
import { bundle, quietRuntime, TEST_SERVER } from './harness';

const office: Actor = { id: 'office-1', role: 'office' };
const policy = findPolicy('cn-national')!;
const rules = lifecycleRulesOf(policy);

describe('proposal workflow with real activities (MariaDB, SMTP, national policy)', () => {
  let env: TestWorkflowEnvironment;
  let ds: DataSource;
  let workflowBundle: WorkflowBundleWithSourceMap;
  const mail = new MailCatcher();
  let mailer: Mailer;
  const lead = randomUUID();
  const co = randomUUID();
  const tag = lead.slice(0, 8);

  beforeAll(async () => {
    quietRuntime();
    const port = await freePort();
    await mail.start(port);
    mailer = new Mailer({ ...testConfig().smtp, port });
    ds = await migrate(testConfig());
    await ds.getRepository(UnitEntity).save([
      {
        id: lead,
        code: `mz-${tag}`,
        name: '市民政局',
        leaderName: '李局长',
        leaderEmail: `leader-${tag}@mz.example.cn`,
        contactName: '王科长',
        contactEmail: `clerk-${tag}@mz.example.cn`,
      },
      { id: co, code: `cz-${tag}`, name: '市财政局', contactEmail: `clerk-${tag}@cz.example.cn` },
    ]);
    // the office (督查室) that receives sign-for escalations is a person managed through the API
    await ds.getRepository(UserEntity).save({
      id: randomUUID(),
      username: `dc-${tag}`,
      displayName: '督查室',
      passwordHash: 'not-used',
      role: 'office',
      email: `dc-${tag}@gov.example.cn`,
    });
    [env, workflowBundle] = await Promise.all([
      TestWorkflowEnvironment.createTimeSkipping({
        server: { executable: { type: 'existing-path', path: TEST_SERVER } },
      }),
      bundle(),
    ]);
  });

  afterAll(async () => {
    await env?.teardown();
    mailer?.close();
    await mail.stop();
    await ds?.destroy();
  });

  it('plans real deadlines, projects every transition, mails each unit, escalates when sign-for is overdue, and replies', async () => {
    const taskQueue = `real-${tag}`;
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      workflowBundle,
      activities: createCaseActivities({
        dataSource: ds,
        outbox: new Outbox(ds, mailer),
        caseLink: (id) => `https://banli.test/proposals/${id}`,
        taskLink: (id, unit) => `https://banli.test/links/${id}/${unit}`,
      }),
    });
    await worker.runUntil(async () => {
      const caseId = randomUUID();
      const start = new Date(await env.currentTimeMs()).toISOString();
      // contact details live in the party table (the API writes them), never in workflow history
      const proposerId = randomUUID();
      await ds
        .getRepository(PartyEntity)
        .insert({ id: proposerId, kind: 'deputy', name: '王征', email: `wang-${tag}@npc.example.cn` });
      const h = await env.client.workflow.start(proposalWorkflow, {
        taskQueue,
        workflowId: `proposal:cn-national:npc:14-3:${tag}`,
        args: [
          {
            caseId,
            jurisdiction: 'cn-national',
            channel: 'npc',
            term: 14,
            session: 3,
            number: tag,
            title: '关于持续推进社区减负增效工作的建议',
            proposers: [{ id: proposerId, name: '王征', kind: 'deputy' }],
            policy: { id: policy.id, version: policy.version, rules },
            registeredAt: start,
            searchAttributes: false,
          },
        ],
      });
      await h.executeUpdate(fileUpdate, {
        args: [{ actor: office, number: `立-${tag}`, category: '社会建设' }],
      });
      await h.executeUpdate(assignUpdate, {
        args: [
          {
            actor: office,
            mode: 'joint',
            units: [
              { unitId: lead, role: 'lead' },
              { unitId: co, role: 'co' },
            ],
          },
        ],
      });

      // projection: the case, both assignments and the planned deadlines with explanations
      const p = await ds.getRepository(ProposalEntity).findOneByOrFail({ id: caseId });
      expect(p.stage).toBe('ASSIGNED');
      expect(p.category).toBe('社会建设');
      const assignments = await ds.getRepository(AssignmentEntity).findBy({ proposalId: caseId });
      expect(assignments.map((a) => [a.unitId, a.role]).sort()).toEqual(
        [
          [co, 'co'],
          [lead, 'lead'],
        ].sort(),
      );
      const deadlines = await ds.getRepository(DeadlineEntity).findBy({ proposalId: caseId, scope: lead });
      const main = deadlines.find((d) => d.clock === 'mainReply')!;
      expect(main.summary).toMatch(/3个月/);
      expect((main.explanation as any).policyId).toBe('cn-national');
      expect(deadlines.find((d) => d.clock === 'signFor')).toBeDefined();
      const audit = await ds
        .getRepository(AuditEventEntity)
        .find({ where: { proposalId: caseId }, order: { seq: 'ASC' } });
      expect(audit.map((a) => a.action)).toEqual(['register', 'file', 'assign']);

      // one assignment notice per unit, with the due date in Chinese
      const notices = await mail.waitFor(
        (m) => m.to.some((t) => t.startsWith('clerk-' + tag)) && /交办/.test(m.subject),
        2,
      );
      const leadNotice = notices.find((m) => m.to.includes(`clerk-${tag}@mz.example.cn`))!;
      expect(leadNotice.text).toMatch(/\d{4}年\d{1,2}月\d{1,2}日/);
      expect(leadNotice.text).toContain(`https://banli.test/links/${caseId}/${lead}`);

      // nobody signs for: after the 3 working days the policy escalates to the office (督查), once;
      // the national policy does not escalate a late sign-for to the unit's leader
      await env.sleep('10 days');
      const overdue = await mail.waitFor(
        (m) => /逾期/.test(m.subject) && m.to.includes(`dc-${tag}@gov.example.cn`),
        2,
      );
      expect(overdue.every((m) => m.text.includes('签收'))).toBe(true);
      expect(
        overdue
          .map((m) => (m.text.includes('市民政局') ? '民政' : m.text.includes('市财政局') ? '财政' : '?'))
          .sort(),
      ).toEqual(['民政', '财政']);
      const signForRow = await ds
        .getRepository(DeadlineEntity)
        .findOneByOrFail({ proposalId: caseId, scope: lead, clock: 'signFor' });
      // the row counts (open); overdue is judged at read time by the one definition
      expect(signForRow).toMatchObject({ kind: 'duty', status: 'open' });
      const overdueRows = await ds
        .getRepository(DeadlineEntity)
        .createQueryBuilder('d')
        .where(`d.proposal_id = :caseId AND ${overdueDutySql('d')}`, {
          caseId,
          now: new Date(await env.currentTimeMs()),
        })
        .getMany();
      expect(overdueRows.map((d) => d.clock).sort()).toEqual(['signFor', 'signFor']);

      // the co-handler signs for and sends its opinion: the lead waits for it before drafting
      const coStaff: Actor = { id: 'co-clerk', role: 'unit', unitId: co };
      await h.executeUpdate(signForUpdate, { args: [{ actor: coStaff }] });
      await h.executeUpdate(sendOpinionUpdate, {
        args: [{ actor: coStaff, text: '我局同意主办单位意见。' }],
      });

      // the lead unit signs for, consults the deputy, drafts, its leader signs off, it replies
      const staff: Actor = { id: 'clerk', role: 'unit', unitId: lead };
      const leader: Actor = { id: 'leader', role: 'unitLeader', unitId: lead };
      await h.executeUpdate(signForUpdate, { args: [{ actor: staff }] });
      await h.executeUpdate(recordContactUpdate, {
        args: [{ actor: staff, method: 'faceToFace', date: start.slice(0, 10), by: '王科长' }],
      });
      await h.executeUpdate(draftReplyUpdate, {
        args: [
          {
            actor: staff,
            class: 'A',
            text: '您提出的建议已收悉，现答复如下……',
            contactPerson: '王科长',
            contactPhone: '0571-87000000',
          },
        ],
      });
      await h.executeUpdate(signOffReplyUpdate, { args: [{ actor: leader }] });
      await h.executeUpdate(replyUpdate, { args: [{ actor: staff }] });

      const reply = await ds
        .getRepository(ReplyEntity)
        .findOneByOrFail({ proposalId: caseId, unitId: lead, kind: 'reply' });
      expect(reply).toMatchObject({ replyClass: 'A', late: false, contactPerson: '王科长' });
      await mail.waitFor((m) => m.to.includes(`wang-${tag}@npc.example.cn`), 2); // reply notice + feedback request

      const state = await h.query(caseStateQuery);
      expect(state.units.find((u) => u.unitId === lead)?.stage).toBe('FEEDBACK_PENDING');

      // a retried or replayed projection never writes twice; no mail went out twice
      const rows = await ds.getRepository(OutboxEntity).findBy({ proposalId: caseId });
      expect(new Set(rows.map((r) => r.dedupeKey)).size).toBe(rows.length);
      const overdueMails = mail.messages.filter(
        (m) => /逾期/.test(m.subject) && m.to.includes(`dc-${tag}@gov.example.cn`),
      );
      expect(overdueMails).toHaveLength(2); // sign-for: lead and co-handler, one each
      // the lead's leader hears of the draft waiting for sign-off, never of the sign-for escalation
      expect(
        mail.messages
          .filter((m) => m.to.includes(`leader-${tag}@mz.example.cn`))
          .map((m) => m.subject.slice(0, 7)),
      ).toEqual(['【答复待签发】']);
    });
  });
});
