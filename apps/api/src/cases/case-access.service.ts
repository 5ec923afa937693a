import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Brackets, DataSource, SelectQueryBuilder } from 'typeorm';
import { ProposalEntity } from '@banli/persistence';
import { ALL_CASES_ROLES, Principal, UNIT_ROLES } from '../auth/principal';
import { notFound } from '../common/problem';
import type { ReportScope } from '../reports/report-queries';

/**
 * Who sees which case (the rule every case endpoint applies before anything else):
 *   office, admin, supervisor — every case;
 *   unitStaff, unitLeader     — cases where their unit has an assignment (any, also a past one);
 *   proposer                  — cases their party proposed (proposal_party), and the case theirs
 *                               was merged into (并案: they are still answered there).
 * A case outside the caller's scope answers 404 NOT_FOUND, exactly like a case that does not
 * exist, so its existence does not leak.
 */
@Injectable()
export class CaseAccessService {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  /** The case if the caller may see it, else 404. Never loads the snapshot or text. */
  async find(
    p: Principal,
    id: string,
  ): Promise<Pick<ProposalEntity, 'id' | 'workflowId' | 'policyId' | 'policyVersion' | 'stage'>> {
    const qb = this.ds
      .getRepository(ProposalEntity)
      .createQueryBuilder('p')
      .select(['p.id', 'p.workflowId', 'p.policyId', 'p.policyVersion', 'p.stage'])
      .where('p.id = :caseId', { caseId: id });
    this.scope(qb, p);
    const row = await qb.getOne();
    if (!row) throw notFound('建议/提案 (proposal)', id);
    return row;
  }

  /** Narrows a query over `proposal` (alias `alias`) to the cases the caller may see. */
  scope<T extends object>(qb: SelectQueryBuilder<T>, p: Principal, alias = 'p'): SelectQueryBuilder<T> {
    if (ALL_CASES_ROLES.includes(p.role)) return qb;
    if (UNIT_ROLES.includes(p.role) && p.unitId) {
      return qb.andWhere(
        `EXISTS (SELECT 1 FROM assignment sa WHERE sa.proposal_id = ${alias}.id AND sa.unit_id = :scopeUnitId)`,
        {
          scopeUnitId: p.unitId,
        },
      );
    }
    if (p.role === 'proposer' && p.partyId) {
      return qb.andWhere(
        new Brackets((w) =>
          w
            .where(
              `EXISTS (SELECT 1 FROM proposal_party spp WHERE spp.proposal_id = ${alias}.id AND spp.party_id = :scopePartyId)`,
            )
            .orWhere(
              `${alias}.id IN (SELECT CAST(JSON_UNQUOTE(JSON_EXTRACT(sc.snapshot, '$.mergedInto.parentCaseId')) AS CHAR(36)) ` +
                `FROM proposal sc JOIN proposal_party scp ON scp.proposal_id = sc.id WHERE scp.party_id = :scopePartyId AND sc.stage = 'MERGED')`,
            ),
        ),
        { scopePartyId: p.partyId },
      );
    }
    // A unit account without a unit, or a proposer without a party, sees nothing.
    return qb.andWhere('1 = 0');
  }

  /**
   * Which assignments the caller's reports cover, by the same rule: office, admin and supervisor
   * every unit's; unit staff and leaders only their own unit's rows and figures (not the other
   * units of cases they share); anyone else none.
   */
  reportScope(p: Principal): ReportScope {
    if (ALL_CASES_ROLES.includes(p.role)) return { kind: 'all' };
    if (UNIT_ROLES.includes(p.role) && p.unitId) return { kind: 'unit', unitId: p.unitId };
    return { kind: 'none' };
  }
}
