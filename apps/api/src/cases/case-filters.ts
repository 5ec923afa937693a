import type { SelectQueryBuilder } from 'typeorm';
import type { Channel } from '@banli/domain';

/** The filters of a case's session and standing that the case list and every report share. */
export interface CaseFilters {
  jurisdiction?: string;
  channel?: Channel;
  term?: number;
  session?: number;
  keyCase?: boolean;
}

/** Narrows a query over `proposal` (alias `p`) to the cases matching `f`: plain indexed equalities. */
export function filterCases<T extends object>(qb: SelectQueryBuilder<T>, f: CaseFilters, p = 'p') {
  if (f.jurisdiction) qb.andWhere(`${p}.jurisdiction = :jurisdiction`, { jurisdiction: f.jurisdiction });
  if (f.channel) qb.andWhere(`${p}.channel = :channel`, { channel: f.channel });
  if (f.term !== undefined) qb.andWhere(`${p}.term = :term`, { term: f.term });
  if (f.session !== undefined) qb.andWhere(`${p}.session = :session`, { session: f.session });
  if (f.keyCase !== undefined) qb.andWhere(`${p}.key_case = :keyCase`, { keyCase: f.keyCase });
  return qb;
}
