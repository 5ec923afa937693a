import { randomUUID } from 'node:crypto';
import { createTaskLink } from '@banli/links';
import { startStack, Session, Stack } from './harness';

const DAY = 86_400_000;

/**
 * Each role's main path over HTTP, through the real workflow: the office registers, files and
 * assigns jointly; the lead unit signs for, drafts, has its leader sign off, records contact and
 * replies; the co-handler sends its opinion and may not reply; the proposer reads the reply and
 * rates it; the supervisor lists overdue cases, urges and marks key cases; the administrator
 * manages units and accounts. Refusals come back with the workflow's code.
 */
describe('roles: office, units, proposer, supervisor, admin over HTTP', () => {
  let stack: Stack;
  const tag = randomUUID().slice(0, 6);
  let lead: any;
  let co: any;
  let office: Session;
  let leadStaff: Session;
  let leadLeader: Session;
  let coStaff: Session;
  let supervisor: Session;
  let proposer: Session;

  const register = async (number: string, proposerName: string) => {
    const r = await office.http('POST', '/proposals', {
      jurisdiction: 'cn-national',
      channel: 'npc',
      term: 14,
      session: 3,
      number,
      title: `关于加强农村寄宿制学校建设的建议（${number}）`,
      content: '建议加大投入，改善农村寄宿制学校办学条件。',
      proposers: [{ name: proposerName, kind: 'deputy', email: `${tag}@example.cn` }],
    });
    expect(r.status).toBe(201);
    return r.body.id as string;
  };

  beforeAll(async () => {
    stack = await startStack(`e2e-roles-${randomUUID()}`);
    lead = await stack.createUnit({ name: `省教育厅${tag}`, shortName: '教育厅' });
    co = await stack.createUnit({ name: `省财政厅${tag}`, shortName: '财政厅' });
    office = await stack.createUser('office');
    leadStaff = await stack.createUser('unitStaff', { unitId: lead.id });
    leadLeader = await stack.createUser('unitLeader', { unitId: lead.id });
    coStaff = await stack.createUser('unitStaff', { unitId: co.id });
    supervisor = await stack.createUser('supervisor');
  });
  afterAll(async () => {
    await stack?.close();
  });

  let caseId: string;
  it('office registers, files and assigns jointly (lead + co-handler)', async () => {
    caseId = await register(`R${tag}`, `张代表${tag}`);
    const filed = await office.http('POST', `/proposals/${caseId}/file`, {
      number: `立${tag}`,
      category: '教育',
    });
    expect(filed.status).toBe(200);
    expect(filed.body.summary.caseStage).toBe('FILED');
    expect(filed.body.seq).toBeGreaterThan(0);

    const again = await office.http('POST', `/proposals/${caseId}/file`, {
      number: `立${tag}`,
      category: '教育',
    });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('WRONG_STAGE');
    expect(again.body.detail).toMatch(/^案件已立案/);

    const unknown = await office.http('POST', `/proposals/${caseId}/assign`, {
      mode: 'sole',
      units: [{ unitId: randomUUID() }],
    });
    expect(unknown.status).toBe(422);
    expect(unknown.body.code).toBe('UNKNOWN_UNIT_ID');

    const bad = await office.http('POST', `/proposals/${caseId}/assign`, {
      mode: 'joint',
      units: [{ unitId: lead.id, role: 'lead' }],
    });
    expect(bad.status).toBe(422);
    expect(bad.body.code).toBe('INVALID_ASSIGNMENT');

    const spoof = await office.http('POST', `/proposals/${caseId}/assign`, {
      mode: 'joint',
      units: [
        { unitId: lead.id, role: 'lead' },
        { unitId: co.id, role: 'co' },
      ],
      actor: { id: 'someone-else', role: 'office' },
    });
    expect(spoof.status).toBe(400);
    expect(spoof.body.errors.map((e: any) => e.field)).toContain('actor');

    const assigned = await office.http('POST', `/proposals/${caseId}/assign`, {
      mode: 'joint',
      units: [
        { unitId: lead.id, role: 'lead' },
        { unitId: co.id, role: 'co' },
      ],
    });
    expect(assigned.status).toBe(200);
    expect(assigned.body.summary).toMatchObject({
      caseStage: 'ASSIGNED',
      mode: 'joint',
      leadUnitId: lead.id,
    });
    expect(assigned.body.summary.units.map((u: any) => [u.unitId, u.role, u.stage])).toEqual([
      [lead.id, 'lead', 'ASSIGNED'],
      [co.id, 'co', 'ASSIGNED'],
    ]);
  });

  it('the lead unit may not reply before signing for, nor sign for another unit', async () => {
    const early = await leadStaff.http('POST', `/proposals/${caseId}/reply`, {});
    expect(early.status).toBe(409);
    expect(early.body).toMatchObject({ code: 'WRONG_STAGE', detail: expect.stringMatching(/^尚未签收/) });

    const other = await leadStaff.http('POST', `/proposals/${caseId}/units/${co.id}/sign-for`);
    expect(other.status).toBe(403);
    expect(other.body.code).toBe('NOT_ASSIGNED_UNIT');
  });

  it('the lead unit signs for; the co-handler signs for, sends its opinion and is refused replying', async () => {
    const signed = await leadStaff.http('POST', `/proposals/${caseId}/units/${lead.id}/sign-for`);
    expect(signed.status).toBe(200);
    expect(signed.body.summary.units.find((u: any) => u.unitId === lead.id).stage).toBe('RECEIVED');

    expect((await coStaff.http('POST', `/proposals/${caseId}/units/${co.id}/sign-for`)).status).toBe(200);
    const opinion = await coStaff.http('POST', `/proposals/${caseId}/opinions`, {
      text: '我厅同意主办单位的办理意见，将在资金上予以支持。',
    });
    expect(opinion.status).toBe(200);
    expect(opinion.body.summary.units.find((u: any) => u.unitId === co.id).stage).toBe('OPINION_SENT');

    const reply = await coStaff.http('POST', `/proposals/${caseId}/reply`, {});
    expect(reply.status).toBe(422);
    expect(reply.body.code).toBe('NOT_LEAD_UNIT');
    expect(reply.body.detail).toMatch(/^会办单位不能直接答复/);
  });

  it('the lead records contact before it drafts, only its leader signs off, and it replies', async () => {
    const draft = {
      class: 'A',
      text: '张代表：您提出的关于加强农村寄宿制学校建设的建议收悉，现答复如下……',
      contactPerson: '李明',
      contactPhone: '0571-88000000',
    };
    const badClass = await leadStaff.http('POST', `/proposals/${caseId}/reply-draft`, {
      ...draft,
      class: 'Z',
    });
    expect(badClass.status).toBe(422);
    expect(badClass.body.code).toBe('INVALID_REPLY_CLASS');
    // contact is checked where the draft is made, not after the leader has signed it off
    const before = await leadStaff.http('GET', `/proposals/${caseId}/state`);
    expect(before.body.draftPrerequisites).toEqual({ contact: true, coOpinions: [] });
    const noContact = await leadStaff.http('POST', `/proposals/${caseId}/reply-draft`, draft);
    expect(noContact.status).toBe(422);
    expect(noContact.body).toMatchObject({
      code: 'CONTACT_REQUIRED',
      detail: expect.stringMatching(/^起草答复前须与代表委员沟通联系/),
    });

    const contact = await leadStaff.http('POST', `/proposals/${caseId}/contacts`, {
      method: 'faceToFace',
      date: new Date().toISOString(),
      by: '李明',
      note: '当面听取代表意见',
    });
    expect(contact.status).toBe(200);
    expect((await leadStaff.http('GET', `/proposals/${caseId}/state`)).body.draftPrerequisites).toEqual({
      contact: false,
      coOpinions: [],
    });
    expect((await leadStaff.http('POST', `/proposals/${caseId}/reply-draft`, draft)).status).toBe(200);

    const unsigned = await leadStaff.http('POST', `/proposals/${caseId}/reply`, {});
    expect(unsigned.status).toBe(409);
    expect(unsigned.body.code).toBe('NOT_SIGNED_OFF');

    const staffSignOff = await leadStaff.http('POST', `/proposals/${caseId}/reply-draft/sign-off`);
    expect(staffSignOff.status).toBe(403);
    expect(staffSignOff.body.code).toBe('NOT_UNIT_LEADER');
    const signedOff = await leadLeader.http('POST', `/proposals/${caseId}/reply-draft/sign-off`);
    expect(signedOff.status).toBe(200);
    // after sign-off the unit reads 已签发，待答复, in the action's answer and in the read model
    expect(signedOff.body.summary.units.find((u: any) => u.unitId === lead.id).stage).toBe('SIGNED_OFF');
    const signedView = await leadStaff.http('GET', `/proposals/${caseId}`);
    expect(signedView.body.assignments.find((a: any) => a.unitId === lead.id).stage).toBe('SIGNED_OFF');

    const mismatch = await leadStaff.http('POST', `/proposals/${caseId}/reply`, { class: 'B' });
    expect(mismatch.status).toBe(422);
    expect(mismatch.body.code).toBe('DRAFT_MISMATCH');

    const replied = await leadStaff.http('POST', `/proposals/${caseId}/reply`, {});
    expect(replied.status).toBe(200);
    expect(replied.body.summary.units.find((u: any) => u.unitId === lead.id).stage).toBe('FEEDBACK_PENDING');
    expect(replied.body.events.map((e: any) => e.type)).toContain('Replied');

    // the live state and the read model agree once the update has returned
    const live = await leadStaff.http('GET', `/proposals/${caseId}/state`);
    expect(live.status).toBe(200);
    expect(live.body.state.units.find((u: any) => u.unitId === lead.id).replies).toHaveLength(1);
    const view = await leadStaff.http('GET', `/proposals/${caseId}`);
    expect(view.status).toBe(200);
    expect(view.body.replies.find((r: any) => r.kind === 'reply')).toMatchObject({
      replyClass: 'A',
      unitId: lead.id,
    });
    expect(view.body.replies.find((r: any) => r.kind === 'opinion')).toMatchObject({ unitId: co.id });
    expect(view.body.audit.map((a: any) => a.action)).toEqual(
      expect.arrayContaining(['file', 'assign', 'signFor', 'reply']),
    );
  });

  it('the proposer reads the reply (without internal papers) and gives feedback, which closes the case', async () => {
    const parties = await stack.admin.http('GET', `/parties?q=${encodeURIComponent(`张代表${tag}`)}`);
    expect(parties.status).toBe(200);
    expect(parties.body).toHaveLength(1);
    proposer = await stack.createUser('proposer', { partyId: parties.body[0].id });

    const me = await proposer.http('GET', '/auth/me');
    expect(me.body.actor).toMatchObject({ id: parties.body[0].id, role: 'proposer' });

    const list = await proposer.http('GET', '/proposals');
    expect(list.status).toBe(200);
    expect(list.body.items.map((i: any) => i.id)).toEqual([caseId]);

    const view = await proposer.http('GET', `/proposals/${caseId}`);
    expect(view.status).toBe(200);
    expect(view.body.replies.map((r: any) => r.kind)).toEqual(['reply']);
    expect(view.body.audit).toEqual([]);
    const live = await proposer.http('GET', `/proposals/${caseId}/state`);
    expect(live.body.state.opinions).toEqual([]);

    const forOther = await proposer.http('POST', `/proposals/${caseId}/feedback`, {
      rating: 'satisfied',
      proposerId: randomUUID(),
    });
    expect(forOther.status).toBe(403);
    expect(forOther.body.code).toBe('NOT_A_PROPOSER');

    const rated = await proposer.http('POST', `/proposals/${caseId}/feedback`, {
      rating: 'satisfied',
      comment: '答复认真，表示满意',
    });
    expect(rated.status).toBe(200);
    expect(rated.body.summary.caseStage).toBe('CLOSED');

    const twice = await proposer.http('POST', `/proposals/${caseId}/feedback`, { rating: 'satisfied' });
    expect(twice.status).toBe(409);
    expect(['CASE_ENDED', 'ALREADY_RATED', 'WRONG_STAGE']).toContain(twice.body.code);
  });

  it('the office lists with filters, paging and sorting', async () => {
    const q = `/proposals?unitId=${lead.id}&replyClass=A&rating=satisfied&stage=CLOSED&channel=npc&term=14&session=3`;
    const r = await office.http('GET', q);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ total: 1, page: 1, pageSize: 20 });
    expect(r.body.items[0]).toMatchObject({ id: caseId, stage: 'CLOSED', number: `R${tag}` });
    expect(r.body.items[0].units.map((u: any) => [u.unitName, u.role])).toEqual([
      [lead.name, 'lead'],
      [co.name, 'co'],
    ]);
    expect((await office.http('GET', `/proposals?unitId=${lead.id}&rating=dissatisfied`)).body.total).toBe(0);
    const tooBig = await office.http('GET', '/proposals?pageSize=101');
    expect(tooBig.status).toBe(400);
    expect(tooBig.body.code).toBe('VALIDATION_FAILED');
    const sorted = await office.http('GET', '/proposals?sort=number&order=asc&pageSize=100');
    expect(sorted.status).toBe(200);
  });

  let case2: string;
  it("a task-mail link opens the unit's task and signs for it in one click", async () => {
    case2 = await register(`S${tag}`, `王委员${tag}`);
    expect(
      (await office.http('POST', `/proposals/${case2}/file`, { number: `立S${tag}`, category: '教育' }))
        .status,
    ).toBe(200);
    expect(
      (
        await office.http('POST', `/proposals/${case2}/assign`, {
          mode: 'sole',
          units: [{ unitId: lead.id }],
        })
      ).status,
    ).toBe(200);

    const link = createTaskLink(case2, lead.id, 7 * DAY, {
      secret: stack.cfg.auth.linkSecret,
      publicUrl: stack.url,
    });
    const view = await stack.http('GET', `/links/${link.token}`);
    expect(view.status).toBe(200);
    expect(view.body).toMatchObject({
      caseId: case2,
      unit: { id: lead.id, name: lead.name },
      allowedActions: ['open', 'signFor'],
    });
    expect(view.body.assignment.stage).toBe('ASSIGNED');
    expect(view.body.deadlines.map((d: any) => d.clock)).toContain('signFor');

    const signed = await stack.http('POST', `/links/${link.token}/sign-for`);
    expect(signed.status).toBe(200);
    expect(signed.body.summary.units[0].stage).toBe('RECEIVED');
    const again = await stack.http('POST', `/links/${link.token}/sign-for`);
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('WRONG_STAGE');
    const audit = (await office.http('GET', `/proposals/${case2}`)).body.audit.find(
      (a: any) => a.action === 'signFor',
    );
    expect(audit).toMatchObject({ actorId: `link:${lead.id}`, actorRole: 'unit' });
  });

  it("adjustment and extension requests go to the office, which decides within the policy's limits", async () => {
    const adj = await leadStaff.http('POST', `/proposals/${case2}/adjustment-requests`, {
      reason: '该事项主要由财政厅负责',
      proposedUnitId: co.id,
    });
    expect(adj.status).toBe(200);
    const blocked = await leadStaff.http('POST', `/proposals/${case2}/extension-requests`, {
      reason: '需跨部门协调',
    });
    expect(blocked.status).toBe(409);
    expect(blocked.body.code).toBe('ADJUSTMENT_PENDING');
    const rejected = await office.http('POST', `/proposals/${case2}/adjustment-decisions`, {
      unitId: lead.id,
      approve: false,
      reason: '职责所在，仍由教育厅办理',
    });
    expect(rejected.status).toBe(200);

    const state = (await office.http('GET', `/proposals/${case2}/state`)).body.state;
    const unit = state.units.find((u: any) => u.unitId === lead.id);
    const due = Date.parse(unit.deadlines.mainReply.dueAt);
    const cap = Date.parse(unit.limits.mainReplyCap);
    expect(cap).toBeGreaterThan(due);

    const requestedDueAt = new Date(due + 30 * DAY).toISOString();
    expect(
      (
        await leadStaff.http('POST', `/proposals/${case2}/extension-requests`, {
          reason: '需跨部门协调',
          requestedDueAt,
        })
      ).status,
    ).toBe(200);
    const beyond = await office.http('POST', `/proposals/${case2}/extension-decisions`, {
      unitId: lead.id,
      approve: true,
      newDueAt: new Date(cap + 10 * DAY).toISOString(),
    });
    expect(beyond.status).toBe(422);
    expect(beyond.body.code).toBe('EXTENSION_BEYOND_CAP');
    const ok = await office.http('POST', `/proposals/${case2}/extension-decisions`, {
      unitId: lead.id,
      approve: true,
      reason: '同意延期',
    });
    expect(ok.status).toBe(200);
    expect(ok.body.events.map((e: any) => e.type)).toContain('ExtensionApproved');
  });

  it('the office holds, resumes and re-applies the policy', async () => {
    expect(
      (await office.http('POST', `/proposals/${case2}/hold`, { reason: '待上级部门政策明确' })).status,
    ).toBe(200);
    const held = await leadStaff.http('POST', `/proposals/${case2}/extension-requests`, {
      reason: '再次申请',
    });
    expect(held.status).toBe(409);
    expect(held.body.code).toBe('ON_HOLD');
    expect((await office.http('POST', `/proposals/${case2}/resume`)).status).toBe(200);
    const notHeld = await office.http('POST', `/proposals/${case2}/resume`);
    expect(notHeld.status).toBe(409);
    expect(notHeld.body.code).toBe('NOT_ON_HOLD');

    const noVersion = await office.http('POST', `/proposals/${case2}/policy/reapply`, {
      reason: '政策修订',
      policyVersion: 99,
    });
    expect(noVersion.status).toBe(422);
    expect(noVersion.body.code).toBe('UNKNOWN_POLICY_VERSION');
    const reapplied = await office.http('POST', `/proposals/${case2}/policy/reapply`, {
      reason: '国务院公布新年度节假日安排',
      policyVersion: 1,
    });
    expect(reapplied.status).toBe(200);
    expect(reapplied.body.events.map((e: any) => e.type)).toContain('DeadlinesRecomputed');
  });

  it('review: returned for revision, resubmitted by its proposer, not filed; a duplicate merged keeps its proposer in view', async () => {
    const case4 = await register(`U${tag}`, `孙代表${tag}`);
    const party = (await office.http('GET', `/proposals/${case4}`)).body.proposers[0].id;
    const sun = await stack.createUser('proposer', { partyId: party });
    expect(
      (await office.http('POST', `/proposals/${case4}/return-for-revision`, { reason: '请补充具体建议' }))
        .status,
    ).toBe(200);
    const resubmitted = await sun.http('POST', `/proposals/${case4}/resubmit`);
    expect(resubmitted.status).toBe(200);
    expect(resubmitted.body.summary.caseStage).toBe('UNDER_REVIEW');
    const notFiled = await office.http('POST', `/proposals/${case4}/not-file`, {
      reason: '属于一般性意见',
      convertedTo: '社情民意',
    });
    expect(notFiled.status).toBe(200);
    expect(notFiled.body.summary.caseStage).toBe('NOT_FILED');
    const late = await sun.http('POST', `/proposals/${case4}/withdraw`, { reason: '撤回' });
    expect(late.status).toBe(409);
    expect(['CASE_ENDED', 'WRONG_STAGE']).toContain(late.body.code);

    const case5 = await register(`V${tag}`, `钱代表${tag}`);
    const qian = await stack.createUser('proposer', {
      partyId: (await office.http('GET', `/proposals/${case5}`)).body.proposers[0].id,
    });
    expect((await qian.http('GET', `/proposals/${case2}`)).status).toBe(404);
    const unknownParent = await office.http('POST', `/proposals/${case5}/merge`, {
      parentCaseId: randomUUID(),
    });
    expect(unknownParent.status).toBe(422);
    expect(unknownParent.body.code).toBe('UNKNOWN_CASE');
    const merged = await office.http('POST', `/proposals/${case5}/merge`, {
      parentCaseId: case2,
      reason: '内容相近，并案办理',
    });
    expect(merged.status).toBe(200);
    expect(merged.body.summary.caseStage).toBe('MERGED');
    // the parent now answers this proposer too, so they may follow it
    expect((await qian.http('GET', `/proposals/${case2}`)).status).toBe(200);
    const theirs = await qian.http('GET', '/proposals');
    expect(theirs.body.items.map((i: any) => i.id).sort()).toEqual([case2, case5].sort());
    for (let i = 0; i < 50; i++) {
      const live = (await office.http('GET', `/proposals/${case2}/state`)).body.state;
      if (live.proposers.length === 2) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(
      (await office.http('GET', `/proposals/${case2}/state`)).body.state.proposers.map((p: any) => p.name),
    ).toContain(`钱代表${tag}`);
  });

  it('the supervisor lists overdue cases, urges and marks key cases, but may not file', async () => {
    const case3 = await register(`T${tag}`, `赵代表${tag}`);
    expect(
      (await office.http('POST', `/proposals/${case3}/file`, { number: `立T${tag}`, category: '教育' }))
        .status,
    ).toBe(200);
    expect(
      (await office.http('POST', `/proposals/${case3}/assign`, { mode: 'sole', units: [{ unitId: co.id }] }))
        .status,
    ).toBe(200);
    // Three working days pass without a sign-for: the read model's deadline, and with it the
    // case's next due, is now behind us (as the projection would write them)
    await stack.ds.query("UPDATE deadline SET due_at = ? WHERE proposal_id = ? AND clock = 'signFor'", [
      new Date(Date.now() - DAY),
      case3,
    ]);
    await stack.ds.query('UPDATE proposal SET next_due_at = ? WHERE id = ?', [
      new Date(Date.now() - DAY),
      case3,
    ]);

    const overdue = await supervisor.http(
      'GET',
      '/proposals?overdue=true&pageSize=100&sort=nextDueAt&order=asc',
    );
    expect(overdue.status).toBe(200);
    const ids = overdue.body.items.map((i: any) => i.id);
    expect(ids).toContain(case3);
    expect(ids).not.toContain(case2);
    expect(overdue.body.items.find((i: any) => i.id === case3).overdue).toBe(true);
    const onTime = await supervisor.http('GET', `/proposals?overdue=false&unitId=${lead.id}&pageSize=100`);
    expect(onTime.body.items.map((i: any) => i.id)).toContain(case2);

    const urged = await supervisor.http('POST', `/proposals/${case3}/urge`, {
      unitId: co.id,
      note: '请于明日前签收',
    });
    expect(urged.status).toBe(200);
    expect(urged.body.events.map((e: any) => e.type)).toContain('Urged');
    expect(
      (await supervisor.http('POST', `/proposals/${case3}/key-case`, { keyCase: true, note: '列为重点督办' }))
        .status,
    ).toBe(200);
    const keyCases = await supervisor.http('GET', '/proposals?keyCase=true&pageSize=100');
    expect(keyCases.body.items.map((i: any) => i.id)).toContain(case3);

    const file = await supervisor.http('POST', `/proposals/${case3}/file`, { number: 'x', category: 'y' });
    expect(file.status).toBe(403);
    expect(file.body.code).toBe('FORBIDDEN_ROLE');

    // units see only their own cases
    const leadList = await leadStaff.http('GET', '/proposals?pageSize=100');
    expect(leadList.body.items.map((i: any) => i.id).sort()).toEqual([caseId, case2].sort());
    const coList = await coStaff.http('GET', '/proposals?pageSize=100');
    expect(coList.body.items.map((i: any) => i.id).sort()).toEqual([caseId, case3].sort());
    const awaiting = await coStaff.http('GET', '/proposals?unitStage=ASSIGNED');
    expect(awaiting.body.items.map((i: any) => i.id)).toEqual([case3]);
  });

  it('the administrator manages units and accounts', async () => {
    const created = await stack.admin.http('POST', '/units', {
      code: `gat-${tag}`,
      name: '省公安厅',
      leaderName: '陈厅长',
      leaderEmail: `leader-${tag}@gat.example.cn`,
      contactName: '周丽',
      contactEmail: `banli-${tag}@gat.example.cn`,
      contacts: [{ name: '吴强', phone: '0571-87000000', email: `wu-${tag}@gat.example.cn` }],
    });
    expect(created.status).toBe(201);
    expect(created.body.contacts).toEqual([expect.objectContaining({ name: '吴强', receivesTasks: true })]);
    const dupe = await stack.admin.http('POST', '/units', { code: `gat-${tag}`, name: '重复' });
    expect(dupe.status).toBe(409);
    expect(dupe.body.code).toBe('UNIT_CODE_TAKEN');
    const patched = await stack.admin.http('PATCH', `/units/${created.body.id}`, {
      shortName: '公安厅',
      contacts: [],
    });
    expect(patched.body).toMatchObject({ shortName: '公安厅', contacts: [] });
    expect((await office.http('GET', '/units')).body.map((u: any) => u.id)).toContain(created.body.id);
    expect((await office.http('POST', '/units', { code: `x-${tag}`, name: 'x' })).body.code).toBe(
      'FORBIDDEN_ROLE',
    );

    const inUse = await stack.admin.http('DELETE', `/units/${lead.id}`);
    expect(inUse.status).toBe(409);
    expect(inUse.body.code).toBe('UNIT_IN_USE');
    expect((await stack.admin.http('DELETE', `/units/${created.body.id}`)).status).toBe(204);
    expect((await stack.admin.http('GET', `/units/${created.body.id}`)).status).toBe(404);

    const noUnit = await stack.admin.http('POST', '/users', {
      username: `nounit-${tag}`,
      displayName: '无单位',
      password: 'password-1',
      role: 'unitStaff',
    });
    expect(noUnit.status).toBe(422);
    expect(noUnit.body.code).toBe('USER_BINDING_INVALID');
    const taken = await stack.admin.http('POST', '/users', {
      username: leadStaff.username,
      displayName: 'x',
      password: 'password-1',
      role: 'office',
    });
    expect(taken.status).toBe(409);
    expect(taken.body.code).toBe('USERNAME_TAKEN');

    const roles = await stack.admin.http('GET', '/roles');
    expect(roles.body.map((r: any) => [r.role, r.actorRole])).toEqual(
      expect.arrayContaining([
        ['admin', 'office'],
        ['unitStaff', 'unit'],
        ['unitLeader', 'unitLeader'],
        ['proposer', 'proposer'],
      ]),
    );

    const temp = await stack.createUser('office');
    const listed = await stack.admin.http('GET', '/users?role=office');
    expect(listed.body.map((u: any) => u.username)).toContain(temp.username);
    expect(listed.body[0].passwordHash).toBeUndefined();
    const off = await stack.admin.http('PATCH', `/users/${temp.id}`, { active: false });
    expect(off.body.active).toBe(false);
    const stale = await temp.http('GET', '/auth/me');
    expect(stale.status).toBe(401);
    expect(stale.body.code).toBe('TOKEN_INVALID');
    expect(
      (await stack.http('POST', '/auth/login', { username: temp.username, password: temp.password })).status,
    ).toBe(401);

    const reset = await stack.admin.http('PATCH', `/users/${temp.id}`, {
      active: true,
      password: 'a-new-password',
      role: 'supervisor',
    });
    expect(reset.body).toMatchObject({ active: true, role: 'supervisor' });
    const token = await stack.login(temp.username, 'a-new-password');
    expect((await stack.as(token)('GET', '/auth/me')).body.role).toBe('supervisor');
    expect((await stack.admin.http('DELETE', `/users/${temp.id}`)).status).toBe(204);
    expect((await stack.admin.http('GET', `/users/${temp.id}`)).status).toBe(404);

    // the old password's other sessions end; the caller continues with the token it gets back
    const other = await stack.login(leadStaff.username, leadStaff.password);
    const change = await leadStaff.http('POST', '/auth/password', {
      currentPassword: leadStaff.password,
      newPassword: 'changed-password',
    });
    expect(change.status).toBe(200);
    expect(change.body.user.id).toBe(leadStaff.id);
    for (const old of [other, leadStaff.token]) {
      const r = await stack.as(old)('GET', '/auth/me');
      expect([r.status, r.body.code]).toEqual([401, 'SESSION_REVOKED']);
    }
    expect((await stack.as(change.body.accessToken)('GET', '/auth/me')).status).toBe(200);
    const fresh = await stack.login(leadStaff.username, 'changed-password');
    expect((await stack.as(fresh)('GET', '/auth/me')).status).toBe(200);
    leadStaff.token = fresh;
    leadStaff.http = stack.as(fresh);

    // an administrator's reset ends the account's sessions too
    const before = await stack.login(leadStaff.username, 'changed-password');
    await stack.admin.http('PATCH', `/users/${leadStaff.id}`, { password: 'reset-by-admin' });
    const cut = await stack.as(before)('GET', '/auth/me');
    expect([cut.status, cut.body.code]).toEqual([401, 'SESSION_REVOKED']);
    const after = await stack.login(leadStaff.username, 'reset-by-admin');
    expect((await stack.as(after)('GET', '/auth/me')).status).toBe(200);
  });
});
