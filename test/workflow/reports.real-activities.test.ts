/**
 * The supervisors' reports (issue #11) over cases driven through the real activities: 22 cases of
 * the national policy on the time-skipping server, projected into MariaDB, then the overdue report
 * and the handling statistics read back with ReportQueries and compared with figures worked by hand.
 *
 * Dates. The test server starts at the real time and only moves forward, so the scenario runs at a
 * fixed point in the future: day 0 is Monday 7 March 2033, 10:00 Shanghai. No State Council notice
 * for 2033 is shipped (nor loaded by another test: 2031 and 2032 are), so the calendar counts
 * Monday–Friday as working days there; the test checks that no notice or override day falls in the
 * span before it starts. Every action happens at 10:00 Shanghai on its day (one at 09:00).
 *
 *   day   date        working days after day 0 (strictly after 03-07, up to the day)
 *   D0    03-07 Mon   0    交办 of all 22 cases
 *   D1    03-08 Tue   1
 *   D3    03-10 Thu   3    签收 due at the end of this day (3 working days)
 *   D7    03-14 Mon   5
 *   D14   03-21 Mon   10
 *   D21   03-28 Mon   15   沟通联系 due at the end of this day (15 working days)
 *   D98   06-13 Mon   70   (14 weeks)
 *   D112  06-27 Mon   80   "now" of the reports
 *
 * The national policy: 签收 3 working days, 沟通联系 15 working days and 答复 3 months from 交办
 * (03-07 → 06-07, a Tuesday), 会办意见 1 month (04-07, Thursday), 征询意见 15 working days from the
 * reply (a window: silence is recorded as 无回复, feedbackNoAnswer = recordedAsNoAnswer), 重新办理
 * 1 month, 跟踪办理报告 6 months from the reply (B and C replies); 基本满意 does not reopen a case.
 */
import { randomUUID } from 'node:crypto';
import type { WorkflowHandle } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { DataSource } from 'typeorm';
import { createCaseActivities } from '@banli/activities';
import { findPolicy, lifecycleRulesOf, type ContactMethod, type Rating } from '@banli/domain';
import type { UnitAssignmentInput } from '@banli/domain/lifecycle';
import { Mailer, Outbox } from '@banli/mail';
import {
  CalendarStore,
  changedWorkingDays,
  FeedbackEntity,
  ProposalEntity,
  recountReportFacts,
  UnitEntity,
} from '@banli/persistence';
import {
  assignUpdate,
  caseStateQuery,
  decideExtensionUpdate,
  draftReplyUpdate,
  fileUpdate,
  giveFeedbackUpdate,
  holdUpdate,
  proposalWorkflow,
  recordContactUpdate,
  replyUpdate,
  requestExtensionUpdate,
  resumeUpdate,
  sendOpinionUpdate,
  signForUpdate,
  signOffReplyUpdate,
  urgeUpdate,
} from '@banli/workflows/proposal.workflow';
import { GROUP_BYS, ReportQueries, type Rate } from '../../apps/api/src/reports/report-queries';
import { MailCatcher } from '../../scripts/stack/mail-catcher';
import { freePort } from '../../scripts/stack/proc';
import { migrate } from '../e2e/harness';
import { testConfig } from '../support/env';
import {
  bundle,
  clerk,
  DAY,
  leader,
  office,
  proposer,
  quietRuntime,
  supervisor,
  TEST_SERVER,
} from './harness';

const policy = findPolicy('cn-national')!;
const rules = lifecycleRulesOf(policy);
const HOUR = 3_600_000;
/** Day 0 of the scenario: Monday 7 March 2033, 10:00 in Shanghai. */
const DAY0 = Date.parse('2033-03-07T10:00:00+08:00');
/** A term no other test uses, with a session of this run: the reports count only these cases. */
const TERM = 90;

type Handle = WorkflowHandle<typeof proposalWorkflow>;
interface Case {
  n: number;
  caseId: string;
  number: string;
  handle: Handle;
  proposerIds: string[];
}

/** A rate as the report gives it: the fraction rounded to four places, written out by hand. */
const R = (numerator: number, denominator: number, rate: number | null): Rate => ({
  numerator,
  denominator,
  rate,
});

const CLASS_A = '所提问题已经解决或基本解决';
const CLASS_B = '所提问题正在解决或已列入计划逐步解决';
const CLASS_C = '所提问题因目前条件限制需以后解决';
const CLASS_D = '所提问题留作参考';

describe('reports over cases handled through the real activities (MariaDB, national policy)', () => {
  let env: TestWorkflowEnvironment;
  let ds: DataSource;
  let workflowBundle: WorkflowBundleWithSourceMap;
  const mail = new MailCatcher();
  let mailer: Mailer;
  const tag = randomUUID().slice(0, 8);
  const session = 100 + Math.floor(Math.random() * 9_000);
  // 市民政局 (U1) and 市财政局 (U2), created for this test only
  const U1 = randomUUID();
  const U2 = randomUUID();

  beforeAll(async () => {
    quietRuntime();
    const port = await freePort();
    await mail.start(port);
    mailer = new Mailer({ ...testConfig().smtp, port });
    ds = await migrate(testConfig());
    await ds.getRepository(UnitEntity).save([
      { id: U1, code: `mz-${tag}`, name: '市民政局', contactEmail: `clerk-${tag}@mz.example.cn` },
      { id: U2, code: `cz-${tag}`, name: '市财政局', contactEmail: `clerk-${tag}@cz.example.cn` },
    ]);
    [env, workflowBundle] = await Promise.all([
      TestWorkflowEnvironment.createTimeSkipping({
        server: { executable: { type: 'existing-path', path: TEST_SERVER } },
      }),
      bundle(),
    ]);
  });

  afterAll(async () => {
    await env?.teardown();
    mailer?.close();
    await mail.stop();
    await ds?.destroy();
  });

  it('counts every figure of the overdue report and the statistics as worked by hand', async () => {
    // the planner and the reports read the same calendar: no holiday or make-up day in the span
    const calendar = await new CalendarStore(ds).calendar();
    const special = calendar.specialDaysBetween('2033-03-06', '2033-12-31');
    if (special.length)
      throw new Error(
        `the working days worked by hand assume Monday–Friday in 2033, but the calendar has ${JSON.stringify(special)}`,
      );
    const reports = new ReportQueries(ds, async () => calendar);

    const taskQueue = `reports-${tag}`;
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      workflowBundle,
      activities: createCaseActivities({
        dataSource: ds,
        outbox: new Outbox(ds, mailer),
        caseLink: (id) => `https://banli.test/proposals/${id}`,
        taskLink: (id, unit) => `https://banli.test/links/${id}/${unit}`,
      }),
    });

    const serverNow = async () => new Date(await env.currentTimeMs()).toISOString();
    /** Skips server time to `hour`:00 Shanghai on scenario day `day`. */
    const at = async (day: number, hour = 10) => {
      const target = DAY0 + day * DAY + (hour - 10) * HOUR;
      const now = await env.currentTimeMs();
      if (now > target)
        throw new Error(
          `day ${day} ${hour}:00 has already passed (server time ${new Date(now).toISOString()})`,
        );
      await env.sleep(target - now);
    };

    const cases = new Map<number, Case>();
    const c = (n: number) => cases.get(n)!;

    /** Registers, files and assigns case `n` (number 00n; ids sort by number). */
    async function open(
      n: number,
      mode: 'sole' | 'separate' | 'joint',
      units: UnitAssignmentInput[],
      opts: { keyCase?: boolean; proposers?: number } = {},
    ) {
      const number = String(n).padStart(3, '0');
      const caseId = `${tag}-0000-4000-8000-${String(n).padStart(12, '0')}`;
      const proposers = Array.from({ length: opts.proposers ?? 1 }, (_, i) => ({
        id: randomUUID(),
        name: `代表${n}-${i + 1}`,
        kind: 'deputy' as const,
      }));
      const handle = await env.client.workflow.start(proposalWorkflow, {
        taskQueue,
        workflowId: `proposal:cn-national:npc:${TERM}-${session}:${number}`,
        args: [
          {
            caseId,
            jurisdiction: 'cn-national',
            channel: 'npc',
            term: TERM,
            session,
            number,
            title: `关于第${n}号事项的建议`,
            proposers,
            policy: { id: policy.id, version: policy.version, rules },
            registeredAt: await serverNow(),
            searchAttributes: false,
          },
        ],
      });
      await handle.executeUpdate(fileUpdate, {
        args: [{ actor: office, number: `立-${number}`, category: '社会建设', keyCase: opts.keyCase }],
      });
      await handle.executeUpdate(assignUpdate, { args: [{ actor: office, mode, units }] });
      cases.set(n, { n, caseId, number, handle, proposerIds: proposers.map((p) => p.id) });
    }

    const sign = (n: number, unit: string) =>
      c(n).handle.executeUpdate(signForUpdate, { args: [{ actor: clerk(unit) }] });
    const contact = async (n: number, unit: string, method: ContactMethod) =>
      c(n).handle.executeUpdate(recordContactUpdate, {
        args: [{ actor: clerk(unit), method, date: await serverNow(), by: '王科长' }],
      });
    const draft = async (n: number, unit: string, cls: string) => {
      await c(n).handle.executeUpdate(draftReplyUpdate, {
        args: [
          {
            actor: clerk(unit),
            class: cls,
            text: '您提出的建议已收悉，现答复如下……',
            contactPerson: '王科长',
            contactPhone: '0571-87000000',
          },
        ],
      });
      await c(n).handle.executeUpdate(signOffReplyUpdate, { args: [{ actor: leader(unit) }] });
    };
    const reply = async (n: number, unit: string, cls: string) => {
      await draft(n, unit, cls);
      await c(n).handle.executeUpdate(replyUpdate, { args: [{ actor: clerk(unit) }] });
    };
    /** Each proposer of the case rates the unit, in order. */
    const rate = async (n: number, unit: string, ...ratings: Rating[]) => {
      for (const [i, rating] of ratings.entries()) {
        const proposerId = c(n).proposerIds[i];
        await c(n).handle.executeUpdate(giveFeedbackUpdate, {
          args: [{ actor: proposer(proposerId), unitId: unit, proposerId, rating }],
        });
      }
    };
    const extend = async (n: number, unit: string, newDueAt: string) => {
      await c(n).handle.executeUpdate(requestExtensionUpdate, {
        args: [{ actor: clerk(unit), reason: '涉及多部门协调', requestedDueAt: newDueAt }],
      });
      await c(n).handle.executeUpdate(decideExtensionUpdate, {
        args: [{ actor: office, unitId: unit, approve: true, newDueAt }],
      });
    };
    const urge = (n: number, unitId?: string) =>
      c(n).handle.executeUpdate(urgeUpdate, {
        args: [{ actor: supervisor, note: '请抓紧办理', ...(unitId ? { unitId } : {}) }],
      });
    /** Runs each case's steps (in order) while the cases run side by side. */
    const together = (...steps: (() => Promise<unknown>)[]) => Promise.all(steps.map((s) => s()));

    /** Waits until the read model has projected every case's last transition (timers included). */
    async function settle() {
      for (let i = 0; i < 150; i++) {
        const behind = await Promise.all(
          [...cases.values()].map(async (k) => {
            const s = await k.handle.query(caseStateQuery);
            const row = await ds.getRepository(ProposalEntity).findOneByOrFail({ id: k.caseId });
            return row.lastSeq < s.seq;
          }),
        );
        if (!behind.includes(true)) return;
        await new Promise((r) => setTimeout(r, 200));
      }
      throw new Error('the projection did not catch up');
    }

    await worker.runUntil(async () => {
      // ---- D0, Mon 03-07: 交办 -------------------------------------------------------------------
      await at(0);
      const sole = (u: string) => [{ unitId: u }];
      const joint = [
        { unitId: U1, role: 'lead' as const },
        { unitId: U2, role: 'co' as const },
      ];
      await Promise.all([
        ...[1, 2, 3, 4, 5, 6, 9, 10, 21].map((n) => open(n, 'sole', sole(U1))),
        open(7, 'sole', sole(U1), { proposers: 2 }),
        open(8, 'sole', sole(U1), { keyCase: true }),
        open(11, 'joint', joint),
        open(12, 'joint', joint),
        open(16, 'separate', [{ unitId: U1 }, { unitId: U2 }]),
        ...[13, 14, 15, 17, 18, 19, 20, 22].map((n) => open(n, 'sole', sole(U2))),
      ]);
      expect(cases.size).toBe(22);
      // 签收 the same day: 0 working days
      await together(
        () => sign(1, U1),
        () => sign(4, U1),
        () => sign(5, U1),
        () => sign(11, U1),
        () => sign(13, U2),
        () => sign(22, U2),
      );

      // ---- D1, Tue 03-08: 签收 after 1 working day ---------------------------------------------
      await at(1);
      await together(
        () => sign(2, U1),
        () => sign(9, U1),
        () => sign(10, U1),
        () => sign(12, U1),
        () => sign(12, U2), // the co-handler
        () => sign(16, U2),
        () => sign(20, U2),
      );

      // ---- D3, Thu 03-10: 签收 on its last day, 3 working days -----------------------------------
      await at(3);
      await together(
        () => sign(3, U1),
        () => sign(6, U1),
        () => sign(16, U1),
        () => sign(14, U2),
        () => sign(18, U2),
        () => sign(19, U2),
      );

      // ---- D7, Mon 03-14: late 签收 (5 working days), 沟通联系, the co-handler's opinion, urges ----
      await at(7);
      await together(
        async () => {
          await sign(7, U1);
          await contact(7, U1, 'faceToFace');
        },
        async () => {
          await sign(21, U1);
          await contact(21, U1, 'letter');
        },
        async () => {
          await sign(15, U2);
          await contact(15, U2, 'phone');
        },
        async () => {
          await sign(11, U2); // the co-handler, late
          await c(11).handle.executeUpdate(sendOpinionUpdate, {
            args: [{ actor: clerk(U2), text: '我局同意主办单位意见。' }],
          });
          await contact(11, U1, 'faceToFace');
        },
        () => contact(1, U1, 'faceToFace'),
        () => contact(2, U1, 'phone'),
        async () => {
          await contact(3, U1, 'faceToFace');
          await contact(3, U1, 'phone');
        },
        () => contact(4, U1, 'visit'),
        () => contact(5, U1, 'phone'),
        () => contact(6, U1, 'faceToFace'),
        () => contact(10, U1, 'phone'),
        async () => {
          await contact(12, U1, 'phone');
          await urge(12, U2); // aimed at the co-handler only
        },
        () => contact(16, U1, 'faceToFace'),
        () => contact(13, U2, 'online'),
        () => contact(14, U2, 'faceToFace'),
        () => contact(16, U2, 'phone'),
        () => contact(18, U2, 'letter'),
        () => contact(19, U2, 'faceToFace'),
        () => contact(20, U2, 'online'),
        () => contact(22, U2, 'faceToFace'),
        () => urge(8, U1),
      );

      // ---- D14, Mon 03-21: first replies after 10 working days; two holds; a whole-case urge ----
      await at(14);
      await together(
        () => reply(1, U1, 'A'),
        () => reply(6, U1, 'A'),
        () => reply(7, U1, 'C'),
        () => reply(11, U1, 'A'),
        () => reply(16, U1, 'C'),
        () => reply(13, U2, 'D'),
        () => reply(15, U2, 'B'),
        () => draft(18, U2, 'A'), // signed off, never sent
        () => c(10).handle.executeUpdate(holdUpdate, { args: [{ actor: office, reason: '等待上级答复' }] }),
        () => c(22).handle.executeUpdate(holdUpdate, { args: [{ actor: office, reason: '等待上级答复' }] }),
        () => urge(8),
      );

      // ---- D15, Tue 03-22: ratings; 不满意 reopens 6 and 7 (round 2) -----------------------------
      await at(15);
      await together(
        () => rate(1, U1, 'satisfied'),
        () => rate(6, U1, 'dissatisfied'),
        () => rate(7, U1, 'satisfied', 'dissatisfied'),
        () => rate(11, U1, 'satisfied'),
        () => rate(16, U1, 'satisfied'),
        () => rate(13, U2, 'satisfied'),
        () => rate(15, U2, 'satisfied'),
      );

      // ---- D21, Mon 03-28: first replies after 15 working days; second-round replies ------------
      await at(21);
      await together(
        () => reply(2, U1, 'B'),
        () => reply(3, U1, 'A'),
        () => reply(21, U1, 'A'),
        () => reply(19, U2, 'A'),
        async () => {
          await contact(6, U1, 'phone');
          await reply(6, U1, 'A');
        },
        async () => {
          await contact(7, U1, 'faceToFace');
          await reply(7, U1, 'B');
        },
      );

      // ---- D22, Tue 03-29: ratings (case 3 gets none: 无回复 when its window ends on 04-18) ------
      await at(22);
      await together(
        () => rate(2, U1, 'basicallySatisfied'),
        () => rate(21, U1, 'satisfied'),
        () => rate(19, U2, 'basicallySatisfied'),
        () => rate(6, U1, 'satisfied'),
        () => rate(7, U1, 'satisfied', 'basicallySatisfied'),
      );

      // ---- D24, Thu 03-31 09:00: case 22 resumes after 10 days less an hour ---------------------
      await at(24, 9);
      await c(22).handle.executeUpdate(resumeUpdate, { args: [{ actor: office }] });

      // ---- D56, Mon 05-02: approved extensions --------------------------------------------------
      await at(56);
      await together(
        () => extend(5, U1, '2033-07-07T16:00:00.000Z'), // to the end of 07-07
        () => extend(20, U2, '2033-06-21T16:00:00.000Z'), // to the end of 06-21
      );
      // the feedback window of case 3 has lapsed: 无回复 was recorded by the workflow's timer
      await settle();
      expect(
        await ds.getRepository(FeedbackEntity).findOneBy({ proposalId: c(3).caseId, unitId: U1 }),
      ).toMatchObject({ rating: 'noAnswer', round: 1, final: true });

      // ---- D98, Mon 06-13: replies after the 答复 due of 06-07 (70 working days) ----------------
      await at(98);
      await together(
        () => reply(4, U1, 'A'), // late
        () => reply(5, U1, 'A'), // extended to 07-07: on time
        () => reply(14, U2, 'A'), // late
        () => reply(16, U2, 'A'), // late
      );

      // ---- D99, Tue 06-14 -----------------------------------------------------------------------
      await at(99);
      await together(
        () => rate(4, U1, 'satisfied'),
        () => rate(5, U1, 'satisfied'),
        () => rate(14, U2, 'dissatisfied'),
        () => rate(16, U2, 'satisfied'),
      );

      // ---- D105, Mon 06-20: case 14's second round ----------------------------------------------
      await at(105);
      await contact(14, U2, 'faceToFace');
      await reply(14, U2, 'A');

      // ---- D106, Tue 06-21 ----------------------------------------------------------------------
      await at(106);
      await rate(14, U2, 'satisfied');

      // ---- D112, Mon 06-27 10:00: the reports ---------------------------------------------------
      await at(112);
      await settle();
    });
    const now = new Date(await env.currentTimeMs());
    expect(now.toISOString().slice(0, 13)).toBe('2033-06-27T02'); // 10:00 in Shanghai
    const filters = { jurisdiction: 'cn-national', term: TERM, session };

    // Where the cases stand now (U1 = 市民政局, U2 = 市财政局; "r2" = second round):
    //   1  U1 sole   signed D0, 面商, reply A D14 on time, 满意                       → 办结
    //   2  U1 sole   signed D1, 电话, reply B D21, 基本满意                           → 跟踪办理
    //   3  U1 sole   signed D3, 面商+电话, reply A D21, no rating: 无回复             → 办结
    //   4  U1 sole   signed D0, 走访, reply A D98 late, 满意                          → 办结
    //   5  U1 sole   signed D0, 电话, extended to 07-07, reply A D98 on time, 满意    → 办结
    //   6  U1 sole   signed D3, 面商, reply A D14, 不满意; r2 电话, reply A D21, 满意  → 办结
    //   7  U1 sole   2 proposers; signed D7, 面商, reply C D14, 满意 + 不满意;
    //                r2 面商, reply B D21, 满意 + 基本满意                            → 跟踪办理
    //   8  U1 sole   重点; never signed for; urged (U1) and urged (whole case)       → 3 overdue
    //   9  U1 sole   signed D1, nothing else                                         → 2 overdue
    //  10  U1 sole   signed D1, 电话, on hold since D14                              → held, not overdue
    //  11  U1 lead   signed D0, 面商, reply A D14, 满意; U2 co signed D7, opinion     → 办结
    //  12  U1 lead   signed D1, 电话, no reply; U2 co signed D1, no opinion, urged    → 1 + 1 overdue
    //  13  U2 sole   signed D0, 网络, reply D D14, 满意                               → 办结
    //  14  U2 sole   signed D3, 面商, reply A D98 late, 不满意; r2 面商, reply A, 满意 → 办结
    //  15  U2 sole   signed D7, 电话, reply B D14, 满意                               → 跟踪办理
    //  16  separate  U1 signed D3, 面商, reply C D14, 满意 (跟踪办理);
    //                U2 signed D1, 电话, reply A D98 late, 满意 (unit closed)         → case open
    //  17  U2 sole   never signed for                                                → 3 overdue
    //  18  U2 sole   signed D3, 信函, reply signed off D14, never sent                → 1 overdue
    //  19  U2 sole   signed D3, 面商, reply A D21, 基本满意                           → 办结
    //  20  U2 sole   signed D1, 网络, extended to 06-21, no reply                     → 1 overdue
    //  21  U1 sole   signed D7, 信函, reply A D21, 满意                               → 办结
    //  22  U2 sole   signed D0, 面商, held D14 10:00, resumed D24 09:00, no reply      → 1 overdue
    // 跟踪办理 reports are due 6 months after the reply (September): not overdue.

    // ---- overdue report --------------------------------------------------------------------------
    // One row per overdue duty, key cases first, then by due instant (then case id, unit, clock).
    // Calendar days from the due day to 06-27; working days strictly after the due day up to 06-27:
    //   签收 03-10 Thu: 109 days; Fri 03-11 + 15 weeks (03-14 … 06-24) + Mon 06-27 = 77 working days
    //   沟通 03-28 Mon: 91 days; 13 weeks = 65 working days
    //   会办 04-07 Thu: 81 days; Fri 04-08 + 11 weeks (04-11 … 06-24) + Mon 06-27 = 57
    //   答复 06-07 Tue: 20 days; Wed–Fri 3 + 2 weeks 10 + Mon 1 = 14
    //   case 22: 答复 06-07 24:00 moved by the hold (10 days less an hour) to 06-17 23:00 → due day
    //            06-17 Fri: 10 days; 06-20 … 06-24 5 + Mon 1 = 6
    //   case 20: extended to 06-21 Tue: 6 days; Wed, Thu, Fri, Mon = 4
    // urgeCount: case 8 got one urge aimed at U1 and one at the whole case (2); case 12 one aimed
    // at its co-handler U2 only (the co-handler's row 1, the lead's 0).
    const overdue = await reports.overdue({ kind: 'all' }, filters, now);
    const dueEnd = (day: string) => new Date(`${day}T16:00:00.000Z`); // 24:00 Shanghai
    const row = (
      n: number,
      unitId: string,
      unitRole: string,
      unitStage: string,
      clock: string,
      dueDate: string,
      daysLateCalendar: number,
      daysLateWorking: number,
      urgeCount: number,
    ) => ({
      caseId: c(n).caseId,
      number: c(n).number,
      jurisdiction: 'cn-national',
      channel: 'npc',
      term: TERM,
      session,
      keyCase: n === 8,
      unitId,
      unitName: unitId === U1 ? '市民政局' : '市财政局',
      unitRole,
      unitStage,
      clock,
      dueDate,
      daysLateCalendar,
      daysLateWorking,
      urgeCount,
      lastUrgedAt: urgeCount ? expect.any(Date) : null,
      ...(n === 22 ? {} : { dueAt: dueEnd(dueDate) }),
    });
    expect(overdue.rows).toMatchObject([
      row(8, U1, 'sole', 'ASSIGNED', 'signFor', '2033-03-10', 109, 77, 2),
      row(8, U1, 'sole', 'ASSIGNED', 'contact', '2033-03-28', 91, 65, 2),
      row(8, U1, 'sole', 'ASSIGNED', 'mainReply', '2033-06-07', 20, 14, 2),
      row(17, U2, 'sole', 'ASSIGNED', 'signFor', '2033-03-10', 109, 77, 0),
      row(9, U1, 'sole', 'RECEIVED', 'contact', '2033-03-28', 91, 65, 0),
      row(17, U2, 'sole', 'ASSIGNED', 'contact', '2033-03-28', 91, 65, 0),
      row(12, U2, 'co', 'RECEIVED', 'coOpinion', '2033-04-07', 81, 57, 1),
      row(9, U1, 'sole', 'RECEIVED', 'mainReply', '2033-06-07', 20, 14, 0),
      row(12, U1, 'lead', 'IN_PROGRESS', 'mainReply', '2033-06-07', 20, 14, 0),
      row(17, U2, 'sole', 'ASSIGNED', 'mainReply', '2033-06-07', 20, 14, 0),
      row(18, U2, 'sole', 'SIGNED_OFF', 'mainReply', '2033-06-07', 20, 14, 0),
      row(22, U2, 'sole', 'IN_PROGRESS', 'mainReply', '2033-06-17', 10, 6, 0),
      row(20, U2, 'sole', 'IN_PROGRESS', 'mainReply', '2033-06-21', 6, 4, 0),
    ]);
    expect(overdue.rows).toHaveLength(13);
    // labels, the citation, and case 22's due instant: 06-07 24:00 + (10 days − 1 hour) ≈ 06-17 23:00
    expect(overdue.rows[0]).toMatchObject({
      unitRoleLabel: '单办',
      unitStageLabel: '已交办，待签收',
      clockLabel: '签收',
      title: '关于第8号事项的建议',
    });
    expect(overdue.rows[0].citation).toMatch(/^人大九十届.+次会议第008号$/);
    expect(overdue.rows[6]).toMatchObject({ unitRoleLabel: '会办', clockLabel: '会办意见' });
    expect(overdue.rows[10]).toMatchObject({ unitStageLabel: '已签发，待答复', clockLabel: '答复' });
    const held = overdue.rows[11].dueAt.getTime() - Date.parse('2033-06-17T15:00:00.000Z');
    expect(Math.abs(held)).toBeLessThan(10 * 60_000);
    expect(overdue).toMatchObject({ generatedAt: now, total: 13, page: 1, pageSize: 200 });
    // U2: case 17 ×3, 12 (co), 18, 20, 22 = 7; U1: case 8 ×3 (key), 9 ×2, 12 (lead) = 6
    expect(overdue.byUnit).toEqual([
      { unitId: U2, unitName: '市财政局', count: 7, keyCases: 0 },
      { unitId: U1, unitName: '市民政局', count: 6, keyCases: 3 },
    ]);
    // the unit's own stage: 8 ×3 + 17 ×3 待签收; 9 ×2 + 12 co 已签收; 12 lead, 20, 22 办理中; 18 已签发
    expect(overdue.byStage).toEqual([
      { stage: 'ASSIGNED', label: '已交办，待签收', count: 6 },
      { stage: 'RECEIVED', label: '已签收', count: 3 },
      { stage: 'IN_PROGRESS', label: '办理中', count: 3 },
      { stage: 'SIGNED_OFF', label: '已签发，待答复', count: 1 },
    ]);
    // at least 21 days late: the 签收, 沟通 and 会办 rows (6); at least 20: also the four 答复 of 06-07
    expect((await reports.overdue({ kind: 'all' }, { ...filters, minDaysLate: 21 }, now)).total).toBe(6);
    expect((await reports.overdue({ kind: 'all' }, { ...filters, minDaysLate: 20 }, now)).total).toBe(11);
    // a page, and a unit's own view
    const page2 = await reports.overdue({ kind: 'all' }, filters, now, 2, 5);
    expect(page2.rows.map((r) => [r.caseId, r.clock])).toEqual(
      overdue.rows.slice(5, 10).map((r) => [r.caseId, r.clock]),
    );
    const own = await reports.overdue({ kind: 'unit', unitId: U1 }, filters, now);
    expect(own.total).toBe(6);
    expect(own.rows.map((r) => `${Number(r.number)}:${r.clock}`)).toEqual([
      '8:signFor',
      '8:contact',
      '8:mainReply',
      '9:contact',
      '9:mainReply',
      '12:mainReply',
    ]);

    // ---- statistics by unit ----------------------------------------------------------------------
    // Base set: the replying assignments (sole, lead, separate; not the co-handlers of 11 and 12).
    //   U1: 1 2 3 4 5 6 7 8 9 10 21 + 11, 12 (lead) + 16 (separate) = 14
    //   U2: 13 14 15 17 18 19 20 22 + 16 (separate)                  = 9
    // replied (a first reply):   U1 1 2 3 4 5 6 7 11 16 21 = 10;  U2 13 14 15 16 19 = 5
    // closed (case 办结):         U1 1 3 4 5 6 11 21 = 7;          U2 13 14 19 = 3 (16 is still open)
    // on time (first reply):     U1 all but 4 = 9;                U2 13 15 19 = 3 (14, 16 late)
    // rehandled (round 2):       U1 6 7 = 2;                       U2 14 = 1
    // contacted:                 U1 all but 8 9 = 12;              U2 all but 17 = 8
    //   面商 faceToFace           U1 1 3 6 7 11 16 = 6;             U2 14 19 22 = 3
    //   电话 phone                U1 2 3 5 6(r2) 10 12 = 6;         U2 15 16 = 2
    //   走访 visit / 信函 letter  U1 4 / 21;                         U2 – / 18
    //   网络 online               –;                                U2 13 20 = 2
    // first ratings (round 1):   U1 满意 1 4 5 7a 11 16 21 = 7, 基本满意 2, 不满意 6 7b = 2, 无回复 3
    //                            U2 满意 13 15 16 = 3, 基本满意 19, 不满意 14
    // final ratings (last round): U1 满意 1 4 5 6 7a 11 16 21 = 8, 基本满意 2 7b = 2, 无回复 3
    //                            U2 满意 13 14 15 16 = 4, 基本满意 19
    // classes of first replies:  U1 A 1 3 4 5 6 11 21 = 7, B 2, C 7 16 = 2;  U2 A 14 16 19 = 3, B 15, D 13
    // 签收用时 (all roles, working days after 03-07 to the receipt day):
    //   U1: 0 (1 4 5 11)  1 (2 9 10 12)  3 (3 6 16)  5 (7 21)      → 13, sum 23, mean 1.8, median 1
    //   U2: 0 (13 22)  1 (12co 16 20)  3 (14 18 19)  5 (11co 15)   → 10, sum 22, mean 2.2,
    //       median of [0 0 1 1 1 3 3 3 5 5] = (1 + 3) / 2 = 2
    //   all: 0 ×6, 1 ×7, 3 ×6, 5 ×4 → 23, sum 45, mean 1.96 → 2.0, median (12th) 1
    // 答复用时 (replying roles, to the first reply): D14 = 10, D21 = 15, D98 = 70 working days
    //   U1: 10 (1 6 7 11 16)  15 (2 3 21)  70 (4 5)  → 10, sum 235, mean 23.5, median (10 + 15) / 2
    //   U2: 10 (13 15)  15 (19)  70 (14 16)          → 5, sum 175, mean 35, median 15
    //   all: 10 ×7, 15 ×4, 70 ×4 → 15, sum 410, mean 27.3, median (8th) 15
    // overdue now (all roles): U1 8 ×3, 9 ×2, 12 lead = 6; U2 12 co, 17 ×3, 18, 20, 22 = 7
    const u1 = {
      key: U1,
      label: '市民政局',
      assigned: 14,
      replied: 10,
      closed: 7,
      rehandled: 2,
      overdueNow: 6,
      replyRate: R(10, 14, 0.7143),
      closeRate: R(7, 14, 0.5),
      onTimeRate: R(9, 10, 0.9),
      satisfactionFirst: {
        rated: 10,
        noAnswer: 1,
        satisfied: R(7, 10, 0.7),
        basicallySatisfied: R(1, 10, 0.1),
        dissatisfied: R(2, 10, 0.2),
        satisfiedOrBasically: R(8, 10, 0.8),
      },
      satisfactionFinal: {
        rated: 10,
        noAnswer: 1,
        satisfied: R(8, 10, 0.8),
        basicallySatisfied: R(2, 10, 0.2),
        dissatisfied: R(0, 10, 0),
        satisfiedOrBasically: R(10, 10, 1),
      },
      contactRate: R(12, 14, 0.8571),
      faceToFaceRate: R(6, 14, 0.4286),
      contactByMethod: { faceToFace: 6, phone: 6, visit: 1, letter: 1, online: 0 },
      classes: [
        { code: 'A', label: CLASS_A, share: R(7, 10, 0.7) },
        { code: 'B', label: CLASS_B, share: R(1, 10, 0.1) },
        { code: 'C', label: CLASS_C, share: R(2, 10, 0.2) },
      ],
      signForDays: { count: 13, average: 1.8, median: 1 },
      replyDays: { count: 10, average: 23.5, median: 12.5 },
      publishedRate: null,
    };
    const u2 = {
      key: U2,
      label: '市财政局',
      assigned: 9,
      replied: 5,
      closed: 3,
      rehandled: 1,
      overdueNow: 7,
      replyRate: R(5, 9, 0.5556),
      closeRate: R(3, 9, 0.3333),
      onTimeRate: R(3, 5, 0.6),
      satisfactionFirst: {
        rated: 5,
        noAnswer: 0,
        satisfied: R(3, 5, 0.6),
        basicallySatisfied: R(1, 5, 0.2),
        dissatisfied: R(1, 5, 0.2),
        satisfiedOrBasically: R(4, 5, 0.8),
      },
      satisfactionFinal: {
        rated: 5,
        noAnswer: 0,
        satisfied: R(4, 5, 0.8),
        basicallySatisfied: R(1, 5, 0.2),
        dissatisfied: R(0, 5, 0),
        satisfiedOrBasically: R(5, 5, 1),
      },
      contactRate: R(8, 9, 0.8889),
      faceToFaceRate: R(3, 9, 0.3333),
      contactByMethod: { faceToFace: 3, phone: 2, visit: 0, letter: 1, online: 2 },
      classes: [
        { code: 'A', label: CLASS_A, share: R(3, 5, 0.6) },
        { code: 'B', label: CLASS_B, share: R(1, 5, 0.2) },
        { code: 'D', label: CLASS_D, share: R(1, 5, 0.2) },
      ],
      signForDays: { count: 10, average: 2.2, median: 2 },
      replyDays: { count: 5, average: 35, median: 15 },
      publishedRate: null,
    };
    // the sums of both units
    const all = {
      assigned: 23,
      replied: 15,
      closed: 10,
      rehandled: 3,
      overdueNow: 13,
      replyRate: R(15, 23, 0.6522),
      closeRate: R(10, 23, 0.4348),
      onTimeRate: R(12, 15, 0.8),
      satisfactionFirst: {
        rated: 15,
        noAnswer: 1,
        satisfied: R(10, 15, 0.6667),
        basicallySatisfied: R(2, 15, 0.1333),
        dissatisfied: R(3, 15, 0.2),
        satisfiedOrBasically: R(12, 15, 0.8),
      },
      satisfactionFinal: {
        rated: 15,
        noAnswer: 1,
        satisfied: R(12, 15, 0.8),
        basicallySatisfied: R(3, 15, 0.2),
        dissatisfied: R(0, 15, 0),
        satisfiedOrBasically: R(15, 15, 1),
      },
      contactRate: R(20, 23, 0.8696),
      faceToFaceRate: R(9, 23, 0.3913),
      contactByMethod: { faceToFace: 9, phone: 8, visit: 1, letter: 2, online: 2 },
      classes: [
        { code: 'A', label: CLASS_A, share: R(10, 15, 0.6667) },
        { code: 'B', label: CLASS_B, share: R(2, 15, 0.1333) },
        { code: 'C', label: CLASS_C, share: R(2, 15, 0.1333) },
        { code: 'D', label: CLASS_D, share: R(1, 15, 0.0667) },
      ],
      signForDays: { count: 23, average: 2, median: 1 },
      replyDays: { count: 15, average: 27.3, median: 15 },
      publishedRate: null,
    };
    const byUnit = await reports.statistics({ kind: 'all' }, filters, 'unit', now);
    expect(byUnit).toEqual({
      groupBy: 'unit',
      generatedAt: now,
      groups: [u1, u2], // most assignments first
      total: { key: 'total', label: '合计', ...all },
      benchmark: null,
    });

    // one session, one jurisdiction, one month of assignment: a single group equal to the total
    const bySession = await reports.statistics({ kind: 'all' }, filters, 'session', now);
    expect(bySession.groups).toEqual([
      {
        ...all,
        key: `cn-national|npc|${TERM}|${session}`,
        label: expect.stringMatching(/^全国人大.+人大九十届/),
      },
    ]);
    const byMonth = await reports.statistics({ kind: 'all' }, filters, 'month', now);
    expect(byMonth.groups).toEqual([{ ...all, key: '2033-03', label: '2033年3月' }]);
    // nothing was assigned after 03-07
    const later = await reports.statistics({ kind: 'all' }, { ...filters, from: '2033-03-08' }, 'unit', now);
    expect(later.groups).toEqual([]);
    expect(later.total).toMatchObject({ assigned: 0, replyRate: R(0, 0, null), signForDays: { count: 0 } });

    // a unit sees its own figures beside those of every unit the filters cover
    const ownStats = await reports.statistics({ kind: 'unit', unitId: U2 }, filters, 'unit', now);
    expect(ownStats.groups).toEqual([u2]);
    expect(ownStats.total).toEqual({ ...u2, key: 'total', label: '合计' });
    expect(ownStats.benchmark).toEqual({ key: 'all', label: '全部承办单位', ...all });

    // the sums the projection kept say what the assignments say, whatever the grouping: per
    // session (report_fact), and over all sessions (report_total, read when no session is asked)
    const fromAssignments = new ReportQueries(ds, async () => calendar, 'assignments');
    for (const groupBy of GROUP_BYS)
      for (const [scope, f] of [
        [{ kind: 'all' }, filters],
        [{ kind: 'all' }, { ...filters, keyCase: true }],
        [{ kind: 'all' }, { ...filters, unitId: U1 }],
        [{ kind: 'unit', unitId: U2 }, filters],
        [{ kind: 'all' }, {}],
        [{ kind: 'all' }, { jurisdiction: 'cn-national', channel: 'npc' }],
        [{ kind: 'all' }, { keyCase: false, unitId: U2 }],
        [{ kind: 'unit', unitId: U1 }, { jurisdiction: 'cn-national' }],
      ] as const)
        expect([groupBy, scope, f, await reports.statistics(scope, f, groupBy, now)]).toEqual([
          groupBy,
          scope,
          f,
          await fromAssignments.statistics(scope, f, groupBy, now),
        ]);

    // a calendar correction: 03-08 (D1, inside most spans) made a holiday; counted again for this
    // session's cases, the kept spans say what the assignments read on the corrected calendar say
    const corrected = calendar.withOverrides([
      { date: '2033-03-08', working: false, reason: '测试：临时调休' },
    ]);
    const days = changedWorkingDays(calendar, corrected, '2033-01-01', '2033-12-31');
    expect(days).toEqual(['2033-03-08']);
    const thisSession = { jurisdiction: 'cn-national', channel: 'npc', term: TERM, session };
    // all but the cases whose spans end before 03-08: never signed for (8, 17), signed D0 and no reply (22)
    expect(await recountReportFacts(ds, corrected, days, thisSession)).toBe(19);
    const onCorrected = await new ReportQueries(ds, async () => corrected).statistics(
      { kind: 'all' },
      filters,
      'unit',
      now,
    );
    expect(onCorrected).toEqual(
      await new ReportQueries(ds, async () => corrected, 'assignments').statistics(
        { kind: 'all' },
        filters,
        'unit',
        now,
      ),
    );
    // case 1's reply on D14 now counts 9 working days, not 10; the unsigned never count
    expect(onCorrected.total.replyDays.average).toBeLessThan(all.replyDays.average!);
    expect(onCorrected.total.signForDays.count).toBe(all.signForDays.count);
    // and back on the calendar in force
    await recountReportFacts(ds, calendar, days, thisSession);
    expect(await reports.statistics({ kind: 'all' }, filters, 'unit', now)).toEqual(
      await fromAssignments.statistics({ kind: 'all' }, filters, 'unit', now),
    );
    // the same correction made the way an administrator makes it: the calendar store counts again
    // when the override is put, and again when it is removed (no other test counts spans in 2033)
    const store = new CalendarStore(ds);
    await store.putOverride({ date: '2033-03-08', working: false, reason: '测试：临时调休' }, 'test');
    try {
      expect(await reports.statistics({ kind: 'all' }, filters, 'unit', now)).toEqual(onCorrected);
    } finally {
      await store.deleteOverride('2033-03-08');
    }
    expect(await reports.statistics({ kind: 'all' }, filters, 'unit', now)).toEqual(
      await fromAssignments.statistics({ kind: 'all' }, filters, 'unit', now),
    );
  }, 600_000);
});
