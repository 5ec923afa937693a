import type { DataSource } from 'typeorm';
import { createShippedCalendar, findPolicy, type JurisdictionPolicy } from '@banli/domain';
import { ConfigRefusal } from './admin-audit';
import { JurisdictionStore } from './jurisdiction-store';
import { PolicyStore } from './policy-store';

/** A data source with no stored policy or jurisdiction: only what needs no database is reached. */
function emptyDb(): DataSource {
  const repo = {
    findOneBy: async () => null,
    existsBy: async () => false,
    find: async () => [],
  };
  return {
    getRepository: () => repo,
    query: async () => [{ v: null }],
    transaction: async () => {
      throw new Error('nothing is written in these tests');
    },
  } as unknown as DataSource;
}

const refusal = async (p: Promise<unknown>) => {
  const e = await p.catch((x: unknown) => x);
  expect(e).toBeInstanceOf(ConfigRefusal);
  return e as ConfigRefusal;
};

const guangzhou = (): JurisdictionPolicy => findPolicy('guangzhou')!;
const admin = { id: 'admin-1', role: 'admin' };

describe('PolicyStore', () => {
  const store = new PolicyStore(emptyDb());

  it('finds shipped policies without the database, and knows their ids', async () => {
    expect(await store.find('guangzhou')).toEqual(guangzhou());
    expect(await store.entry('guangzhou', 1)).toMatchObject({ shipped: true, policy: { id: 'guangzhou' } });
    expect(await store.find('guangzhou', 99)).toBeUndefined();
    expect(store.isShipped('cn-national')).toBe(true);
    expect(store.isShipped('test-city')).toBe(false);
    expect(await store.find('test-city')).toBeUndefined();
  });

  it('shares one store (and its cache) per data source', () => {
    const ds = emptyDb();
    expect(PolicyStore.for(ds)).toBe(PolicyStore.for(ds));
    expect(PolicyStore.for(ds)).not.toBe(PolicyStore.for(emptyDb()));
  });

  it('prepares a body: its own id and version, answer-only fields dropped, checked by the domain validator', () => {
    const body = { ...guangzhou(), shipped: true, publishedAt: 'x', basedOn: null, versions: [1] };
    const { policy, problems } = store.prepare('test-city', 3, body);
    expect(problems).toEqual([]);
    expect(policy).toMatchObject({ id: 'test-city', version: 3, name: guangzhou().name });
    for (const k of ['shipped', 'publishedAt', 'basedOn', 'versions']) expect(policy).not.toHaveProperty(k);

    const bad = store.prepare('test-city', 1, { ...guangzhou(), clocks: {}, name: 'x'.repeat(201) });
    expect(bad.problems.map((p) => p.path)).toEqual(expect.arrayContaining(['clocks.mainReply', 'name']));
    expect(store.prepare('test-city', 1, []).problems).toEqual([{ path: '', message: 'must be an object' }]);
  });

  it('refuses to reuse a shipped id, or to publish a new version of a shipped policy', async () => {
    expect((await refusal(store.create({ id: 'guangzhou', body: guangzhou(), actor: admin }))).code).toBe(
      'POLICY_EXISTS',
    );
    expect(
      (await refusal(store.publishNext({ id: 'guangzhou', body: guangzhou(), actor: admin }))).code,
    ).toBe('SHIPPED_POLICY_READ_ONLY');
    expect((await refusal(store.publishNext({ id: 'nope', body: guangzhou(), actor: admin }))).code).toBe(
      'POLICY_NOT_FOUND',
    );
  });

  it('refuses an invalid body with every problem, and an unknown basedOn, before writing', async () => {
    const invalid = await refusal(
      store.create({ id: 'test-city', body: { ...guangzhou(), replyClasses: [] }, actor: admin }),
    );
    expect(invalid.code).toBe('POLICY_INVALID');
    expect((invalid.details.problems as { path: string }[]).map((p) => p.path)).toContain('replyClasses');
    const base = await refusal(
      store.create({
        id: 'test-city',
        body: guangzhou(),
        basedOn: { id: 'atlantis', version: 1 },
        actor: admin,
      }),
    );
    expect(base.code).toBe('UNKNOWN_POLICY');
  });
});

describe('JurisdictionStore', () => {
  const store = new JurisdictionStore(emptyDb());
  const input = {
    id: 'test-city-cppcc',
    name: '测试市政协',
    level: 'city' as const,
    channels: ['cppcc' as const],
    policyId: 'guangzhou',
    calendarOverrides: [],
    escalationContacts: [],
  };

  it('finds a shipped jurisdiction when none is stored under the id', async () => {
    expect(await store.find('guangzhou')).toMatchObject({ id: 'guangzhou', shipped: true, level: 'city' });
    expect(await store.find('test-city-cppcc')).toBeUndefined();
    expect(await store.nameOf('cn-national')).toBe(findPolicy('cn-national')!.name);
    expect(await store.nameOf(undefined)).toBeNull();
    expect((await store.list()).every((j) => j.shipped)).toBe(true);
  });

  it("lays a jurisdiction's local days over the calendar (shipped ones have none)", async () => {
    const cal = createShippedCalendar();
    expect(await store.calendarFor('guangzhou', cal)).toBe(cal);
    expect(await store.calendarFor(undefined, cal)).toBe(cal);
  });

  it.each([
    ['a shipped id', { id: 'guangzhou' }, 'JURISDICTION_EXISTS'],
    ['an unknown policy', { policyId: 'atlantis' }, 'UNKNOWN_POLICY'],
    ['an unknown policy version', { policyVersion: 9 }, 'UNKNOWN_POLICY'],
    ['a channel the policy does not cover', { policyId: 'cn-national' }, 'CHANNEL_NOT_COVERED'],
    ['a malformed id', { id: 'Test City' }, 'JURISDICTION_INVALID'],
  ])('refuses %s before writing', async (_what, patch, code) => {
    const e = await refusal(store.create({ ...input, ...patch }, admin));
    expect(e.code).toBe(code);
    if (code === 'CHANNEL_NOT_COVERED') {
      expect(e.details).toEqual({ channel: 'cppcc', covered: ['npc'] });
      expect(e.message).toMatch(/不办理政协提案，只办理：人大代表建议/);
    }
  });

  it('never changes a shipped jurisdiction', async () => {
    expect((await refusal(store.update('guangzhou', { name: '广州' }, admin))).code).toBe(
      'SHIPPED_READ_ONLY',
    );
  });
});
