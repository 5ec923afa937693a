/**
 * Look-ups many pages need, fetched once per session: the handling units and policy versions; and
 * how a look-up is kept (cachedOnce) and offered to a form's select (useChoices).
 */
import type { JurisdictionPolicy } from '@banli/domain/policies';
import { computed, shallowRef } from 'vue';
import { api, data } from './api/client';
import type { components } from './api/schema';
import { session } from './session';

export type Unit = components['schemas']['UnitDto'];
/** A jurisdiction policy as GET /policies lists it (its latest version). */
export type PolicySummary = components['schemas']['PolicySummaryDto'];
/** A policy as GET /policies/{id} answers it: the domain's own type, shared with the server. */
export type Policy = JurisdictionPolicy;

/**
 * A look-up asked once and shared until `forget()` (after a change): a refusal is asked again next
 * time, and so is the look-up when `owner` (who is signed in) is no longer the one it was asked for.
 */
export function cachedOnce<T>(ask: () => Promise<T>, owner: () => unknown = () => null) {
  let p: Promise<T> | null = null;
  let of: unknown = null;
  return {
    get(): Promise<T> {
      const who = owner();
      if (!p || of !== who) {
        of = who;
        p = ask().catch((e: unknown) => {
          p = null;
          throw e;
        });
      }
      return p;
    },
    forget() {
      p = null;
    },
  };
}

const unitCache = cachedOnce(
  () => data(api.GET('/units')).then((list) => new Map(list.map((u) => [u.id, u]))),
  () => session.user?.id ?? null,
);

/** Handling units by id (proposers may not list units and get an empty map). */
export function units(): Promise<Map<string, Unit>> {
  if (!session.can('admin', 'office', 'supervisor', 'unitStaff', 'unitLeader'))
    return Promise.resolve(new Map());
  return unitCache.get();
}

/** Forget cached units (after an administrator changed them). */
export const forgetUnits = unitCache.forget;

const policies = new Map<string, Promise<Policy>>();

/**
 * One policy version (reply classes, clocks, sources). A numbered version never changes and is
 * kept; "the latest" is asked each time (an administrator may just have published one).
 */
export function policy(id: string, version?: number): Promise<Policy> {
  const ask = () =>
    data(api.GET('/policies/{id}', { params: { path: { id }, query: version ? { version } : {} } })).then(
      (x) => x as unknown as Policy,
    );
  if (!version) return ask();
  const key = `${id}@${version}`;
  let p = policies.get(key);
  if (!p) {
    p = ask();
    p.catch(() => policies.delete(key));
    policies.set(key, p);
  }
  return p;
}

/** The policy forms start with, when the API offers it. */
export const DEFAULT_POLICY = 'cn-national';

const policyCache = cachedOnce(() => data(api.GET('/policies')));

/** Every jurisdiction policy (GET /policies), fetched once; a refusal is asked again next time. */
export const policyList: () => Promise<PolicySummary[]> = policyCache.get;

/** Forget the cached list of policies (after an administrator published a version). */
export const forgetPolicies = policyCache.forget;

/**
 * The choices of a form's select, from a look-up (`get`): `list` fills once `load()` has answered
 * (it throws what the API refused), `defaultId` is `preferred` when offered, or the first one;
 * `byId` finds one.
 */
export function useChoices<T extends { id: string }>(get: () => Promise<T[]>, preferred: string) {
  const list = shallowRef<T[]>([]);
  const defaultId = computed(() =>
    list.value.some((x) => x.id === preferred) ? preferred : (list.value[0]?.id ?? ''),
  );
  const byId = (id: string) => list.value.find((x) => x.id === id);
  async function load() {
    list.value = await get();
  }
  return { list, defaultId, byId, load };
}

/** The policies for a form's select, cn-national first choice (see useChoices). */
export const usePolicies = () => useChoices(policyList, DEFAULT_POLICY);

const byName = new Intl.Collator('zh-CN', { numeric: true });

/** The handling units sorted by name, for a picker (empty for roles that may not list them). */
export async function unitList(): Promise<Unit[]> {
  return [...(await units()).values()].sort((a, b) => byName.compare(a.name, b.name));
}
