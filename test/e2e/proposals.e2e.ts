import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { createTaskLink } from '@banli/links';
import { PartyEntity } from '@banli/persistence';
import { partyId } from '../../apps/api/src/proposals/proposals.service';
import { TemporalClientService } from '../../apps/api/src/temporal/temporal-client.provider';
import { startStack, Session, Stack } from './harness';

const DAY = 86_400_000;

/**
 * Registration and the case around it over HTTP: the proposers' contact details on file (kept when
 * a later registration leaves them out, untouched by a refused one), the task link's citation
 * (会后 included), unit names in the case view, and the lead unit's code in Temporal visibility.
 */
describe('proposals: parties, task link citation, units in the case view and in visibility', () => {
  let stack: Stack;
  let office: Session;
  let unit: any;
  const tag = randomUUID().slice(0, 6);
  const proposal = (number: string, proposers: unknown[], fields: Record<string, unknown> = {}) => ({
    jurisdiction: 'cn-national',
    channel: 'npc',
    term: 14,
    session: 4,
    number,
    title: `关于改善城市公交接驳的建议（${number}）`,
    proposers,
    ...fields,
  });
  const party = (name: string) =>
    stack.ds.getRepository(PartyEntity).findOneBy({ id: partyId('cn-national', 'deputy', name) });

  beforeAll(async () => {
    stack = await startStack(`e2e-proposals-${randomUUID()}`);
    office = await stack.createUser('office');
    unit = await stack.createUnit({ name: `市交通运输局${tag}` });
  });
  afterAll(async () => {
    await stack?.close();
  });

  let firstId: string;
  it("records the proposers' contact details; details left out keep what is on file", async () => {
    const name = `李代表${tag}`;
    const cosigner = `周代表${tag}`;
    const first = await office.http(
      'POST',
      '/proposals',
      proposal(`P${tag}a`, [
        { name, kind: 'deputy', email: `li-${tag}@example.cn` },
        { name: cosigner, kind: 'deputy', phone: '0431-1111111' },
      ]),
    );
    expect(first.status).toBe(201);
    firstId = first.body.id;
    expect(await party(name)).toMatchObject({
      name,
      kind: 'deputy',
      email: `li-${tag}@example.cn`,
      phone: null,
    });
    expect(await party(cosigner)).toMatchObject({ name: cosigner, email: null, phone: '0431-1111111' });

    // the same proposer on another case, without an e-mail address: the one on file stays
    const second = await office.http(
      'POST',
      '/proposals',
      proposal(`P${tag}b`, [{ name, kind: 'deputy', phone: '0431-2222222' }]),
    );
    expect(second.status).toBe(201);
    expect(await party(name)).toMatchObject({ email: `li-${tag}@example.cn`, phone: '0431-2222222' });
    const third = await office.http('POST', '/proposals', proposal(`P${tag}c`, [{ name, kind: 'deputy' }]));
    expect(third.status).toBe(201);
    expect(await party(name)).toMatchObject({ email: `li-${tag}@example.cn`, phone: '0431-2222222' });
  });

  it('a refused registration (409, number taken) changes no party', async () => {
    const name = `李代表${tag}`;
    const newcomer = `赵代表${tag}`;
    const refused = await office.http(
      'POST',
      '/proposals',
      proposal(`P${tag}a`, [
        { name, kind: 'deputy', email: `other-${tag}@example.cn`, phone: '0431-9999999' },
        { name: newcomer, kind: 'deputy', email: `zhao-${tag}@example.cn` },
      ]),
    );
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ code: 'DUPLICATE_PROPOSAL', existingId: firstId });
    expect(await party(name)).toMatchObject({ email: `li-${tag}@example.cn`, phone: '0431-2222222' });
    expect(await party(newcomer)).toBeNull();
  });

  const fileAndAssign = async (caseId: string, number: string) => {
    const filed = await office.http('POST', `/proposals/${caseId}/file`, {
      number: `立${number}`,
      category: '城乡建设',
    });
    expect(filed.status).toBe(200);
    const assigned = await office.http('POST', `/proposals/${caseId}/assign`, {
      mode: 'sole',
      units: [{ unitId: unit.id }],
    });
    expect(assigned.status).toBe(200);
  };

  let afterSession: { id: string; workflowId: string };
  it('a task link cites the case as registered: 会后 for one proposed after the session', async () => {
    const r = await office.http(
      'POST',
      '/proposals',
      proposal(`P${tag}d`, [{ name: `钱代表${tag}`, kind: 'deputy' }], { duringSession: false }),
    );
    expect(r.status).toBe(201);
    afterSession = r.body;
    await fileAndAssign(afterSession.id, `P${tag}d`);
    await fileAndAssign(firstId, `P${tag}a`);

    const view = async (caseId: string) => {
      const link = createTaskLink(caseId, unit.id, 7 * DAY, {
        secret: stack.cfg.auth.linkSecret,
        publicUrl: stack.url,
      });
      const v = await stack.http('GET', `/links/${link.token}`);
      expect(v.status).toBe(200);
      return { token: link.token, body: v.body };
    };
    const after = await view(afterSession.id);
    expect(after.body.proposal).toMatchObject({
      channel: 'npc',
      term: 14,
      session: 4,
      number: `P${tag}d`,
      duringSession: false,
      proposers: [`钱代表${tag}`],
    });
    const during = await view(firstId);
    expect(during.body.proposal).toMatchObject({ number: `P${tag}a`, duringSession: true });

    // signed for through the link: the case view names the unit on the assignment and in the audit trail
    expect((await stack.http('POST', `/links/${after.token}/sign-for`)).status).toBe(200);
    const c = await office.http('GET', `/proposals/${afterSession.id}`);
    expect(c.status).toBe(200);
    expect(c.body.duringSession).toBe(false);
    expect(c.body.assignments).toEqual([expect.objectContaining({ unitId: unit.id, unitName: unit.name })]);
    expect(c.body.audit.find((a: any) => a.action === 'signFor')).toMatchObject({
      actorId: `link:${unit.id}`,
      actorUnitId: unit.id,
      actorUnitName: unit.name,
    });
    expect(c.body.audit.find((a: any) => a.action === 'assign')).toMatchObject({
      actorId: office.id,
      actorUnitId: null,
      actorUnitName: null,
    });
  });

  it("assigning over HTTP puts the lead unit's code into Temporal visibility", async () => {
    const client: Client = await stack.api.get(TemporalClientService).client();
    const query = `WorkflowId = '${afterSession.workflowId}' AND BanliLeadUnit = '${unit.code}'`;
    const found: string[] = [];
    for (let i = 0; i < 50 && found.length === 0; i++) {
      for await (const wf of client.workflow.list({ query })) found.push(wf.workflowId);
      if (!found.length) await new Promise((r) => setTimeout(r, 200));
    }
    expect(found).toEqual([afterSession.workflowId]);
  });
});
