/** Look-ups many pages need, fetched once per session: the handling units and policy versions. */
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

let unitsP: Promise<Map<string, Unit>> | null = null;
let unitsOf: string | null = null;

/** Handling units by id (proposers may not list units and get an empty map). */
export function units(): Promise<Map<string, Unit>> {
  if (!session.can('admin', 'office', 'supervisor', 'unitStaff', 'unitLeader'))
    return Promise.resolve(new Map());
  const who = session.user?.id ?? null;
  if (!unitsP || unitsOf !== who) {
    unitsOf = who;
    unitsP = data(api.GET('/units')).then(
      (list) => new Map(list.map((u) => [u.id, u])),
      (e) => {
        unitsP = null;
        throw e;
      },
    );
  }
  return unitsP;
}

/** Forget cached units (after an administrator changed them). */
export function forgetUnits() {
  unitsP = null;
}

const policies = new Map<string, Promise<Policy>>();

/** One policy version (reply classes, clocks, sources), cached. */
export function policy(id: string, version?: number): Promise<Policy> {
  const key = `${id}@${version ?? ''}`;
  let p = policies.get(key);
  if (!p) {
    p = data(api.GET('/policies/{id}', { params: { path: { id }, query: version ? { version } : {} } })).then(
      (x) => x as unknown as Policy,
    );
    p.catch(() => policies.delete(key));
    policies.set(key, p);
  }
  return p;
}

/** The policy forms start with, when the API offers it. */
export const DEFAULT_POLICY = 'cn-national';

let policyListP: Promise<PolicySummary[]> | null = null;

/** Every jurisdiction policy (GET /policies), fetched once; a refusal is asked again next time. */
export function policyList(): Promise<PolicySummary[]> {
  if (!policyListP) {
    policyListP = data(api.GET('/policies')).catch((e: unknown) => {
      policyListP = null;
      throw e;
    });
  }
  return policyListP;
}

/**
 * The policies for a form's select: `policies` fills once `load()` has answered (it throws what
 * the API refused), `defaultId` is cn-national, or the first one when there is no cn-national.
 */
export function usePolicies() {
  const list = shallowRef<PolicySummary[]>([]);
  const defaultId = computed(() =>
    list.value.some((p) => p.id === DEFAULT_POLICY) ? DEFAULT_POLICY : (list.value[0]?.id ?? ''),
  );
  async function load() {
    list.value = await policyList();
  }
  return { policies: list, defaultId, load };
}

const byName = new Intl.Collator('zh-CN', { numeric: true });

/** The handling units sorted by name, for a picker (empty for roles that may not list them). */
export async function unitList(): Promise<Unit[]> {
  return [...(await units()).values()].sort((a, b) => byName.compare(a.name, b.name));
}
