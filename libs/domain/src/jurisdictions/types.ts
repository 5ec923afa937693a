import type { IsoDate } from '../calendar/dates';
import type { EscalationTarget } from '../policies/types';
import type { Channel } from '../vocabulary/stages';

/** The level of government a jurisdiction (an assigning office) belongs to. */
export const JURISDICTION_LEVELS = ['national', 'province', 'city', 'county'] as const;
export type JurisdictionLevel = (typeof JURISDICTION_LEVELS)[number];

/**
 * A local day that differs from the national calendar for this jurisdiction only: a local holiday
 * (holiday) or a day worked locally (workday). Named apart from the calendar's own CalendarOverride
 * (the administrator's nation-wide correction), which it is turned into for counting.
 */
export interface JurisdictionCalendarOverride {
  date: IsoDate;
  kind: 'workday' | 'holiday';
  /** Why, e.g. 本市解放纪念日. */
  note?: string;
}

/** Whom an escalation to `target` reaches in this jurisdiction (e.g. the supervisor: 督查室). */
export interface EscalationContact {
  target: EscalationTarget;
  name: string;
  email?: string;
  phone?: string;
}

/**
 * An assigning office as data (杭州市人大常委会, 辽源市政协): the channels it handles, the policy
 * version new cases start under, its local calendar and its numbering patterns.
 */
export interface Jurisdiction {
  /** ^[a-z0-9][a-z0-9-]{1,63}$, e.g. liaoyuan-cppcc; part of every case's business key. */
  id: string;
  /** e.g. 辽源市政协 */
  name: string;
  nameEn?: string;
  level: JurisdictionLevel;
  /** A non-empty subset of its policy version's channels. */
  channels: Channel[];
  policyId: string;
  /** The version new cases start under; a case keeps the version it started with. */
  policyVersion: number;
  /** Local holidays and workdays on top of the national calendar. */
  calendarOverrides: JurisdictionCalendarOverride[];
  /** 文号 pattern, e.g. '{unit}函〔{year}〕{seq}号'. */
  docNumberPattern?: string;
  /** 索引号 pattern, e.g. '{org}-{year}-{seq:5}'. */
  indexNumberPattern?: string;
  escalationContacts: EscalationContact[];
  /** Shipped with the code (one per shipped policy), read-only. */
  shipped: boolean;
}
