import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, SelectQueryBuilder } from 'typeorm';
import { CASE_STAGE_LABELS, caseRefZh, dueDateOf, labelOf, UNIT_ROLE_LABELS } from '@banli/domain';
import {
  AssignmentEntity,
  JurisdictionStore,
  notOverdueCaseSql,
  overdueCaseSql,
  ProposalEntity,
} from '@banli/persistence';
import { Principal, UNIT_ROLES } from '../auth/principal';
import { exportFile, type Column } from '../reports/export';
import { filtersInWords } from '../reports/reports.service';
import { UnitsService } from '../units/units.service';
import { CaseAccessService } from './case-access.service';
import { filterCases } from './case-filters';
import { ListProposalsQuery } from './case-list.dto';

function orderOf(sort: ListProposalsQuery['sort'], dir: 'ASC' | 'DESC'): [string, 'ASC' | 'DESC'][] {
  switch (sort) {
    case 'nextDueAt':
      // cases without a next deadline go last in either direction
      return [
        ['CASE WHEN p.next_due_at IS NULL THEN 1 ELSE 0 END', 'ASC'],
        ['p.next_due_at', dir],
      ];
    case 'number':
      // "9" before "10": shorter numbers first within a session
      return ['p.term', 'p.session', 'CHAR_LENGTH(p.number)', 'p.number'].map((e) => [e, dir]);
    default:
      return [['p.registered_at', dir]];
  }
}

/** Case lists from the MySQL read model, filtered, paged and scoped to what the caller may see. */
interface CaseListUnit {
  unitId: string;
  unitName: string | null;
  role: string;
  active: boolean;
}

/** Most cases one exported list holds. */
export const CASE_EXPORT_MAX = 10_000;

@Injectable()
export class CaseListService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly access: CaseAccessService,
    private readonly units: UnitsService,
  ) {}

  async list(principal: Principal, q: ListProposalsQuery, now = new Date()) {
    const page = q.page ?? 1;
    const pageSize = q.pageSize ?? 20;
    const base = () => {
      const qb = this.ds.getRepository(ProposalEntity).createQueryBuilder('p');
      this.access.scope(qb, principal);
      this.filter(qb, principal, q, now);
      return qb;
    };
    const total = await base().getCount();
    const dir = (q.order ?? 'desc').toUpperCase() as 'ASC' | 'DESC';
    const qb = base()
      .select([
        'p.id AS id',
        'p.workflow_id AS workflowId',
        'p.jurisdiction AS jurisdiction',
        'p.channel AS channel',
        'p.term AS term',
        'p.session AS session',
        'p.number AS number',
        'p.during_session AS duringSession',
        'p.title AS title',
        'p.category AS category',
        'p.stage AS stage',
        'p.key_case AS keyCase',
        `CASE WHEN ${overdueCaseSql('p')} THEN 1 ELSE 0 END AS overdue`,
        'p.next_due_at AS nextDueAt',
        'p.registered_at AS registeredAt',
        'p.closed_at AS closedAt',
      ])
      .setParameters({ now });
    for (const [expr, d] of orderOf(q.sort, dir)) qb.addOrderBy(expr, d);
    qb.addOrderBy('p.id', 'ASC')
      .offset((page - 1) * pageSize)
      .limit(pageSize);
    const rows: any[] = await qb.getRawMany();
    const units = await this.unitsOf(rows.map((r) => r.id));
    return {
      items: rows.map((r) => ({
        ...r,
        keyCase: !!Number(r.keyCase),
        duringSession: !!Number(r.duringSession),
        overdue: !!Number(r.overdue),
        term: Number(r.term),
        session: Number(r.session),
        units: units.get(r.id) ?? [],
      })),
      total,
      page,
      pageSize,
    };
  }

  /** The list as a file: every matching case (up to CASE_EXPORT_MAX), in the list's order. */
  async export(principal: Principal, q: ListProposalsQuery, format: 'xlsx' | 'csv', now = new Date()) {
    const all = await this.list(principal, { ...q, page: 1, pageSize: CASE_EXPORT_MAX }, now);
    type Item = (typeof all.items)[number];
    const units = (r: Item) =>
      r.units
        .filter((u: CaseListUnit) => u.active)
        .map((u: CaseListUnit) => `${u.unitName ?? u.unitId}（${labelOf(UNIT_ROLE_LABELS, u.role)}）`)
        .join('、');
    const columns: Column<Item>[] = [
      { header: '编号', width: 30, value: (r) => caseRefZh({ ...r, channel: r.channel }) },
      { header: '标题', width: 40, value: (r) => r.title },
      { header: '类别', width: 12, value: (r) => r.category },
      { header: '阶段', width: 14, value: (r) => labelOf(CASE_STAGE_LABELS, r.stage) },
      { header: '承办单位', width: 36, value: units },
      { header: '重点督办', width: 10, value: (r) => r.keyCase },
      { header: '逾期', width: 8, value: (r) => r.overdue },
      {
        header: '下一时限',
        width: 12,
        type: 'date',
        value: (r) => (r.nextDueAt ? dueDateOf(r.nextDueAt) : null),
      },
      { header: '登记时间', width: 18, type: 'datetime', value: (r) => r.registeredAt },
      { header: '办结时间', width: 18, type: 'datetime', value: (r) => r.closedAt },
    ];
    return exportFile(format, 'cases', {
      title: '建议提案清单',
      filters: filtersInWords(
        q,
        await this.units.nameOf(q.unitId),
        await JurisdictionStore.for(this.ds).nameOf(q.jurisdiction),
      ),
      generatedAt: now,
      columns,
      rows: all.items,
      matched: all.total,
    });
  }

  private filter(
    qb: SelectQueryBuilder<ProposalEntity>,
    principal: Principal,
    q: ListProposalsQuery,
    now: Date,
  ) {
    filterCases(qb, q);
    if (q.stage) qb.andWhere('p.stage = :stage', { stage: q.stage });
    if (q.q) {
      const like = `%${q.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      qb.andWhere('(p.title LIKE :like OR p.number LIKE :like)', { like });
    }
    if (q.unitId) {
      qb.andWhere(
        'EXISTS (SELECT 1 FROM assignment fa WHERE fa.proposal_id = p.id AND fa.unit_id = :fUnitId AND fa.active = 1)',
        { fUnitId: q.unitId },
      );
    }
    if (q.unitStage) {
      const unit = q.unitId ?? (UNIT_ROLES.includes(principal.role) ? principal.unitId : null);
      qb.andWhere(
        `EXISTS (SELECT 1 FROM assignment sa2 WHERE sa2.proposal_id = p.id AND sa2.stage = :unitStage AND sa2.active = 1${unit ? ' AND sa2.unit_id = :stageUnit' : ''})`,
        { unitStage: q.unitStage, stageUnit: unit },
      );
    }
    // the one definition of overdue: an indexed read of next_due_at
    if (q.overdue !== undefined)
      qb.andWhere(q.overdue ? overdueCaseSql('p') : notOverdueCaseSql('p'), { now });
    if (q.dueWithinDays !== undefined) {
      qb.andWhere('p.next_due_at IS NOT NULL AND p.next_due_at <= :dueBy', {
        dueBy: new Date(now.getTime() + q.dueWithinDays * 86_400_000),
      });
    }
    if (q.replyClass) {
      qb.andWhere(
        "EXISTS (SELECT 1 FROM reply fr WHERE fr.proposal_id = p.id AND fr.kind = 'reply' AND fr.reply_class = :replyClass)",
        {
          replyClass: q.replyClass,
        },
      );
    }
    if (q.rating) {
      qb.andWhere('EXISTS (SELECT 1 FROM feedback ff WHERE ff.proposal_id = p.id AND ff.rating = :rating)', {
        rating: q.rating,
      });
    }
  }

  private async unitsOf(caseIds: string[]) {
    const out = new Map<
      string,
      { unitId: string; unitName: string | null; role: string; stage: string; active: boolean }[]
    >();
    if (!caseIds.length) return out;
    const assignments = await this.ds
      .getRepository(AssignmentEntity)
      .find({ where: { proposalId: In(caseIds) }, order: { assignedAt: 'ASC' } });
    if (!assignments.length) return out;
    const units = await this.units.lookup(assignments.map((a) => a.unitId));
    // lead or sole unit first, then in order of assignment
    const rank = (role: string) => ['lead', 'sole', 'separate', 'co'].indexOf(role);
    assignments.sort(
      (a, b) => rank(a.role) - rank(b.role) || a.assignedAt.getTime() - b.assignedAt.getTime(),
    );
    for (const a of assignments) {
      out.set(a.proposalId, [
        ...(out.get(a.proposalId) ?? []),
        {
          unitId: a.unitId,
          unitName: units.get(a.unitId)?.name ?? null,
          role: a.role,
          stage: a.stage,
          active: a.active,
        },
      ]);
    }
    return out;
  }
}
