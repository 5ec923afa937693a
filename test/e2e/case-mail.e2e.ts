import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { findPolicy, lifecycleRulesOf } from '@banli/domain';
import type { Actor } from '@banli/domain/lifecycle';
import { OutboxEntity, PartyEntity, UnitEntity, UserEntity } from '@banli/persistence';
import { temporalConnectionOptions } from '@banli/temporal';
import { MailCatcher } from '../../scripts/stack/mail-catcher';
import { freePort } from '../../scripts/stack/proc';
import { scheduleIds } from '../../apps/worker/src/schedules.service';
import { nudgeMailSignal } from '@banli/workflows/mail-dispatch.workflow';
import {
  assignUpdate,
  countersignUpdate,
  draftReplyUpdate,
  fileUpdate,
  caseStateQuery,
  markKeyCaseUpdate,
  proposalWorkflow,
  recordContactUpdate,
  replyUpdate,
  sendOpinionUpdate,
  setJointReplyUpdate,
  signForUpdate,
  signOffReplyUpdate,
  urgeUpdate,
} from '@banli/workflows/proposal.workflow';
import { startStack, Stack } from './harness';

const office: Actor = { id: 'office-e2e', role: 'office' };
// CPPCC cases: a policy that covers CPPCC proposals (cn-national is NPC only)
const policy = findPolicy('guangzhou')!;

/**
 * Case mail on the Temporal dev server with the real worker (schedules on): an SMTP outage leaves
 * mail pending and the dispatcher schedule delivers it once SMTP is back; a permanent rejection is
 * recorded and never retried. Also: the case's search attributes find it in visibility.
 */
describe('case mail through the outbox and the dispatcher schedule', () => {
  let stack: Stack;
  let client: Client;
  let connection: Connection;
  const mail = new MailCatcher();
  let smtpPort: number;
  const tag = randomUUID().slice(0, 8);
  const taskQueue = `e2e-mail-${tag}`;
  const good = randomUUID();
  const bad = randomUUID();

  beforeAll(async () => {
    smtpPort = await freePort();
    await mail.start(smtpPort);
    stack = await startStack(taskQueue, { SMTP_PORT: String(smtpPort), MAIL_RETRY_BASE_SECONDS: '1' });
    await stack.ds.getRepository(UnitEntity).save([
      { id: good, code: `g-${tag}`, name: '市交通运输局', contactEmail: `jt-${tag}@example.cn` },
      { id: bad, code: `b-${tag}`, name: '市住建局', contactEmail: `nobody-${tag}@bounce.example.cn` },
    ]);
    connection = await Connection.connect(temporalConnectionOptions(stack.cfg.temporal));
    client = new Client({ connection, namespace: stack.cfg.temporal.namespace });
  });
  afterAll(async () => {
    await connection?.close();
    await stack?.close();
    await mail.stop();
  });

  async function newCase(number: string) {
    const caseId = randomUUID();
    const h = await client.workflow.start(proposalWorkflow, {
      taskQueue,
      workflowId: `proposal:guangzhou:cppcc:6-2:${number}`,
      args: [
        {
          caseId,
          jurisdiction: 'guangzhou',
          channel: 'cppcc',
          term: 6,
          session: 2,
          number,
          title: '关于优化城市公交线网的提案',
          proposers: [{ id: randomUUID(), name: '九三学社市委会', kind: 'group' }],
          policy: { id: policy.id, version: policy.version, rules: lifecycleRulesOf(policy) },
          registeredAt: new Date().toISOString(),
        },
      ],
    });
    await h.executeUpdate(fileUpdate, {
      args: [{ actor: office, number: `立${number}`, category: '城乡建设' }],
    });
    return { caseId, h };
  }

  it('keeps mail pending while SMTP is down and delivers it exactly once when the dispatcher runs after SMTP is back', async () => {
    const { caseId, h } = await newCase(`${tag}a`);
    await mail.stop();
    await h.executeUpdate(assignUpdate, {
      args: [{ actor: office, mode: 'sole', units: [{ unitId: good }] }],
    });

    const repo = stack.ds.getRepository(OutboxEntity);
    const pending = async () =>
      (await repo.findBy({ proposalId: caseId })).filter((r) => r.kind === 'assigned');
    for (let i = 0; i < 100 && !((await pending())[0]?.attempts >= 1); i++)
      await new Promise((r) => setTimeout(r, 100));
    const [row] = await pending();
    expect(row).toMatchObject({ status: 'pending', recipient: `jt-${tag}@example.cn` });
    expect(row.attempts).toBeGreaterThanOrEqual(1);
    expect(row.lastError).toBeTruthy();

    await mail.start(smtpPort);
    // The row waits out its backoff (MAIL_RETRY_BASE_SECONDS=1, doubling per attempt), and the
    // schedule's own minutely run may have added an attempt while SMTP was down, so one trigger can
    // come too early: trigger the dispatcher until it delivers.
    const toGood = (m: { to: string[] }) => m.to.includes(`jt-${tag}@example.cn`);
    const dispatcher = client.workflow.getHandle(scheduleIds(taskQueue).mailDispatch);
    for (let i = 0; i < 40 && !mail.messages.some(toGood); i++) {
      await dispatcher.signal(nudgeMailSignal);
      await new Promise((r) => setTimeout(r, 1000));
    }
    const got = await mail.waitFor(toGood, 1, 5000);
    expect(got[0].subject).toMatch(/交办/);
    // the status is written just after the SMTP server accepts the message
    for (let i = 0; i < 50 && (await pending())[0].status !== 'sent'; i++)
      await new Promise((r) => setTimeout(r, 100));
    expect((await pending())[0].status).toBe('sent');

    // further dispatcher runs send nothing again
    for (let i = 0; i < 2; i++) {
      await dispatcher.signal(nudgeMailSignal);
      await new Promise((r) => setTimeout(r, 1500));
    }
    expect(mail.messages.filter(toGood)).toHaveLength(1);

    const status = await stack.ds.getRepository(OutboxEntity).findOneByOrFail({ id: row.id });
    expect(status.sentAt).toBeTruthy();
  });

  it('records a permanent rejection on the case and does not retry it', async () => {
    mail.rejectRecipients = /bounce\.example\.cn$/;
    const { caseId, h } = await newCase(`${tag}b`);
    await h.executeUpdate(assignUpdate, {
      args: [{ actor: office, mode: 'sole', units: [{ unitId: bad }] }],
    });
    const repo = stack.ds.getRepository(OutboxEntity);
    let row: OutboxEntity | null = null;
    for (let i = 0; i < 100; i++) {
      row = await repo.findOneBy({ proposalId: caseId, kind: 'assigned' });
      if (row?.status === 'failed') break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(row).toMatchObject({ status: 'failed', attempts: 1 });
    expect(row!.lastError).toMatch(/550/);

    await client.workflow.getHandle(scheduleIds(taskQueue).mailDispatch).signal(nudgeMailSignal);
    await new Promise((r) => setTimeout(r, 1500));
    expect((await repo.findOneByOrFail({ id: row!.id })).attempts).toBe(1);
    expect(mail.messages.filter((m) => m.to.some((t) => t.endsWith('bounce.example.cn')))).toHaveLength(0);
    mail.rejectRecipients = null;
  });

  it('lets the office re-send a rejected message to a corrected address: delivered once, the old address never again', async () => {
    mail.rejectRecipients = /bounce\.example\.cn$/;
    const { caseId, h } = await newCase(`${tag}r`);
    await h.executeUpdate(assignUpdate, {
      args: [{ actor: office, mode: 'sole', units: [{ unitId: bad }] }],
    });
    const repo = stack.ds.getRepository(OutboxEntity);
    let row: OutboxEntity | null = null;
    for (let i = 0; i < 100 && row?.status !== 'failed'; i++) {
      row = await repo.findOneBy({ proposalId: caseId, kind: 'assigned' });
      if (row?.status !== 'failed') await new Promise((r) => setTimeout(r, 100));
    }
    expect(row).toMatchObject({ status: 'failed', resendCount: 0 });
    mail.rejectRecipients = null;
    const fixed = `zjj-${tag}@example.cn`;
    const api = stack.admin.http;

    const badBody = await api('POST', `/mail/${row!.id}/resend`, { recipient: 'not an address' });
    expect(badBody.status).toBe(400);
    expect(badBody.body.errors.map((e: any) => e.field)).toEqual(['recipient']);
    const missing = await api('POST', `/mail/${randomUUID()}/resend`, {});
    expect([missing.status, missing.body.code]).toEqual([404, 'NOT_FOUND']);

    const r = await api('POST', `/mail/${row!.id}/resend`, { recipient: fixed });
    expect(r.status).toBe(202);
    expect(r.body).toMatchObject({
      id: row!.id,
      status: 'pending',
      attempts: 0,
      recipient: fixed,
      originalRecipient: `nobody-${tag}@bounce.example.cn`,
      resendCount: 1,
      resentBy: stack.admin.username,
    });
    // the API nudges the dispatcher: well before the schedule's own pass (every minute) would send it
    const got = await mail.waitFor((m) => m.to.includes(fixed), 1, 8000);
    expect(got[0].subject).toMatch(/交办/);
    for (let i = 0; i < 50 && (await repo.findOneByOrFail({ id: row!.id })).status !== 'sent'; i++)
      await new Promise((res) => setTimeout(res, 100));
    expect(await repo.findOneByOrFail({ id: row!.id })).toMatchObject({ status: 'sent', attempts: 1 });

    // a sent message is not re-sent; the case's mail list shows the corrected address
    const again = await api('POST', `/mail/${row!.id}/resend`, {});
    expect([again.status, again.body.code]).toEqual([409, 'MAIL_NOT_FAILED']);
    const list = await api('GET', `/proposals/${caseId}/messages`);
    expect(list.body.find((m: any) => m.id === row!.id)).toMatchObject({ status: 'sent', recipient: fixed });
    await client.workflow.getHandle(scheduleIds(taskQueue).mailDispatch).signal(nudgeMailSignal);
    await new Promise((res) => setTimeout(res, 1500));
    expect(mail.messages.filter((m) => m.to.includes(fixed))).toHaveLength(1);
    expect(mail.messages.filter((m) => m.to.some((t) => t.endsWith('bounce.example.cn')))).toHaveLength(0);
  });

  it('asks for an address when the failed message never had one (a unit without e-mail)', async () => {
    const none = randomUUID();
    await stack.ds.getRepository(UnitEntity).save({ id: none, code: `n-${tag}`, name: '市林业局' });
    const { caseId, h } = await newCase(`${tag}n`);
    await h.executeUpdate(assignUpdate, {
      args: [{ actor: office, mode: 'sole', units: [{ unitId: none }] }],
    });
    const repo = stack.ds.getRepository(OutboxEntity);
    let row: OutboxEntity | null = null;
    for (let i = 0; i < 100 && !row; i++) {
      row = await repo.findOneBy({ proposalId: caseId, kind: 'assigned' });
      if (!row) await new Promise((r) => setTimeout(r, 100));
    }
    expect(row).toMatchObject({ status: 'failed' });
    expect(row!.lastError).toMatch(/NO_RECIPIENT/);
    const r = await stack.admin.http('POST', `/mail/${row!.id}/resend`, {});
    expect([r.status, r.body.code]).toEqual([422, 'MAIL_RECIPIENT_REQUIRED']);
    expect((await repo.findOneByOrFail({ id: row!.id })).status).toBe('failed');
  });

  it("carries a working one-click link: it opens the unit's task and signs for it, and a forged one is refused", async () => {
    const { h } = await newCase(`${tag}d`);
    await h.executeUpdate(assignUpdate, {
      args: [{ actor: office, mode: 'sole', units: [{ unitId: good }] }],
    });
    const [m] = await mail.waitFor(
      (x) => x.to.includes(`jt-${tag}@example.cn`) && x.subject.includes(`${tag}d`),
      1,
      30000,
    );
    // the mail opens the web workspace's task page, which calls GET /links/<token> and its sign-for
    const token = /\/#\/link\/([A-Za-z0-9._~-]+)/.exec(m.text)?.[1];
    expect(token).toBeTruthy();
    expect(m.html).toContain(`/#/link/${token}`);
    const path = `/links/${token}`;
    const page = await stack.http('GET', '/');
    expect(page.status).toBe(200);

    const open = await stack.http('GET', path!);
    expect(open.status).toBe(200);
    expect(JSON.stringify(open.body)).toContain('关于优化城市公交线网的提案');

    const forged = await stack.http(
      'POST',
      `${path!.slice(0, -2)}${path!.endsWith('AA') ? 'BB' : 'AA'}/sign-for`,
    );
    expect([401, 403]).toContain(forged.status);

    const sign = await stack.http('POST', `${path}/sign-for`);
    expect(sign.status).toBeLessThan(300);
    const state = await h.query(caseStateQuery);
    expect(state.units.find((u) => u.unitId === good)?.stage).not.toBe('ASSIGNED');
    expect(state.units.find((u) => u.unitId === good)?.receivedAt).toBeTruthy();
  });

  it('mails an urge (催办) and a key-case marking (重点督办) to the unit and its leader, with the note, who and the open deadlines', async () => {
    const unitId = randomUUID();
    await stack.ds.getRepository(UnitEntity).save({
      id: unitId,
      code: `u-${tag}`,
      name: '市教育局',
      contactEmail: `jy-${tag}@example.cn`,
      leaderName: '赵局长',
      leaderEmail: `jy-lead-${tag}@example.cn`,
    });
    const supId = randomUUID();
    await stack.ds.getRepository(UserEntity).save({
      id: supId,
      username: `urger-${tag}`,
      displayName: '市政协督办组',
      passwordHash: 'not-used',
      role: 'supervisor',
    });
    const { h } = await newCase(`${tag}u`);
    await h.executeUpdate(assignUpdate, { args: [{ actor: office, mode: 'sole', units: [{ unitId }] }] });
    await mail.waitFor((m) => m.to.includes(`jy-${tag}@example.cn`) && /交办/.test(m.subject), 1, 30000);
    const due = (await h.query(caseStateQuery)).units[0].deadlines.mainReply.dueAt;

    await h.executeUpdate(urgeUpdate, {
      args: [{ actor: { id: supId, role: 'supervisor' }, unitId, note: '请本周内与代表当面沟通' }],
    });
    const isUrge = (m: { subject: string }) => m.subject.startsWith('【催办】');
    const [toUnit] = await mail.waitFor((m) => m.to.includes(`jy-${tag}@example.cn`) && isUrge(m), 1, 30000);
    expect(toUnit.text).toContain('市政协督办组');
    expect(toUnit.text).toContain('请本周内与代表当面沟通');
    expect(toUnit.text).toContain('贵单位办理的');
    // the open reply deadline, as a Chinese date (24:00 Asia/Shanghai of the due day)
    const dueDay = new Date(Date.parse(due) - 1).toLocaleDateString('zh-CN', { timeZone: 'Asia/Shanghai' });
    const [y, mo, d] = dueDay.split('/').map(Number);
    expect(toUnit.text).toContain(`${y}年${mo}月${d}日`);
    expect(toUnit.text).toMatch(/#\/link\//);
    const [toLeader] = await mail.waitFor(
      (m) => m.to.includes(`jy-lead-${tag}@example.cn`) && isUrge(m),
      1,
      30000,
    );
    expect(toLeader.text).toContain('贵单位（市教育局）');

    // a second urge is a new message; the first is not sent again
    await h.executeUpdate(urgeUpdate, {
      args: [{ actor: { id: supId, role: 'supervisor' }, unitId, note: '再次催办' }],
    });
    await mail.waitFor((m) => m.to.includes(`jy-${tag}@example.cn`) && isUrge(m), 2, 30000);
    await new Promise((r) => setTimeout(r, 1000));
    const urges = mail.messages.filter((m) => m.to.includes(`jy-${tag}@example.cn`) && isUrge(m));
    expect(urges.map((m) => m.text.includes('再次催办'))).toEqual([false, true]);

    // marking it a key case (重点督办) tells the unit and its leader; un-marking sends nothing
    const sup = { id: supId, role: 'supervisor' as const };
    await h.executeUpdate(markKeyCaseUpdate, { args: [{ actor: sup, keyCase: true, note: '列入重点督办' }] });
    const isKey = (m: { subject: string }) => m.subject.startsWith('【重点督办】');
    const [key] = await mail.waitFor((m) => m.to.includes(`jy-${tag}@example.cn`) && isKey(m), 1, 30000);
    expect(key.text).toContain('列为重点督办件');
    expect(key.text).toContain('列入重点督办');
    await mail.waitFor((m) => m.to.includes(`jy-lead-${tag}@example.cn`) && isKey(m), 1, 30000);
    await h.executeUpdate(markKeyCaseUpdate, { args: [{ actor: sup, keyCase: false, note: '' }] });
    await new Promise((r) => setTimeout(r, 1500));
    expect(mail.messages.filter((m) => m.to.includes(`jy-${tag}@example.cn`) && isKey(m))).toHaveLength(1);
    const keyRows = () => stack.ds.getRepository(OutboxEntity).findBy({ kind: 'keyCase', unitId });
    for (let i = 0; i < 50 && (await keyRows()).some((r) => r.status !== 'sent'); i++)
      await new Promise((r) => setTimeout(r, 100));
    expect((await keyRows()).map((r) => r.status)).toEqual(['sent', 'sent']);
  });

  it('tells the leader a draft waits, the drafter it was signed off, and the proposer of the reply with a link to its web page', async () => {
    const unitId = randomUUID();
    await stack.ds.getRepository(UnitEntity).save({
      id: unitId,
      code: `w-${tag}`,
      name: '市卫生健康委',
      contactEmail: `wj-${tag}@example.cn`,
    });
    const users = stack.ds.getRepository(UserEntity);
    const clerkId = randomUUID();
    const leaderId = randomUUID();
    await users.save([
      {
        id: clerkId,
        username: `wj-clerk-${tag}`,
        displayName: '刘科员',
        passwordHash: 'not-used',
        role: 'unitStaff',
        unitId,
        email: `wj-clerk-${tag}@example.cn`,
      },
      {
        id: leaderId,
        username: `wj-lead-${tag}`,
        displayName: '孙主任',
        passwordHash: 'not-used',
        role: 'unitLeader',
        unitId,
        email: `wj-lead-${tag}@example.cn`,
      },
    ]);
    const partyId = randomUUID();
    await stack.ds
      .getRepository(PartyEntity)
      .save({ id: partyId, kind: 'member', name: '周委员', email: `zhou-${tag}@cppcc.example.cn` });
    const caseId = randomUUID();
    const h = await client.workflow.start(proposalWorkflow, {
      taskQueue,
      workflowId: `proposal:guangzhou:cppcc:6-2:${tag}w`,
      args: [
        {
          caseId,
          jurisdiction: 'guangzhou',
          channel: 'cppcc',
          term: 6,
          session: 2,
          number: `${tag}w`,
          title: '关于完善基层医疗服务的提案',
          proposers: [{ id: partyId, name: '周委员', kind: 'member' }],
          policy: { id: policy.id, version: policy.version, rules: lifecycleRulesOf(policy) },
          registeredAt: new Date().toISOString(),
        },
      ],
    });
    await h.executeUpdate(fileUpdate, { args: [{ actor: office, number: `立${tag}w`, category: '卫生' }] });
    await h.executeUpdate(assignUpdate, { args: [{ actor: office, mode: 'sole', units: [{ unitId }] }] });
    // the item reaches the unit with the assignment: the objection window counted from receipt
    // already has its date in the assignment mail (it no longer waits for sign-for)
    const [assigned] = await mail.waitFor(
      (m) => m.to.includes(`wj-${tag}@example.cn`) && /交办通知/.test(m.subject),
      1,
      30000,
    );
    expect(assigned.text).toMatch(/申请调整期：\d{4}年\d{1,2}月\d{1,2}日/);
    expect(assigned.text).toContain('7日，自收到交办件');

    const clerk: Actor = { id: clerkId, role: 'unit', unitId, name: '刘科员' };
    const lead: Actor = { id: leaderId, role: 'unitLeader', unitId, name: '孙主任' };
    await h.executeUpdate(signForUpdate, { args: [{ actor: clerk, unitId }] });
    await h.executeUpdate(recordContactUpdate, {
      args: [{ actor: clerk, unitId, method: 'phone', date: new Date().toISOString(), by: '刘科员' }],
    });
    await h.executeUpdate(draftReplyUpdate, {
      args: [
        {
          actor: clerk,
          unitId,
          class: 'A',
          text: '周委员：您的提案收悉，现答复如下……',
          contactPerson: '刘科员',
          contactPhone: '0437-3200000',
        },
      ],
    });
    const [waiting] = await mail.waitFor(
      (m) => m.to.includes(`wj-lead-${tag}@example.cn`) && m.subject.startsWith('【答复待签发】'),
      1,
      30000,
    );
    expect(waiting.subject).toMatch(/^【答复待签发】/);
    expect(waiting.text).toContain('刘科员');
    await h.executeUpdate(signOffReplyUpdate, { args: [{ actor: lead, unitId }] });
    const [signed] = await mail.waitFor(
      (m) => m.to.includes(`wj-clerk-${tag}@example.cn`) && m.subject.startsWith('【答复已签发】'),
      1,
      30000,
    );
    expect(signed.subject).toMatch(/^【答复已签发】/);
    expect(signed.text).toContain('孙主任');
    await h.executeUpdate(replyUpdate, { args: [{ actor: clerk, unitId }] });
    const toProposer = await mail.waitFor((m) => m.to.includes(`zhou-${tag}@cppcc.example.cn`), 2, 30000);
    for (const m of toProposer) {
      expect(m.text).toContain(`${stack.cfg.api.publicUrl}/#/cases/${caseId}`);
      expect(m.text).not.toContain(`/proposals/${caseId}`);
    }
    expect(toProposer.map((m) => m.subject.slice(0, 6)).sort()).toEqual(
      ['【征询意见】', '【答复通知】'].sort(),
    );
    // the proposer's address reached them from the party table: none of it is in the case's history
    const payloads = [...historyToJSON(await h.fetchHistory()).matchAll(/"data":\s*"([A-Za-z0-9+/=]+)"/g)]
      .map((x) => Buffer.from(x[1], 'base64').toString('utf8'))
      .join('\n');
    expect(payloads).toContain('周委员');
    expect(payloads).not.toContain(`zhou-${tag}`);
    await h.terminate('test done');
  });

  it("asks each co-handler and its leader to countersign (会签) the lead's joint draft by its deadline, tells the lead of changes asked, and sends a redraft again", async () => {
    const leadId = randomUUID();
    const coId = randomUUID();
    await stack.ds.getRepository(UnitEntity).save([
      { id: leadId, code: `hl-${tag}`, name: '市生态环境局', contactEmail: `hb-${tag}@example.cn` },
      {
        id: coId,
        code: `hc-${tag}`,
        name: '市水务局',
        contactEmail: `sw-${tag}@example.cn`,
        leaderName: '钱局长',
        leaderEmail: `sw-lead-${tag}@example.cn`,
      },
    ]);
    const { h } = await newCase(`${tag}j`);
    await h.executeUpdate(assignUpdate, {
      args: [
        {
          actor: office,
          mode: 'joint',
          units: [
            { unitId: leadId, role: 'lead' },
            { unitId: coId, role: 'co' },
          ],
        },
      ],
    });
    await h.executeUpdate(setJointReplyUpdate, { args: [{ actor: office, jointReply: true }] });
    const leadClerk: Actor = { id: `hb-clerk-${tag}`, role: 'unit', unitId: leadId };
    const coClerk: Actor = { id: `sw-clerk-${tag}`, role: 'unit', unitId: coId };
    await h.executeUpdate(signForUpdate, { args: [{ actor: leadClerk, unitId: leadId }] });
    await h.executeUpdate(signForUpdate, { args: [{ actor: coClerk, unitId: coId }] });
    await h.executeUpdate(sendOpinionUpdate, { args: [{ actor: coClerk, text: '同意主办单位意见' }] });
    await h.executeUpdate(recordContactUpdate, {
      args: [{ actor: leadClerk, method: 'phone', date: new Date().toISOString(), by: '吴科长' }],
    });
    const draft = (text: string) =>
      h.executeUpdate(draftReplyUpdate, {
        args: [{ actor: leadClerk, class: 'B', text, contactPerson: '吴科长', contactPhone: '020-83200000' }],
      });
    await draft(
      '九三学社市委会：你们提出的关于优化城市公交线网的提案收悉，经与市水务局共同研究，现答复如下……',
    );

    const isCountersign = (m: { subject: string }) => m.subject.startsWith('【会签】');
    const [toCo] = await mail.waitFor(
      (m) => m.to.includes(`sw-${tag}@example.cn`) && isCountersign(m),
      1,
      30000,
    );
    const due = (await h.query(caseStateQuery)).units.find((u) => u.unitId === coId)!.deadlines.countersign
      .dueAt;
    const dueDay = new Date(Date.parse(due) - 1).toLocaleDateString('zh-CN', { timeZone: 'Asia/Shanghai' });
    const [y, mo, d] = dueDay.split('/').map(Number);
    expect(toCo.subject).toContain('市生态环境局主办的');
    expect(toCo.subject).toContain(`${tag}j`);
    expect(toCo.subject).toMatch(new RegExp(`的答复稿请会签，会签期限${y}年${mo}月${d}日$`));
    expect(toCo.text).toContain('拟标注B类，现送贵单位会签');
    expect(toCo.text).toContain('> 九三学社市委会：你们提出的关于优化城市公交线网的提案收悉');
    // the co-handler's one-click task link
    expect(toCo.text).toMatch(/#\/link\//);
    // its leader too; the lead unit is not asked to countersign its own draft
    await mail.waitFor((m) => m.to.includes(`sw-lead-${tag}@example.cn`) && isCountersign(m), 1, 30000);
    expect(mail.messages.some((m) => m.to.includes(`hb-${tag}@example.cn`) && isCountersign(m))).toBe(false);

    await h.executeUpdate(countersignUpdate, {
      args: [{ actor: coClerk, agree: false, comment: '请补充雨污分流改造的资金安排' }],
    });
    const [changes] = await mail.waitFor(
      (m) => m.to.includes(`hb-${tag}@example.cn`) && m.subject.startsWith('【会签修改意见】市水务局'),
      1,
      30000,
    );
    expect(changes.text).toContain('> 请补充雨污分流改造的资金安排');

    // the redraft goes for countersignature again: a new message, the first not sent twice
    await draft('九三学社市委会：（修改稿）雨污分流改造资金已列入年度预算……');
    await mail.waitFor((m) => m.to.includes(`sw-${tag}@example.cn`) && isCountersign(m), 2, 30000);
    await new Promise((r) => setTimeout(r, 1000));
    const asked = mail.messages.filter((m) => m.to.includes(`sw-${tag}@example.cn`) && isCountersign(m));
    expect(asked.map((m) => m.text.includes('（修改稿）'))).toEqual([false, true]);
    const rows = await stack.ds
      .getRepository(OutboxEntity)
      .findBy({ kind: 'countersignRequested', unitId: coId });
    expect(rows).toHaveLength(4);
    await h.terminate('test done');
  });

  it('sends each supervisor a daily digest of what is due this week, once per day', async () => {
    await stack.ds.getRepository(UserEntity).save({
      id: randomUUID(),
      username: `sup-${tag}`,
      displayName: '督办组',
      passwordHash: 'not-used',
      role: 'supervisor',
      email: `sup-${tag}@gov.example.cn`,
    });
    const { h } = await newCase(`${tag}e`);
    await h.executeUpdate(assignUpdate, {
      args: [{ actor: office, mode: 'sole', units: [{ unitId: good }] }],
    });
    const digest = scheduleIds(taskQueue).dailyDigest;
    await client.schedule.getHandle(digest).trigger();
    const [m] = await mail.waitFor((x) => x.to.includes(`sup-${tag}@gov.example.cn`), 1, 30000);
    expect(m.subject).toMatch(/日报|督办|摘要|汇总/);
    expect(m.text).toContain(`${tag}e`);
    expect(m.text).toContain('市交通运输局');
    // links open the web workspace's pages, never the API's JSON
    expect(m.text).toContain(`${stack.cfg.api.publicUrl}/#/cases`);
    expect(m.text).not.toMatch(/\/proposals\//);
    await client.schedule.getHandle(digest).trigger();
    await new Promise((r) => setTimeout(r, 2000));
    expect(mail.messages.filter((x) => x.to.includes(`sup-${tag}@gov.example.cn`))).toHaveLength(1);
  });

  it('is found by its search attributes in Temporal visibility, the lead unit by its code', async () => {
    const { h } = await newCase(`${tag}c`);
    await h.executeUpdate(assignUpdate, {
      args: [{ actor: office, mode: 'sole', units: [{ unitId: good }], unitCodes: { [good]: `g-${tag}` } }],
    });
    await h.executeUpdate(markKeyCaseUpdate, {
      args: [{ actor: { id: 'sup', role: 'supervisor' }, keyCase: true, note: '重点督办' }],
    });
    const query = `WorkflowId = '${h.workflowId}' AND BanliKeyCase = true AND BanliStage = 'ASSIGNED' AND BanliLeadUnit = 'g-${tag}' AND BanliOverdue = false`;
    let found: string[] = [];
    for (let i = 0; i < 50 && found.length === 0; i++) {
      found = [];
      for await (const wf of client.workflow.list({ query })) found.push(wf.workflowId);
      if (!found.length) await new Promise((r) => setTimeout(r, 200));
    }
    expect(found).toEqual([h.workflowId]);
  });
});
