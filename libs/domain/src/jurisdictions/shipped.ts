import { findPolicy, shippedPolicies } from '../policies/shipped';
import type { JurisdictionPolicy } from '../policies/types';
import type { Jurisdiction, JurisdictionLevel } from './types';

/**
 * The level of each shipped policy's jurisdiction. A shipped policy missing here is shown as a city
 * (SHIPPED_LEVEL_DEFAULT), and a unit test fails until it is added.
 */
export const SHIPPED_JURISDICTION_LEVELS: Readonly<Record<string, JurisdictionLevel>> = {
  'cn-national': 'national',
  fujian: 'province',
  sichuan: 'province',
  shandong: 'province',
  jiangsu: 'province',
  yulin: 'city',
  guangzhou: 'city',
  hangzhou: 'city',
  'jilin-liaoyuan': 'city',
  'yunnan-honghe': 'city',
  fengyang: 'county',
  'lishui-longquan': 'county',
};

export const SHIPPED_LEVEL_DEFAULT: JurisdictionLevel = 'city';

function jurisdictionOf(p: JurisdictionPolicy): Jurisdiction {
  return {
    id: p.id,
    name: p.name,
    nameEn: p.nameEn,
    level: SHIPPED_JURISDICTION_LEVELS[p.id] ?? SHIPPED_LEVEL_DEFAULT,
    channels: [...p.channels],
    policyId: p.id,
    policyVersion: p.version,
    calendarOverrides: [],
    escalationContacts: [],
    shipped: true,
  };
}

/**
 * One jurisdiction per shipped policy (id and name of the policy, its channels, its latest
 * version), derived from shippedPolicies() on each call so a newly shipped policy is one too.
 */
export function shippedJurisdictions(): Jurisdiction[] {
  const latest = new Map<string, JurisdictionPolicy>();
  for (const p of shippedPolicies()) if ((latest.get(p.id)?.version ?? 0) < p.version) latest.set(p.id, p);
  return [...latest.values()].map(jurisdictionOf);
}

/** The shipped jurisdiction `id`, or undefined. */
export function findShippedJurisdiction(id: string): Jurisdiction | undefined {
  // the policy's latest version, as shippedJurisdictions() takes it, without copying every policy
  const p = findPolicy(id);
  return p ? jurisdictionOf(p) : undefined;
}
