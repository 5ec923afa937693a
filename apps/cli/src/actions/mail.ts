import { OutboxEntity } from '@banli/persistence';
import { MailModule } from '../../../api/src/mail/mail.module';
import { MailStatusService } from '../../../api/src/mail/mail.service';
import { CommandContext, describeError, strOption, UsageError } from '../cli';
import { operator } from '../nest';
import { UUID_RE, withApp } from './common';

/**
 * `mail resend-failed`: every failed outbox row (optionally since an instant, or of one case) put
 * back in the queue by MailStatusService.resend — what POST /mail/:id/resend does, recorded as
 * re-sent by `cli:<user>` — and the dispatcher nudged.
 */
export async function mailResendFailed(ctx: CommandContext): Promise<number> {
  const sinceRaw = strOption(ctx, 'since');
  const since = sinceRaw !== undefined ? new Date(sinceRaw) : undefined;
  if (since && (!/^\d{4}-\d{2}-\d{2}/.test(sinceRaw!) || Number.isNaN(since.getTime())))
    throw new UsageError(
      `--since 须为 ISO 时间，如 2026-05-01T08:00:00+08:00，而不是 "${sinceRaw}" (--since must be an ISO instant)`,
    );
  const caseId = strOption(ctx, 'case');
  if (caseId !== undefined && !UUID_RE.test(caseId))
    throw new UsageError(`--case 须为案件 id (uuid)，而不是 "${caseId}" (--case must be a case id)`);
  return withApp(ctx, [MailModule], async (app, ds) => {
    const qb = ds
      .getRepository(OutboxEntity)
      .createQueryBuilder('o')
      .select(['o.id', 'o.recipient', 'o.kind', 'o.proposalId', 'o.updatedAt'])
      .where('o.status = :failed', { failed: 'failed' });
    if (since) qb.andWhere('o.updatedAt >= :since', { since });
    if (caseId) qb.andWhere('o.proposalId = :caseId', { caseId });
    const rows = await qb.orderBy('o.updatedAt', 'ASC').addOrderBy('o.id', 'ASC').getMany();
    ctx.io.out(`投递失败的邮件 ${rows.length} 封 (${rows.length} failed messages)`);
    if (ctx.options['dry-run']) {
      for (const r of rows) ctx.io.out(`  ${r.id} ${r.kind} → ${r.recipient}`);
      return 0;
    }
    const mail = app.get(MailStatusService);
    const by = operator(ctx.io.env);
    let failed = 0;
    for (const r of rows) {
      try {
        const m = await mail.resend(r.id, by);
        ctx.io.out(`  ✓ ${r.id} ${m.kindLabel} → ${m.recipient}`);
      } catch (e) {
        failed++;
        ctx.io.out(`  ✗ ${r.id} → ${r.recipient}: ${describeError(e)}`);
      }
    }
    ctx.io.out(
      `已重新排队 ${rows.length - failed} 封，未能重新排队 ${failed} 封 (queued again ${rows.length - failed}, not queued ${failed})`,
    );
    return failed ? 1 : 0;
  });
}
