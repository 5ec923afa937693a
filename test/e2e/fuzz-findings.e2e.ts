import { randomUUID } from 'node:crypto';
import { startStack, Stack } from './harness';

/**
 * What the soak's fuzz run (scripts/soak/fuzz.ts, schemathesis over the OpenAPI document, issue
 * #16) found: answers of 500, and statuses the document did not list. Each stays fixed here.
 */
describe('fuzz findings: no 500, and every answer documented', () => {
  let stack: Stack;
  let doc: any;

  beforeAll(async () => {
    stack = await startStack(`e2e-fuzz-${randomUUID()}`);
    doc = (await stack.http('GET', '/docs-json')).body;
  });
  afterAll(async () => {
    await stack?.close();
  });

  const documented = (method: string, path: string) =>
    Object.keys(doc.paths[path]?.[method.toLowerCase()]?.responses ?? {}).sort();

  it('answers 400 (not 500) to PATCH /users/:id with a password of null, and keeps the password', async () => {
    const user = await stack.createUser('office');
    const r = await stack.admin.http('PATCH', `/users/${user.id}`, { password: null, displayName: '改名' });
    expect([r.status, r.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    expect(r.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'password' })]));
    // nothing was changed, and the old password still signs in
    expect((await stack.admin.http('GET', `/users/${user.id}`)).body.displayName).toBe(
      `office ${user.username}`,
    );
    await expect(stack.login(user.username, user.password)).resolves.toEqual(expect.any(String));
    // leaving the password out still keeps it
    const ok = await stack.admin.http('PATCH', `/users/${user.id}`, { displayName: '改名' });
    expect(ok.status).toBe(200);
    await expect(stack.login(user.username, user.password)).resolves.toEqual(expect.any(String));
  });

  it('answers 400 (not 500) to PATCH /units/:id with a code or name of null; null still clears the optional fields', async () => {
    const unit = await stack.createUnit({ shortName: '简称' });
    for (const field of ['code', 'name']) {
      const r = await stack.admin.http('PATCH', `/units/${unit.id}`, { [field]: null });
      expect([field, r.status, r.body.code]).toEqual([field, 400, 'VALIDATION_FAILED']);
      expect(r.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
    }
    const cleared = await stack.admin.http('PATCH', `/units/${unit.id}`, { shortName: null, contacts: null });
    expect(cleared.status).toBe(200);
    expect(cleared.body).toEqual(
      expect.objectContaining({ code: unit.code, name: unit.name, shortName: null }),
    );
  });

  it('documents what POST /proposals answers: 201 registered or 202 accepted, not 200', async () => {
    expect(documented('POST', '/proposals')).toEqual(expect.arrayContaining(['201', '202']));
    expect(documented('POST', '/proposals')).not.toContain('200');
    const office = await stack.createUser('office');
    const r = await office.http('POST', '/proposals', {
      jurisdiction: 'cn-national',
      channel: 'npc',
      term: 14,
      session: 1,
      number: `FZ-${randomUUID().slice(0, 8)}`,
      title: '关于模糊测试发现的建议',
      proposers: [{ name: '代表甲', kind: 'deputy' }],
    });
    expect(documented('POST', '/proposals')).toContain(String(r.status));
  });

  it('documents the calendar: 201/422 on loading a year, 200/422 on an override, 204/404 on removing one', async () => {
    expect(documented('POST', '/calendar/years')).toEqual(expect.arrayContaining(['201', '403', '422']));
    expect(documented('PUT', '/calendar/overrides')).toEqual(expect.arrayContaining(['200', '403', '422']));
    expect(documented('DELETE', '/calendar/overrides/{date}')).toEqual(
      expect.arrayContaining(['204', '404']),
    );

    const http = stack.admin.http;
    // a year whose notice link is no URL: the calendar refuses it, 422 as documented
    const bad = await http('POST', '/calendar/years', {
      year: 2096,
      source: { title: '测试通知', url: 'not a url' },
      days: [{ date: '2096-01-01', working: false, name: '元旦' }],
    });
    expect([bad.status, bad.body.code]).toEqual([422, 'INVALID_CALENDAR_DATA']);
    const loaded = await http('POST', '/calendar/years', {
      year: 2096,
      source: { title: '测试通知' },
      days: [{ date: '2096-01-01', working: false, name: '元旦' }],
    });
    expect(loaded.status).toBe(201);
    expect(loaded.body).toEqual(expect.objectContaining({ year: 2096, origin: 'loaded', days: 1 }));

    const put = await http('PUT', '/calendar/overrides', {
      date: '2096-03-02',
      working: false,
      reason: '测试',
    });
    expect(put.status).toBe(200);
    expect((await http('DELETE', '/calendar/overrides/2096-03-02')).status).toBe(204);
    const gone = await http('DELETE', '/calendar/overrides/2096-03-02');
    expect([gone.status, gone.body.code]).toEqual([404, 'NOT_FOUND']);
  });

  it('documents a success answer on every operation, except the ones that always refuse', () => {
    const alwaysRefused = [
      'PUT /policies/{id}/versions/{version}',
      'PATCH /policies/{id}/versions/{version}',
    ];
    const without = Object.entries<any>(doc.paths).flatMap(([path, item]) =>
      ['get', 'post', 'put', 'patch', 'delete']
        .filter((m) => item[m] && !Object.keys(item[m].responses ?? {}).some((s) => s.startsWith('2')))
        .map((m) => `${m.toUpperCase()} ${path}`),
    );
    expect(without.sort()).toEqual(alwaysRefused.sort());
  });
});
