/**
 * What the case screens read: the API's answers as its OpenAPI document types them, and the live
 * workflow state as the domain's own TypeScript types (shared code with the server, not a copy).
 */
import type { CaseState, UnitState } from '@banli/domain/lifecycle';
import type { components } from '../../api/schema';
import type { Policy, Unit } from '../../lookups';
import type { SessionUser } from '../../session';

export type CaseView = components['schemas']['CaseViewDto'];
export type CaseDeadline = components['schemas']['CaseDeadlineDto'];
export type Explanation = components['schemas']['ComputedDeadlineDto'];
export type CrossedDay = components['schemas']['CrossedDayDto'];
export type CaseReply = components['schemas']['CaseReplyDto'];
export type CaseAudit = components['schemas']['CaseAuditDto'];
export type Summary = components['schemas']['CaseSummaryDto'];
export type { CaseState, Policy, Unit, UnitState };

/** GET /proposals/{id}/state with its state typed by the domain. */
export interface LiveCase {
  summary: Summary;
  state: CaseState;
}

/** Everything an action of the case needs to offer itself, fill its form and be sent. */
export interface CaseContext {
  user: SessionUser;
  view: CaseView;
  state: CaseState;
  summary: Summary;
  /** Every handling unit (for pickers); empty for proposers. */
  units: Map<string, Unit>;
  /** Unit names by id (all units, and those of this case). */
  names: Map<string, string>;
  policy: Policy | null;
  /** The signed-in person's own unit in this case, while it still handles it. */
  myUnit: UnitState | undefined;
}

/** The unit picker of 交办: the mode, the units ticked and, for joint handling, the lead. */
export interface PickerState {
  mode: string;
  units: string[];
  lead: string;
}
