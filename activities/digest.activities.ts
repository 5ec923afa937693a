import { In } from 'typeorm';
import { renderMail, TemporaryMailError, PermanentMailError, type DigestItem } from '@banli/mail';
import { DeadlineEntity, overdueDutySql, ProposalEntity, UnitEntity } from '@banli/persistence';
import type { NotificationDeps } from './notification.activities';
import { Recipients } from './recipients';

const DAY = 86_400_000;

/** Start of the Asia/Shanghai day containing `iso`, as an instant (the digest's dedupe instant). */
export function shanghaiDayStart(iso: string): Date {
  const t = Date.parse(iso) + 8 * 3600_000;
  return new Date(Math.floor(t / DAY) * DAY - 8 * 3600_000);
}

/** Supervisors' daily digest of overdue and due-this-week deadlines, from the read model. */
export function createDigestActivities(
  deps: Pick<NotificationDeps, 'dataSource' | 'outbox' | 'caseLink' | 'office'>,
) {
  const ds = deps.dataSource;
  const people = new Recipients(ds);
  return {
    async sendDailyDigests({ asOf }: { asOf: string }) {
      const now = new Date(asOf);
      const day = shanghaiDayStart(asOf);
      // counting duties due within the week (the overdue ones among them by the one definition);
      // windows are nobody's duty and held or ended cases' clocks are not counting
      const rows = await ds
        .getRepository(DeadlineEntity)
        .createQueryBuilder('d')
        .where("d.kind = 'duty' AND d.status = 'open'")
        .andWhere('d.due_at < :until', { until: new Date(now.getTime() + 7 * DAY) })
        .addSelect(`CASE WHEN ${overdueDutySql('d')} THEN 1 ELSE 0 END`, 'd_overdue')
        .setParameter('now', now)
        .orderBy('d.due_at', 'ASC')
        .getRawAndEntities();
      const open = rows.entities;
      const isOverdue = new Map(rows.raw.map((r) => [String(r.d_id), Number(r.d_overdue) === 1]));
      const proposals = new Map(
        (
          await ds
            .getRepository(ProposalEntity)
            .find({ where: { id: In(open.map((d) => d.proposalId).concat('-')) } })
        ).map((p) => [p.id, p]),
      );
      const units = new Map(
        (
          await ds.getRepository(UnitEntity).find({ where: { id: In(open.map((d) => d.scope).concat('-')) } })
        ).map((u) => [u.id, u]),
      );
      const items = open
        .filter((d) => proposals.has(d.proposalId))
        .map((d) => {
          const p = proposals.get(d.proposalId)!;
          const item: DigestItem = {
            case: { channel: p.channel, term: p.term, session: p.session, number: p.number, title: p.title },
            unitName: units.get(d.scope)?.name ?? d.scope,
            clock: d.clock,
            dueAt: d.dueAt.toISOString(),
            link: deps.caseLink(p.id),
          };
          return { overdue: isOverdue.get(d.id) === true, item };
        });
      const overdue = items.filter((i) => i.overdue).map((i) => i.item);
      const dueThisWeek = items.filter((i) => !i.overdue).map((i) => i.item);
      const supervisors = await people.byRole(['supervisor']);
      for (const s of supervisors) {
        const { subject, text, html } = renderMail('dailyDigest', {
          recipientName: s.name,
          office: deps.office,
          date: asOf,
          overdue,
          dueThisWeek,
          link: deps.caseLink(''),
        });
        const row = await deps.outbox.enqueue({
          proposalId: null,
          unitId: null,
          kind: 'dailyDigest',
          dueAt: day,
          recipient: s.email,
          subject,
          text,
          html,
        });
        try {
          await deps.outbox.deliver(row.id);
        } catch (e) {
          // left pending (retried by the dispatcher) or recorded as failed
          if (!(e instanceof TemporaryMailError) && !(e instanceof PermanentMailError)) throw e;
        }
      }
      return { supervisors: supervisors.length, overdue: overdue.length, dueThisWeek: dueThisWeek.length };
    },
  };
}
