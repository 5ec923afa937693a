/**
 * The one definition of overdue, twice: as the domain functions judge a case state, and as SQL over
 * the read model the projection writes from that state. They must agree for every kind of case
 * (duties, windows only, on hold, resumed, ended) at every instant; and the SQL must be able to use
 * its indexes, so lists and reports stay indexed reads at scale.
 */
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { createProjectionActivities } from '@banli/activities/projection.activities';
import { isOverdue, nextDue, overdueDuties, type CaseState } from '@banli/domain';
import { clerk, day, office, run, soleAssigned, filed } from '@banli/domain/lifecycle/test-fixtures';
import { overdueCaseSql, overdueDutySql, ProposalEntity } from '@banli/persistence';
import { testConfig } from '../support/env';
import { migrate } from './harness';

describe('overdue: the domain and the read model agree', () => {
  let ds: DataSource;
  const projection = () => createProjectionActivities({ dataSource: ds });

  beforeAll(async () => {
    ds = await migrate(testConfig());
  });
  afterAll(async () => {
    await ds?.destroy();
  });

  /** Registers a case row and projects `state` into it as the workflow's activity would. */
  async function project(state: CaseState): Promise<string> {
    const caseId = randomUUID();
    const s = { ...state, caseId };
    await projection().recordProposal({
      caseId,
      jurisdiction: 'test',
      channel: 'npc',
      term: 14,
      session: 9,
      number: caseId.slice(0, 8),
      title: '一致性检查',
      proposers: [{ id: randomUUID(), name: '张代表', kind: 'deputy' }],
      policy: {
        id: 'test',
        version: 1,
        rules: {
          contactRequiredBeforeReply: true,
          replyClasses: ['A'],
          trackingClasses: [],
          rehandlingOnBasicallySatisfied: false,
          feedbackNoAnswer: 'recordedAsNoAnswer',
        },
      },
      registeredAt: day(0),
    });
    await projection().projectTransition({
      caseId,
      seq: s.seq,
      actor: { id: 'system', role: 'system' },
      action: 'check',
      from: 'NEW',
      to: s.stage,
      at: day(0),
      state: s,
    });
    return caseId;
  }

  const signedFor = () => run(soleAssigned(), [[{ type: 'signFor', unitId: 'u1' }, clerk('u1'), day(1)]]);
  const cases: [string, () => CaseState][] = [
    ['assigned, nothing done', () => soleAssigned()],
    ['signed for: contact and reply duties, an objection window', signedFor],
    ['on hold', () => run(soleAssigned(), [[{ type: 'hold', reason: '等待调研' }, office, day(1)]])],
    [
      'resumed after ten days on hold',
      () =>
        run(soleAssigned(), [
          [{ type: 'hold', reason: '等待调研' }, office, day(1)],
          [{ type: 'resume' }, office, day(11)],
        ]),
    ],
    ['withdrawn', () => run(soleAssigned(), [[{ type: 'withdraw', reason: '已解决' }, office, day(2)]])],
    ['filed, not assigned', () => filed()],
  ];
  const instants = [0.5, 4.9, 5, 6, 9, 14.9, 15, 31, 40, 91, 200].map((d) => day(d));

  it.each(cases)('%s', async (_name, make) => {
    const state = make();
    const caseId = await project(state);
    const row = await ds.getRepository(ProposalEntity).findOneByOrFail({ id: caseId });
    // next due: the earliest open duty of a counting case
    expect(row.nextDueAt?.toISOString() ?? null).toBe(nextDue(state)?.dueAt ?? null);
    for (const now of instants) {
      const [{ overdue }] = await ds.query(
        `SELECT CASE WHEN ${overdueCaseSql('p').replace(/:now/g, '?')} THEN 1 ELSE 0 END AS overdue FROM proposal p WHERE p.id = ?`,
        [new Date(now), caseId],
      );
      expect([now, Number(overdue) === 1]).toEqual([now, isOverdue(state, now)]);
      const duties = await ds.query(
        `SELECT d.scope, d.clock FROM deadline d WHERE d.proposal_id = ? AND ${overdueDutySql('d').replace(/:now/g, '?')} ORDER BY d.due_at, d.clock`,
        [caseId, new Date(now)],
      );
      expect([now, duties.map((d: any) => `${d.scope}/${d.clock}`).sort()]).toEqual([
        now,
        overdueDuties(state, now)
          .map((d) => `${d.unitId}/${d.clock}`)
          .sort(),
      ]);
    }
  });

  it('lets both reads use their indexes', async () => {
    const plan = async (sql: string) =>
      (await ds.query(
        `EXPLAIN ${sql.replace(/:now/g, '?')}`,
        sql.match(/:now/g)!.map(() => new Date()),
      )) as { possible_keys: string | null }[];
    const cases = await plan(`SELECT COUNT(*) FROM proposal p WHERE ${overdueCaseSql('p')}`);
    expect(cases[0].possible_keys ?? '').toContain('ix_proposal_next_due');
    const duties = await plan(`SELECT COUNT(*) FROM deadline d WHERE ${overdueDutySql('d')}`);
    expect(duties[0].possible_keys ?? '').toContain('ix_deadline_open_duty');
  });
});
