import {
  CHANNEL_LABELS,
  clockLabel,
  DISPLAY_STAGE_LABELS,
  formatDateTimeZh,
  formatDueDateEn,
  formatDueDateZh,
  labelOf,
  UNIT_ROLE_LABELS,
} from '@banli/domain';
import { ProposalEntity } from '@banli/persistence';
import { CaseActionsService } from '../../../api/src/cases/case-actions.service';
import { CasesModule } from '../../../api/src/cases/cases.module';
import { ProposalsModule } from '../../../api/src/proposals/proposals.module';
import { ProposalsService } from '../../../api/src/proposals/proposals.service';
import { CliFailure, CommandContext, describeError, problemCode } from '../cli';
import { operator } from '../nest';
import { UUID_RE, withApp } from './common';

const bi = (table: Parameters<typeof labelOf>[0], key: string) =>
  `${labelOf(table, key, 'zh-CN')} (${labelOf(table, key, 'en')})`;
const when = (d: Date | string | null | undefined) =>
  d ? `${formatDateTimeZh(d)} (${new Date(d).toISOString()})` : '—';
/** A due instant as its last day (24:00 Beijing time ends it). */
const due = (d: Date | string | null | undefined) =>
  d ? `${formatDueDateZh(d)}24时 (${formatDueDateEn(d)}, 24:00 Beijing time)` : '—';

/**
 * `case show`: the case's live state from its workflow (CaseActionsService.state, the API's
 * GET /proposals/:id/state) beside the read model (ProposalsService.get, GET /proposals/:id).
 */
export async function caseShow(ctx: CommandContext): Promise<number> {
  const key = ctx.args[0];
  return withApp(ctx, [CasesModule, ProposalsModule], async (app, ds) => {
    const row = await ds.getRepository(ProposalEntity).findOne({
      select: { id: true },
      where: UUID_RE.test(key) ? { id: key } : { workflowId: key },
    });
    if (!row) throw new CliFailure(`没有案件 ${key} (no such case)`);
    const by = operator(ctx.io.env);
    const view = await app.get(ProposalsService).get(row.id, by);
    let live: Awaited<ReturnType<CaseActionsService['state']>> | undefined;
    let liveError: unknown;
    try {
      live = await app.get(CaseActionsService).state(by, row.id);
    } catch (e) {
      liveError = e;
    }
    // past Temporal's retention there is nothing live to read: not a failure
    const failed = !!liveError && problemCode(liveError) !== 'WORKFLOW_NOT_FOUND';
    if (ctx.options.json) {
      const { audit: _a, content: _c, ...readModel } = view;
      ctx.io.out(
        JSON.stringify(
          {
            readModel,
            temporal: live ? { summary: live.summary, state: live.state } : null,
            ...(liveError ? { temporalError: describeError(liveError) } : {}),
          },
          null,
          2,
        ),
      );
      return failed ? 1 : 0;
    }
    const out = ctx.io.out;
    const unitName = new Map(view.assignments.map((a) => [a.unitId, a.unitName ?? a.unitId]));
    out(`案件 (case) ${view.id}`);
    out(`  流程 (workflow)      ${view.workflowId}`);
    out(`  标题 (title)         ${view.title}`);
    out(
      `  辖区 (jurisdiction)  ${view.jurisdiction} · ${CHANNEL_LABELS[view.channel]?.zh ?? view.channel} · 第${view.term}届第${view.session}次 · ${view.number}`,
    );
    out(`  政策 (policy)        ${view.policyId} v${view.policyVersion}`);
    out(`  提出人 (proposers)   ${view.proposers.map((p) => p.name).join('、') || '—'}`);
    out(`  登记 (registered)    ${when(view.registeredAt)}`);
    out('');
    out('Temporal 实时状态 (live state):');
    if (live) {
      const s = live.summary;
      out(`  阶段 (stage)         ${bi(DISPLAY_STAGE_LABELS, s.stage)} · seq ${s.seq}`);
      for (const u of s.units)
        out(
          `  单位 (unit)          ${unitName.get(u.unitId) ?? u.unitId} · ${bi(UNIT_ROLE_LABELS, u.role)} · ${bi(DISPLAY_STAGE_LABELS, u.stage)} · 第${u.round}轮`,
        );
      out(
        `  下一时限 (next due)  ${s.nextDue ? `${clockLabel(s.nextDue.clock)} · ${unitName.get(s.nextDue.unitId) ?? s.nextDue.unitId} · ${due(s.nextDue.dueAt)}` : '—'}`,
      );
      out(
        `  逾期 (overdue)       ${s.overdue ? '是 (yes)' : '否 (no)'}${s.onHold ? ' · 暂停计时 (on hold)' : ''}${s.keyCase ? ' · 重点督办 (key case)' : ''}`,
      );
      if (s.closedAt) out(`  办结 (closed)        ${when(s.closedAt)}`);
    } else {
      out(`  读不到 (unavailable): ${describeError(liveError)}`);
    }
    out('');
    out('读模型 (read model, database):');
    out(`  阶段 (stage)         ${bi(DISPLAY_STAGE_LABELS, view.stage)}`);
    if (live && live.summary.caseStage !== view.stage && live.summary.stage !== view.stage)
      out('  注意：读模型尚未跟上实时状态 (note: the read model lags behind the live state)');
    for (const a of view.assignments.filter((x) => x.active))
      out(
        `  交办 (assignment)    ${a.unitName ?? a.unitId} · ${labelOf(UNIT_ROLE_LABELS, a.role)} (${a.role}) · ${labelOf(DISPLAY_STAGE_LABELS, a.stage)} (${a.stage}) · 第${a.round}轮`,
      );
    for (const d of view.deadlines.filter((x) => x.status === 'open'))
      out(`  时限 (deadline)      ${clockLabel(d.clock)} · ${due(d.dueAt)} · ${d.summary}`);
    out(`  下一时限 (next due)  ${due(view.nextDueAt)}`);
    if (view.closedAt) out(`  办结 (closed)        ${when(view.closedAt)}`);
    return failed ? 1 : 0;
  });
}
