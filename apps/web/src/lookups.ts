/** Look-ups many pages need, fetched once per session: the handling units and policy versions. */
import type { JurisdictionPolicy } from '@banli/domain/policies';
import { api, data } from './api/client';
import type { components } from './api/schema';
import { session } from './session';

export type Unit = components['schemas']['UnitDto'];
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
