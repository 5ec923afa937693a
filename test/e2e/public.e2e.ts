import { randomInt, randomUUID } from 'node:crypto';
import { SaxesParser } from 'saxes';
import { sessionRefZh } from '@banli/domain';
import { AssignmentEntity, ProposalEntity, ReplyEntity } from '@banli/persistence';
import { PublicService } from '../../apps/api/src/public/public.service';
import { Stack, startStack } from './harness';

/**
 * 答复公开 over HTTP on the real stack, without a token: only published replies (kind `reply`,
 * `published_at` set) reach the list, the detail and the Atom feed, with their disclosure metadata;
 * no phone number — the reply's contact phone, the unit's, nor one written in the letter — leaves
 * the server; an unpublished reply answers 404 exactly like an unknown one; the list's reads go
 * through idx_reply_published. Replies are written straight into the read model, as the worker's
 * projection writes them when a reply is published.
 */
describe('public: published replies, their feed, without signing in', () => {
  let stack: Stack;
  // letters only: a tag next to a number must never make a run of digits that reads as a phone number
  const tag = Array.from({ length: 6 }, () => 'abcdefghjkmnpqrstuvwxyz'[randomInt(23)]).join('');
  const term = 88;
  const s1 = randomInt(100, 10_000);
  const s2 = s1 + 1;
  const bulkSession = s1 + 2;
  const jurisdiction = 'hangzhou';
  const now = Date.now();
  const daysAgo = (d: number) => new Date(now - d * 86_400_000);
  /** Every phone number seeded anywhere: none may appear in a public answer. */
  const PHONES = ['85159162', '13812345678', '0571-87654321', '87654321', '7761832', '13900001111'];
  const LETTER = [
    '张明代表：',
    `您提出的《关于加强农村饮水安全的建议》收悉，现答复如下。${tag}`,
    '一、2025年共投入资金1200万元，新建水厂3座。',
    '感谢您对水利工作的关心和支持。',
    '联系人：李华，联系电话：85159162；手机：13812345678；传真：0571-87654321。',
  ].join('\n');

  let unitA: any;
  let unitB: any;
  const ids = {
    published: randomUUID(),
    untitled: randomUUID(),
    cppcc: randomUUID(),
    unpublished: randomUUID(),
    opinion: randomUUID(),
    notForPublication: randomUUID(),
  };

  /** The replying unit's assignment, as the projection keeps it (the statistics count from it). */
  const assign = (proposalId: string, unitId: string) =>
    stack.ds.getRepository(AssignmentEntity).insert({
      id: randomUUID(),
      proposalId,
      unitId,
      mode: 'sole',
      role: 'sole',
      stage: 'REPLIED',
      active: true,
      assignedAt: daysAgo(90),
    });

  const proposal = async (channel: 'npc' | 'cppcc', session: number, number: string, title: string) => {
    const id = randomUUID();
    await stack.ds.getRepository(ProposalEntity).insert({
      id,
      workflowId: `proposal:${jurisdiction}:${channel}:${term}-${session}:${number}:${tag}`,
      jurisdiction,
      channel,
      term,
      session,
      number,
      duringSession: true,
      title,
      content: '联系电话：7761832',
      category: '农业',
      stage: 'REPLIED',
      policyId: jurisdiction,
      policyVersion: 1,
      registeredAt: daysAgo(120),
    });
    return id;
  };

  const reply = (fields: Partial<ReplyEntity> & { id: string; proposalId: string; unitId: string }) =>
    stack.ds.getRepository(ReplyEntity).insert({
      kind: 'reply',
      round: 1,
      replyClass: 'A',
      text: LETTER,
      contactPerson: '赵联络',
      contactPhone: '85159162',
      signedBy: 'leader-1',
      signerName: '王局长',
      signerTitle: '局长',
      late: false,
      repliedAt: daysAgo(30),
      letterDate: '2026-05-10',
      publicity: 'active',
      publishAgreed: true,
      publicationMethod: '主动公开',
      validity: '有效',
      publisher: `杭州市水利局${tag}`,
      enteredByOffice: false,
      ...fields,
    });

  beforeAll(async () => {
    stack = await startStack(`e2e-public-${randomUUID()}`);
    unitA = await stack.createUnit({ name: `杭州市水利局${tag}`, contactPhone: '13900001111' });
    unitB = await stack.createUnit({ name: `杭州市农业农村局${tag}`, contactPhone: '0571-87654321' });
    const p1 = await proposal('npc', s1, '001', `关于加强农村饮水安全的建议${tag}`);
    const p2 = await proposal('npc', s1, '002', `关于发展乡村民宿的建议${tag}`);
    const p3 = await proposal('cppcc', s2, '003', `关于保护西溪湿地的提案${tag}`);
    const p4 = await proposal('npc', s1, '004', `关于尚未公开事项的建议${tag}`);
    await reply({
      id: ids.published,
      proposalId: p1,
      unitId: unitA.id,
      title: `关于市十四届人大五次会议第001号建议的答复${tag}`,
      docNumber: `杭水函〔2026〕${tag}号`,
      indexNo: `002489-${tag}-0001`,
      signingUnits: [unitA.id, unitB.id],
      publishedAt: daysAgo(2),
    });
    await reply({
      id: ids.untitled,
      proposalId: p2,
      unitId: unitB.id,
      title: null,
      docNumber: null,
      indexNo: `002489-${tag}-0002`,
      publisher: `杭州市农业农村局${tag}`,
      publishedAt: daysAgo(1),
    });
    await reply({
      id: ids.cppcc,
      proposalId: p3,
      unitId: unitA.id,
      title: `关于市政协第003号提案的答复${tag}`,
      indexNo: `002489-${tag}-0003`,
      publishedAt: daysAgo(3),
    });
    await reply({
      id: ids.unpublished,
      proposalId: p4,
      unitId: unitA.id,
      title: `未公开的答复${tag}`,
      publishedAt: null,
    });
    // not to be published (不予公开): not in the list, nor in 上网率's denominator
    const p5 = await proposal('npc', s1, '005', `关于不予公开事项的建议${tag}`);
    await reply({
      id: ids.notForPublication,
      proposalId: p5,
      unitId: unitB.id,
      publicity: 'none',
      publishedAt: null,
    });
    for (const [p, unit] of [
      [p1, unitA],
      [p2, unitB],
      [p3, unitA],
      [p4, unitA],
      [p5, unitB],
    ])
      await assign(p, unit.id);
    // a co-handler's opinion is never published, even with a stray publication date
    await reply({
      id: ids.opinion,
      proposalId: p1,
      unitId: unitB.id,
      kind: 'opinion',
      title: `会办意见${tag}`,
      publishedAt: daysAgo(1),
    });
  });
  afterAll(async () => {
    await stack?.close();
  });

  const get = (path: string) => stack.http('GET', path);
  const inS1 = `jurisdiction=${jurisdiction}&term=${term}&session=${s1}`;
  /** What must never be in a public answer: a seeded phone, any run of 7 digits, contact fields. */
  const assertNoContactData = (raw: string) => {
    for (const phone of PHONES) expect(raw).not.toContain(phone);
    // ids are UUIDs (their hex may hold digit runs); nothing else may carry 7 digits in a row
    const withoutIds = raw.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, '');
    expect(withoutIds).not.toMatch(/\d{7}/);
    for (const word of ['contactPhone', 'contactPerson', 'signer', 'replyClass', '赵联络', '王局长', '@'])
      expect(raw).not.toContain(word);
  };

  it('lists the published replies of a session, newest first, with their metadata, and no token', async () => {
    const r = await get(`/public/replies?${inS1}`);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ total: 2, page: 1, size: 20 });
    expect(r.body.items.map((i: any) => i.id)).toEqual([ids.untitled, ids.published]);
    const [untitled, published] = r.body.items;
    expect(published).toEqual({
      id: ids.published,
      caseRef: `${sessionRefZh({ channel: 'npc', term, session: s1 })}第001号`,
      channel: 'npc',
      jurisdiction: { id: jurisdiction, name: expect.stringMatching(/杭州/) },
      term,
      session: s1,
      number: '001',
      proposalTitle: `关于加强农村饮水安全的建议${tag}`,
      title: `关于市十四届人大五次会议第001号建议的答复${tag}`,
      docNumber: `杭水函〔2026〕${tag}号`,
      letterDate: '2026-05-10',
      signingUnits: [unitA.name, unitB.name],
      indexNo: `002489-${tag}-0001`,
      publisher: `杭州市水利局${tag}`,
      publishedAt: daysAgo(2).toISOString(),
      publicationMethod: '主动公开',
      validity: '有效',
    });
    expect(published.text).toBeUndefined();
    // no title of its own: the proposal's title and 的答复; the replying unit signs it
    expect(untitled).toMatchObject({
      title: `关于发展乡村民宿的建议${tag}的答复`,
      signingUnits: [unitB.name],
      docNumber: null,
    });
    expect(r.body.sessions).toEqual(
      expect.arrayContaining([
        {
          jurisdiction: { id: jurisdiction, name: expect.any(String) },
          channel: 'npc',
          term,
          session: s1,
          label: sessionRefZh({ channel: 'npc', term, session: s1 }),
          count: 2,
        },
        expect.objectContaining({ channel: 'cppcc', term, session: s2, count: 1 }),
      ]),
    );
    assertNoContactData(JSON.stringify(r.body));
  });

  it('never lists an unpublished reply or a co-handling opinion', async () => {
    const all = await get(`/public/replies?jurisdiction=${jurisdiction}&term=${term}&size=100`);
    const listed = all.body.items.map((i: any) => i.id);
    expect(listed).toEqual(expect.arrayContaining([ids.published, ids.untitled, ids.cppcc]));
    expect(listed).not.toContain(ids.unpublished);
    expect(listed).not.toContain(ids.opinion);
    expect(listed).not.toContain(ids.notForPublication);
    expect(JSON.stringify(all.body)).not.toContain(`未公开的答复${tag}`);
    expect(JSON.stringify(all.body)).not.toContain(`会办意见${tag}`);
  });

  it('shows one published reply with its redacted letter', async () => {
    const r = await get(`/public/replies/${ids.published}`);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      id: ids.published,
      indexNo: `002489-${tag}-0001`,
      publisher: `杭州市水利局${tag}`,
      publishedAt: daysAgo(2).toISOString(),
      publicationMethod: '主动公开',
      validity: '有效',
    });
    expect(r.body.text).toContain('联系电话：＊＊＊＊＊＊＊＊');
    expect(r.body.text).toContain('手机：＊＊＊＊＊＊＊＊＊＊＊');
    expect(r.body.text).toContain('2025年共投入资金1200万元');
    assertNoContactData(JSON.stringify(r.body));
  });

  it('answers 404 NOT_FOUND alike to an unpublished reply, an opinion and an unknown id; 400 to a malformed one', async () => {
    const answers = await Promise.all(
      [ids.unpublished, ids.opinion, ids.notForPublication, randomUUID()].map((id) =>
        get(`/public/replies/${id}`),
      ),
    );
    for (const r of answers) {
      expect(r.status).toBe(404);
      expect(r.headers.get('content-type')).toMatch(/application\/problem\+json/);
      expect(r.body.code).toBe('NOT_FOUND');
    }
    // the same words, apart from the id itself
    const detail = (r: any) => r.body.detail.replace(/[0-9a-f-]{36}/, '<id>');
    expect(new Set(answers.map(detail)).size).toBe(1);
    const bad = await get('/public/replies/not-a-uuid');
    expect(bad.status).toBe(400);
  });

  it.each([
    ['by proposal title', '农村饮水', 'published'],
    ['by reply title', `第003号提案的答复${tag}`, 'cppcc'],
    ['by document number', `杭水函〔2026〕${tag}`, 'published'],
    ['by index number', `002489-${tag}-0002`, 'untitled'],
    ['by unit name', `农业农村局${tag}`, 'untitled'],
  ] as const)('searches %s', async (_what, q, which) => {
    const r = await get(`/public/replies?jurisdiction=${jurisdiction}&q=${encodeURIComponent(q)}`);
    expect(r.status).toBe(200);
    expect(r.body.items.map((i: any) => i.id)).toEqual([ids[which]]);
  });

  it('takes % and _ in a search literally', async () => {
    for (const q of ['%', '_', `${tag}%`]) {
      const r = await get(`/public/replies?term=${term}&session=${s1}&q=${encodeURIComponent(q)}`);
      expect([q, r.status, r.body.total]).toEqual([q, 200, 0]);
    }
  });

  it('filters by session and by channel', async () => {
    const cppcc = await get(`/public/replies?jurisdiction=${jurisdiction}&term=${term}&channel=cppcc`);
    expect(cppcc.body.items.map((i: any) => i.id)).toEqual([ids.cppcc]);
    expect(cppcc.body.sessions.every((s: any) => s.channel === 'cppcc')).toBe(true);
    const s2only = await get(`/public/replies?jurisdiction=${jurisdiction}&term=${term}&session=${s2}`);
    expect(s2only.body.items.map((i: any) => i.id)).toEqual([ids.cppcc]);
    const paged = await get(`/public/replies?${inS1}&size=1&page=2`);
    expect(paged.body).toMatchObject({ total: 2, page: 2, size: 1 });
    expect(paged.body.items.map((i: any) => i.id)).toEqual([ids.published]);
  });

  it('counts 上网率 in the statistics: published first replies ÷ those due to be published', async () => {
    // the fixture writes the read model's rows directly, not through the projection that keeps the
    // statistics' sums: a date range makes the statistics read those rows
    const r = await stack.admin.http(
      'GET',
      `/reports/statistics?groupBy=session&jurisdiction=${jurisdiction}&term=${term}&from=2000-01-01`,
    );
    expect(r.status).toBe(200);
    // due: the three published and the unpublished 主动公开 one; not the 不予公开 one nor the opinion
    expect(r.body.total.publishedRate).toEqual({ numerator: 3, denominator: 4, rate: 0.75 });
    const cppcc = r.body.groups.find((g: any) => g.key === `${jurisdiction}|cppcc|${term}|${s2}`);
    expect(cppcc.publishedRate).toEqual({ numerator: 1, denominator: 1, rate: 1 });
    const byUnit = await stack.admin.http(
      'GET',
      `/reports/statistics?groupBy=unit&jurisdiction=${jurisdiction}&term=${term}&from=2000-01-01`,
    );
    const b = byUnit.body.groups.find((g: any) => g.key === unitB.id);
    expect(b.publishedRate).toEqual({ numerator: 1, denominator: 1, rate: 1 });
  });

  it.each([
    ['page=0', 'page'],
    ['page=10001', 'page'],
    ['page=1e300', 'page'],
    ['page=1.5', 'page'],
    ['size=0', 'size'],
    ['size=101', 'size'],
    ['size=abc', 'size'],
    [`q=${'长'.repeat(101)}`, 'q'],
    ['channel=other', 'channel'],
    ['jurisdiction=Not%20A%20Jurisdiction', 'jurisdiction'],
    ['pageSize=10', 'pageSize'],
  ])('answers 400 VALIDATION_FAILED to ?%s', async (query, field) => {
    const r = await get(`/public/replies?${query}`);
    expect(r.status).toBe(400);
    expect(r.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(r.body.code).toBe('VALIDATION_FAILED');
    expect([...new Set(r.body.errors.map((e: any) => e.field))]).toEqual([field]);
  });

  it('takes the last page and a search of exactly 100 characters', async () => {
    expect((await get('/public/replies?page=10000&size=100')).body).toMatchObject({ items: [], page: 10000 });
    expect((await get(`/public/replies?q=${'长'.repeat(100)}`)).status).toBe(200);
  });

  /** The entries of an Atom document, parsed by a strict (well-formedness checking) XML parser. */
  function parseAtom(xml: string) {
    const parser = new SaxesParser({ xmlns: true });
    const path: string[] = [];
    const feed: Record<string, string> = {};
    const entries: Record<string, string>[] = [];
    parser.on('opentag', (t) => {
      path.push(t.local);
      if (path.join('/') === 'feed') expect(t.uri).toBe('http://www.w3.org/2005/Atom');
      if (path.join('/') === 'feed/entry') entries.push({});
      if (t.local === 'link' && path[path.length - 2] === 'entry')
        entries[entries.length - 1].link = String((t.attributes.href as any).value);
    });
    parser.on('text', (text) => {
      const at = path.join('/');
      const name = path[path.length - 1];
      if (at.startsWith('feed/entry/')) {
        const e = entries[entries.length - 1];
        const key = at === 'feed/entry/author/name' ? 'author' : name;
        e[key] = (e[key] ?? '') + text;
      } else if (path.length === 2) feed[name] = (feed[name] ?? '') + text;
    });
    parser.on('closetag', () => void path.pop());
    parser.on('error', (e) => {
      throw e;
    });
    parser.write(xml).close();
    return { feed, entries };
  }

  it('serves the latest published replies as an Atom feed', async () => {
    const res = await fetch(`${stack.url}/public/feed.atom?jurisdiction=${jurisdiction}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/atom+xml; charset=utf-8');
    const xml = await res.text();
    assertNoContactData(xml);
    const { feed, entries } = parseAtom(xml);
    expect(feed.title).toContain('政协提案、人大建议答复公开');
    expect(new Date(feed.updated).toISOString()).toBe(feed.updated);
    const mine = entries.filter((e) => Object.values(ids).some((id) => e.id === `urn:uuid:${id}`));
    expect(mine.map((e) => e.id)).toEqual([
      `urn:uuid:${ids.untitled}`,
      `urn:uuid:${ids.published}`,
      `urn:uuid:${ids.cppcc}`,
    ]);
    const published = mine[1];
    expect(published).toMatchObject({
      title: `关于市十四届人大五次会议第001号建议的答复${tag}`,
      updated: daysAgo(2).toISOString(),
      author: `杭州市水利局${tag}`,
      link: `${stack.cfg.api.publicUrl}/#/public/replies/${ids.published}`,
    });
    expect(published.summary.startsWith('张明代表： 您提出的')).toBe(true);
    expect([...published.summary].length).toBeLessThanOrEqual(201);
    const bad = await get('/public/feed.atom?jurisdiction=Not%20Valid');
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(bad.body.code).toBe('VALIDATION_FAILED');
  });

  it('escapes what it writes into the feed', async () => {
    const p = await proposal('npc', s2 + 10, '009', `关于<script>&"'的建议${tag}`);
    const id = randomUUID();
    await reply({
      id,
      proposalId: p,
      unitId: unitA.id,
      title: null,
      publisher: `A&B <局>${tag}`,
      text: `正文 </summary><entry>\u0001 & 联系电话：85159162`,
      publishedAt: new Date(now + 1000),
    });
    const xml = await (await fetch(`${stack.url}/public/feed.atom`)).text();
    const { entries } = parseAtom(xml);
    const e = entries.find((x) => x.id === `urn:uuid:${id}`)!;
    expect(e.title).toBe(`关于<script>&"'的建议${tag}的答复`);
    expect(e.author).toBe(`A&B <局>${tag}`);
    expect(e.summary).toBe(`正文 </summary><entry> & 联系电话：＊＊＊＊＊＊＊＊`);
    assertNoContactData(xml);
    await stack.ds.getRepository(ReplyEntity).delete({ id });
  });

  it('reads the list through idx_reply_published, not the whole reply table', async () => {
    // thousands of unpublished replies and a session of published ones
    const values: string[] = [];
    for (let i = 0; i < 3000; i++)
      values.push(
        `('${randomUUID()}', '${randomUUID()}', '${unitA.id}', 'reply', 1, '正文', NOW(3), NULL, 'active')`,
      );
    await stack.ds.query(
      `INSERT INTO reply (id, proposal_id, unit_id, kind, round, text, replied_at, published_at, publicity) VALUES ${values.join(',')}`,
    );
    for (let i = 0; i < 60; i++) {
      const p = await proposal('npc', bulkSession, String(100 + i), `批量建议${i}`);
      await reply({ id: randomUUID(), proposalId: p, unitId: unitB.id, publishedAt: daysAgo(10 + i) });
    }
    await stack.ds.query('ANALYZE TABLE reply, proposal');
    const service = stack.api.get(PublicService);
    const total = Number((await stack.ds.query('SELECT COUNT(*) AS n FROM reply'))[0].n);
    for (const q of [
      {},
      { jurisdiction, term, session: bulkSession },
      { channel: 'npc' as const, page: 2 },
    ]) {
      const [sql, params] = service.listQuery(q).getQueryAndParameters();
      expect(sql).not.toMatch(/JSON_/i);
      const plan: any[] = await stack.ds.query(`EXPLAIN ${sql}`, params);
      const r = plan.find((row) => row.table === 'r');
      expect([q, r.type, r.key]).not.toEqual([q, 'ALL', null]);
      expect(r.type).not.toBe('ALL');
      expect(r.type).not.toBe('index');
      // the order is the index's own (published_at, proposal_id, id), read backwards: no sort
      expect(r.Extra ?? '').not.toMatch(/filesort/i);
      expect(Number(r.rows)).toBeLessThan(total / 4);
    }
    // the feed holds the latest 50
    const { entries } = parseAtom(await (await fetch(`${stack.url}/public/feed.atom`)).text());
    expect(entries).toHaveLength(50);
    const bulk = await get(
      `/public/replies?jurisdiction=${jurisdiction}&term=${term}&session=${bulkSession}`,
    );
    expect(bulk.body.total).toBe(60);
  });
});
