import type { CaseState, Proposer } from './types';

export interface NewCaseInput {
  caseId: string;
  proposers: { id: string; name: string }[];
  /** Registration instant (ISO). */
  registeredAt: string;
}

/** A freshly registered case, under review (审查). */
export function initialState(input: NewCaseInput): CaseState {
  const proposers: Proposer[] = input.proposers.map((p) => ({ id: p.id, name: p.name }));
  return {
    caseId: input.caseId,
    stage: 'UNDER_REVIEW',
    proposers,
    registeredAt: input.registeredAt,
    seq: 0,
    keyCase: false,
    merged: [],
    units: [],
    opinions: [],
    urges: [],
    holds: [],
  };
}
