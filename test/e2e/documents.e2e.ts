import { randomInt, randomUUID } from 'node:crypto';
import { docxText } from '@banli/documents';
import { findPolicy } from '@banli/domain';
import { AuditEventEntity, OutboxEntity } from '@banli/persistence';
import { loadSeeds, type SeedFixture } from '../fixtures/seeds/seeds';
import { startStack, Session, Stack } from './harness';

type Seed = SeedFixture;
const SEEDS = loadSeeds();
/** 09:00 in China on a date of the seed. */
const at = (date: string, hour = 9) =>
  new Date(`${date}T${String(hour).padStart(2, '0')}:00:00+08:00`).toISOString();
const CLASS = findPolicy('guangzhou')!.replyClasses[0].code;
const PHONE = /\d{7,}/;

/**
 * The five published replies of ../shared/seeds entered as past cases (补录) through the API: each
 * case registered and handled with the dates it happened, its letter generated as .docx and read
 * back, the published ones on the public page without a phone number; and a past case whose
 * deadlines fell due before it was entered: recorded, never mailed.
 */
describe('documents: the seeds as past cases, their letters, the public page', () => {
  let stack: Stack;
  let office: Session;
  // letters only: a tag next to a number must never make a run of digits that reads as a phone number
  const tag = Array.from({ length: 6 }, () => 'abcdefghjkmnpqrstuvwxyz'[randomInt(23)]).join('');
  const cases: Record<string, { id: string; lead: string; units: Record<string, string> }> = {};

  beforeAll(async () => {
    stack = await startStack(`e2e-documents-${randomUUID()}`);
    office = await stack.createUser('office');
  });
  afterAll(async () => {
    await stack?.close();
  });

  async function enter(n: string, seed: Seed) {
    const jurisdiction = `seed-${n}-${tag}`;
    const j = await stack.admin.http('POST', '/jurisdictions', {
      id: jurisdiction,
      name: seed.jurisdictionName,
      level: seed.place === '省' ? 'province' : 'city',
      channels: [seed.channel],
      policyId: 'guangzhou',
    });
    expect(j.status).toBe(201);
    const units: Record<string, string> = {};
    const names = [...seed.units.map((u) => u.name), ...(seed.opinionsByOffice ?? []).map((o) => o.unitName)];
    for (const [i, name] of names.entries())
      units[name] = (await stack.createUnit({ name, code: `s${n}u${i}${tag}` })).id;
    const lead = seed.units.find((u) => u.role !== 'co')!.name;
    const reg = await office.http('POST', '/proposals', {
      jurisdiction,
      channel: seed.channel,
      term: seed.term,
      session: seed.session,
      number: seed.number,
      title: seed.proposalTitle,
      proposers: seed.proposers,
      registeredAt: at(seed.dates.assignedAt, 8),
    });
    expect(reg.status).toBe(201);
    const id = reg.body.id as string;
    const detail = await office.http('GET', `/proposals/${id}`);
    const proposerIds: string[] = detail.body.proposers.map((p: { id: string }) => p.id);
    const joint = seed.mode === 'joint' || !!seed.opinionsByOffice?.length;
    const assignment = joint
      ? names.map((name) => ({ unitId: units[name], role: name === lead ? 'lead' : 'co' }))
      : [{ unitId: units[lead] }];
    const leadId = units[lead];
    const actions: Record<string, unknown>[] = [
      { type: 'file', number: seed.number, category: '社区治理', occurredAt: at(seed.dates.assignedAt, 8) },
      {
        type: 'assign',
        mode: joint ? 'joint' : 'sole',
        units: assignment,
        occurredAt: at(seed.dates.assignedAt),
      },
      ...assignment.map((u) => ({
        type: 'signFor',
        unitId: u.unitId,
        occurredAt: at(seed.dates.receivedAt),
      })),
      ...(seed.opinionsByOffice ?? []).map((o, i) => ({
        type: 'sendOpinion',
        unitId: units[o.unitName],
        text: o.text,
        occurredAt: at(seed.dates.contactAt, 10 + i),
      })),
      {
        type: 'recordContact',
        unitId: leadId,
        method: 'phone',
        date: at(seed.dates.contactAt),
        by: '经办人',
        occurredAt: at(seed.dates.contactAt, 15),
      },
      {
        type: 'draftReply',
        unitId: leadId,
        class: CLASS,
        text: seed.reply.body,
        ...(seed.reply.contactPerson ? { contactPerson: seed.reply.contactPerson } : {}),
        ...(seed.reply.contactPhone ? { contactPhone: seed.reply.contactPhone } : {}),
        ...(seed.reply.title ? { title: seed.reply.title } : {}),
        ...(seed.reply.docNumber ? { docNumber: seed.reply.docNumber } : {}),
        letterDate: seed.reply.date,
        ...(seed.publication ? { publicity: 'active', proposerAgreesToPublish: true } : {}),
        occurredAt: at(seed.dates.repliedAt, 9),
      },
      { type: 'signOffReply', unitId: leadId, occurredAt: at(seed.dates.repliedAt, 10) },
      {
        type: 'reply',
        unitId: leadId,
        ...(seed.reply.signingUnits.length > 1
          ? { signingUnits: seed.reply.signingUnits.map((name) => units[name]) }
          : {}),
        occurredAt: at(seed.dates.repliedAt, 11),
      },
      ...proposerIds.map((proposerId) => ({
        type: 'giveFeedback',
        unitId: leadId,
        proposerId,
        rating: 'satisfied',
        occurredAt: at(seed.dates.repliedAt, 16),
      })),
      ...(seed.publication
        ? [
            {
              type: 'publishReply',
              unitId: leadId,
              indexNo: seed.publication.indexNo,
              publisher: seed.publication.publisher,
              ...(seed.publication.method ? { method: seed.publication.method } : {}),
              ...(seed.publication.validity ? { validity: seed.publication.validity } : {}),
              publishedAt: at(seed.publication.publishedAt),
              occurredAt: at(seed.publication.publishedAt, 10),
            },
          ]
        : []),
    ];
    const r = await office.http('POST', `/proposals/${id}/past-actions`, { actions });
    expect([r.status, r.body.code, r.body.detail ?? r.body.message]).toEqual([200, undefined, undefined]);
    cases[n] = { id, lead: leadId, units };
    return { id, leadId, units };
  }

  it.each(SEEDS)(
    'seed $n: entered as a past case, its .docx carries what the seed prints',
    async ({ n, seed }) => {
      const { id, leadId } = await enter(n, seed);
      const file = await fetch(`${stack.url}/proposals/${id}/units/${leadId}/letter.docx`, {
        headers: { authorization: `Bearer ${office.token}` },
      });
      expect(file.status).toBe(200);
      expect(file.headers.get('content-type')).toContain('wordprocessingml');
      const text = await docxText(Buffer.from(await file.arrayBuffer()));
      const title =
        seed.reply.title ??
        (await office.http('GET', `/proposals/${id}/units/${leadId}/letter`)).body.letter.title;
      expect(text).toContain(title);
      if (n === '003' || n === '004') expect(title).toBe(seed.reply.title);
      expect(text).toContain(`${seed.reply.salutation}：`);
      for (const unit of seed.reply.signingUnits) expect(text).toContain(unit);
      const [y, m, d] = seed.reply.date.split('-').map(Number);
      expect(text).toContain(`${y}年${m}月${d}日`);
      if (seed.reply.docNumber) expect(text).toContain(seed.reply.docNumber);
      if (seed.reply.contactPerson) expect(text).toContain(seed.reply.contactPerson);
      if (seed.reply.contactPhone) expect(text).toContain(seed.reply.contactPhone);
      expect(text).toContain(seed.reply.body.split('\n')[0].slice(0, 30));
      if (n === '004') {
        // both units sign, on one line, as the seed prints them
        const line = text
          .split('\n')
          .find((l) => l.includes('中共龙泉市委组织部') && l.includes('龙泉市民政局'));
        expect(line).toBeDefined();
      }

      // the audit trail marks every action as entered afterwards, by the office, at its own date
      const audit = await stack.ds
        .getRepository(AuditEventEntity)
        .find({ where: { proposalId: id }, order: { seq: 'ASC' } });
      const entered = audit.filter((a) => a.enteredAt !== null);
      expect(entered.length).toBeGreaterThanOrEqual(6);
      expect(entered.every((a) => a.enteredBy === office.id)).toBe(true);
      expect(entered.find((a) => a.action === 'reply')?.at.toISOString()).toBe(at(seed.dates.repliedAt, 11));
      // nothing was mailed for a case entered afterwards
      const mails = await stack.ds.getRepository(OutboxEntity).count({ where: { proposalId: id } as never });
      expect(mails).toBe(0);

      // the proposer reads the letter addressed to them, never a co-handling opinion
      const detail = await office.http('GET', `/proposals/${id}`);
      const proposer = await stack.createUser('proposer', { partyId: detail.body.proposers[0].id });
      const own = await proposer.http('GET', `/proposals/${id}/units/${leadId}/letter`);
      expect([own.status, own.body.letter?.salutation]).toEqual([200, seed.reply.salutation]);
      const opinion = await proposer.http('GET', `/proposals/${id}/opinions/1/letter`);
      expect([opinion.status, opinion.body.code]).toEqual([403, 'FORBIDDEN_ROLE']);
      if (seed.opinionsByOffice?.length) {
        // an opinion the office recorded renders as 会办意见 from its unit to the lead
        const o = await fetch(`${stack.url}/proposals/${id}/opinions/1/letter.docx`, {
          headers: { authorization: `Bearer ${office.token}` },
        });
        expect(o.status).toBe(200);
        const otext = await docxText(Buffer.from(await o.arrayBuffer()));
        expect(otext).toContain('的会办意见');
        expect(otext).toContain(seed.opinionsByOffice[0].unitName);
        expect(otext).toContain(`${seed.reply.signingUnits[0]}：`);
      }
    },
  );

  it('the public page lists seeds 001 and 003 with their disclosure metadata and no phone number', async () => {
    // the database may hold other tests' published replies: read each seed's jurisdiction
    const of = async (n: string) => {
      const r = await stack.http('GET', `/public/replies?size=100&jurisdiction=seed-${n}-${tag}`);
      expect(r.status).toBe(200);
      return r.body.items as { id: string; indexNo: string; publisher: string; publishedAt: string }[];
    };
    const [s1] = await of('001');
    expect(s1).toMatchObject({ indexNo: '20240913-210917-771', publisher: '红河州民政局' });
    expect(String(s1.publishedAt)).toMatch(/^2021-11-0[12]/);
    expect((await of('003')).map((x) => x.indexNo)).toEqual(['002489524/2020-00551']);
    // unpublished seeds are nowhere
    for (const n of ['000', '002', '004']) expect(await of(n)).toEqual([]);
    const list = { body: { items: [s1, ...(await of('003'))] } };
    // no phone number anywhere (the 索引号 is the only long run of digits a response may carry;
    // ids aside too: a UUID may hold seven digits in a row)
    const phoneFree = (body: unknown) =>
      JSON.stringify(body)
        .replace(/"indexNo":"[^"]*"/g, '')
        .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, '');
    for (const item of list.body.items) {
      const one = await stack.http('GET', `/public/replies/${item.id}`);
      expect(one.status).toBe(200);
      expect(phoneFree(one.body)).not.toMatch(PHONE);
    }
    expect(phoneFree(list.body)).not.toMatch(PHONE);
    const feed = await fetch(`${stack.url}/public/feed.atom`);
    expect(await feed.text()).not.toMatch(/85159162|7761832/);
  });

  it('a past case whose deadlines fell due before it was entered: recorded, not mailed', async () => {
    const unit = await stack.createUnit({ name: `往年承办单位${tag}`, code: `past${tag}` });
    const reg = await office.http('POST', '/proposals', {
      jurisdiction: 'guangzhou',
      channel: 'npc',
      term: 16,
      session: 2,
      number: `P${tag}`,
      title: '关于往年未办结事项的建议',
      proposers: [{ kind: 'deputy', name: `往年代表${tag}` }],
      registeredAt: '2025-03-01T01:00:00.000Z',
    });
    expect(reg.status).toBe(201);
    const id = reg.body.id;
    const r = await office.http('POST', `/proposals/${id}/past-actions`, {
      actions: [
        { type: 'file', number: `P${tag}`, category: '城建', occurredAt: '2025-03-02T01:00:00.000Z' },
        {
          type: 'assign',
          mode: 'sole',
          units: [{ unitId: unit.id }],
          occurredAt: '2025-03-03T01:00:00.000Z',
        },
      ],
    });
    expect(r.status).toBe(200);
    // the worker fires what fell due meanwhile: recorded in the audit trail, nothing queued
    let timers: AuditEventEntity[] = [];
    for (let i = 0; i < 60 && timers.length === 0; i++) {
      await new Promise((res) => setTimeout(res, 500));
      timers = await stack.ds
        .getRepository(AuditEventEntity)
        .find({ where: { proposalId: id, action: 'timers' } });
    }
    const recorded = timers.flatMap(
      (t) => (t.detail as { events: { type: string; clock: string }[] }).events ?? [],
    );
    expect(recorded.map((e) => `${e.type}:${e.clock}`)).toEqual(
      expect.arrayContaining(['PastDueRecorded:signFor', 'PastDueRecorded:mainReply']),
    );
    expect(await stack.ds.getRepository(OutboxEntity).count({ where: { proposalId: id } as never })).toBe(0);
    // the case is overdue by the one definition, like any other
    const list = await office.http('GET', `/proposals?overdue=true&q=P${tag}&pageSize=100`);
    expect(list.body.items.map((x: { id: string }) => x.id)).toContain(id);

    // refused: an action dated before the last one, and one in the future
    const back = await office.http('POST', `/proposals/${id}/past-actions`, {
      actions: [{ type: 'signFor', unitId: unit.id, occurredAt: '2025-03-01T00:00:00.000Z' }],
    });
    expect([back.status, back.body.code]).toEqual([422, 'INVALID_DATE']);
    const future = await office.http('POST', `/proposals/${id}/past-actions`, {
      actions: [{ type: 'signFor', unitId: unit.id, occurredAt: '2099-01-01T00:00:00.000Z' }],
    });
    expect([future.status, future.body.code]).toEqual([422, 'INVALID_DATE']);
    const unitUser = await stack.createUser('unitStaff', { unitId: unit.id });
    const notOffice = await unitUser.http('POST', `/proposals/${id}/past-actions`, {
      actions: [{ type: 'signFor', unitId: unit.id, occurredAt: '2025-03-04T00:00:00.000Z' }],
    });
    expect(notOffice.status).toBe(403);
  });
});
