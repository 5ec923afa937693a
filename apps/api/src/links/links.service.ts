import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { BanliConfig, CONFIG } from '@banli/config';
import type { Actor } from '@banli/domain/lifecycle';
import { AssignmentEntity, DeadlineEntity, ProposalEntity, UnitEntity } from '@banli/persistence';
import { BanliProblem } from '../common/problem';
import { CaseWorkflowGateway } from '../temporal/case-workflow.gateway';
import { LinkAction, LinkClaims, verifyLinkToken } from '@banli/links';

const linkProblem = (status: HttpStatus, code: string, zh: string, en: string) =>
  new BanliProblem(status, code, `${zh} (${en})`);

/**
 * What a task-mail link may do without a login: show the unit its task, and sign for it.
 *   401 LINK_INVALID  — malformed, altered or signed with another key;
 *   401 LINK_EXPIRED  — genuine but past its expiry;
 *   403 LINK_INVALID  — genuine, but its unit is not (or no longer) assigned to its case;
 *   403 LINK_ACTION_NOT_ALLOWED — the link does not carry this action.
 */
@Injectable()
export class LinksService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(CONFIG) private readonly cfg: BanliConfig,
    private readonly cases: CaseWorkflowGateway,
  ) {}

  async view(token: string) {
    const { claims, proposal, assignment, unit } = await this.resolve(token, 'open');
    const deadlines = await this.ds.getRepository(DeadlineEntity).find({
      where: { proposalId: claims.caseId, scope: claims.unitId },
      order: { dueAt: 'ASC' },
    });
    const full = await this.ds
      .getRepository(ProposalEntity)
      .findOne({ where: { id: proposal.id }, relations: { proposers: { party: true } } });
    return {
      caseId: proposal.id,
      unit: { id: unit?.id ?? claims.unitId, name: unit?.name ?? null },
      allowedActions: claims.actions,
      expiresAt: new Date(claims.expiresAt).toISOString(),
      proposal: {
        channel: proposal.channel,
        jurisdiction: proposal.jurisdiction,
        term: proposal.term,
        session: proposal.session,
        number: proposal.number,
        duringSession: proposal.duringSession,
        title: proposal.title,
        content: full?.content ?? null,
        category: proposal.category,
        proposers: [...(full?.proposers ?? [])]
          .sort((a, b) => a.position - b.position)
          .map((pp) => pp.party.name),
      },
      assignment: {
        role: assignment.role,
        stage: assignment.stage,
        assignedAt: assignment.assignedAt,
        receivedAt: assignment.receivedAt,
      },
      deadlines: deadlines.map(({ clock, dueAt, summary, status }) => ({ clock, dueAt, summary, status })),
    };
  }

  /** Signs for the case as the link's unit (the audit trail names the link as the actor). */
  async signFor(token: string) {
    const { claims, proposal, unit } = await this.resolve(token, 'signFor');
    const actor: Actor = {
      id: `link:${claims.unitId}`,
      role: 'unit',
      unitId: claims.unitId,
      name: `${unit?.name ?? claims.unitId}（邮件链接）`,
    };
    return this.cases.act(proposal.workflowId, 'signFor', { unitId: claims.unitId, actor });
  }

  private async resolve(
    token: string,
    action: LinkAction,
  ): Promise<{
    claims: LinkClaims;
    proposal: ProposalEntity;
    assignment: AssignmentEntity;
    unit: UnitEntity | null;
  }> {
    const v = verifyLinkToken(this.cfg.auth.linkSecret, token);
    if (!v.ok) {
      throw v.reason === 'expired'
        ? linkProblem(
            HttpStatus.UNAUTHORIZED,
            'LINK_EXPIRED',
            '链接已过期，请登录系统办理或联系交办机关重发',
            'link expired',
          )
        : linkProblem(HttpStatus.UNAUTHORIZED, 'LINK_INVALID', '链接无效', 'link is not valid');
    }
    const { claims } = v;
    if (!claims.actions.includes(action)) {
      throw linkProblem(
        HttpStatus.FORBIDDEN,
        'LINK_ACTION_NOT_ALLOWED',
        '此链接不能用于该操作',
        `this link does not allow ${action}`,
      );
    }
    const [proposal, assignment, unit] = await Promise.all([
      this.ds.getRepository(ProposalEntity).findOne({
        where: { id: claims.caseId },
        select: [
          'id',
          'workflowId',
          'channel',
          'jurisdiction',
          'term',
          'session',
          'number',
          'duringSession',
          'title',
          'category',
        ],
      }),
      this.ds
        .getRepository(AssignmentEntity)
        .findOne({ where: { proposalId: claims.caseId, unitId: claims.unitId, active: true } }),
      this.ds.getRepository(UnitEntity).findOne({ where: { id: claims.unitId } }),
    ]);
    if (!proposal || !assignment) {
      throw linkProblem(
        HttpStatus.FORBIDDEN,
        'LINK_INVALID',
        '链接已失效：该单位不再承办此件',
        'the unit no longer handles this case',
      );
    }
    return { claims, proposal, assignment, unit };
  }
}
