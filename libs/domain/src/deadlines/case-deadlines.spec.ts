import { createShippedCalendar } from '../calendar';
import { findPolicy, shippedPolicies } from '../policies/shipped';
import { DEFAULT_VALUE_NOTE, type JurisdictionPolicy } from '../policies/types';
import { CLOCK_IDS, type Channel } from '../vocabulary';
import { computeCaseDeadlines } from './compute';

const cal = createShippedCalendar();
// A sample case: assigned Tue 31 Mar 2026, received Thu 2 Apr, draft for countersign Thu 10 Sep,
// replied Tue 15 Sep, re-assigned Wed 30 Sep.
const events = {
  assigned: '2026-03-31T10:00:00+08:00',
  received: '2026-04-02T09:30:00+08:00',
  adjustmentRequested: '2026-04-03T15:00:00+08:00',
  draftSubmitted: '2026-09-10T09:00:00+08:00',
  replied: '2026-09-15T09:00:00+08:00',
  rehandlingStarted: '2026-09-30T09:00:00+08:00',
};

function policy(id: string): JurisdictionPolicy {
  const p = findPolicy(id);
  if (!p) throw new Error(`no policy ${id}`);
  return p;
}

function byClock(list: ReturnType<typeof computeCaseDeadlines>) {
  return Object.fromEntries(list.map((d) => [d.clock, d]));
}

describe('computeCaseDeadlines for each shipped policy', () => {
  it.each<[string, Channel, string, string]>([
    ['cn-national', 'npc', '2026-06-30', '交办之日起3个月'],
    ['fujian', 'npc', '2026-06-30', '交办之日起3个月'],
    ['sichuan', 'npc', '2026-07-02', '收到交办件之日起3个月'],
    ['sichuan', 'cppcc', '2026-09-02', '收到交办件之日起5个月'],
    ['shandong', 'npc', '2026-07-02', '收到交办件之日起3个月'],
    ['yulin', 'npc', '2026-06-30', '交办之日起3个月'],
    ['guangzhou', 'cppcc', '2026-06-30', '交办之日起3个月'],
    ['fengyang', 'npc', '2026-06-30', '交办之日起3个月'],
  ])('%s (%s): main reply due %s', (id, channel, mainReply, ruleText) => {
    const p = policy(id);
    const list = computeCaseDeadlines(p, events, cal, { channel });
    const all = byClock(list);
    expect(all.mainReply).toMatchObject({
      dueDate: mainReply,
      ruleText,
      policyId: id,
      policyVersion: p.version,
    });
    expect(all.mainReply.dueAt).toBe(`${mainReply}T16:00:00.000Z`);
    // Every defined clock gets a deadline, in the stable order.
    const expected = CLOCK_IDS.filter((c) => p.clocks[c]);
    expect(list.map((d) => d.clock)).toEqual(expected);
    for (const d of list) {
      expect(d.summary).toContain(d.dueDate);
      expect(d.warnings.filter((w) => !w.startsWith('2027年'))).toEqual([]);
    }
  });

  it('applies each jurisdiction’s own short clocks', () => {
    const sd = byClock(computeCaseDeadlines(policy('shandong'), events, cal, { channel: 'npc' }));
    expect(sd.adjustmentWindow).toMatchObject({ dueDate: '2026-04-07', ruleText: '收到交办件之日起5日' });
    // Yulin: 7 working days from receipt of the notice; Qingming (4–6 Apr) is skipped.
    const yl = byClock(computeCaseDeadlines(policy('yulin'), events, cal, { channel: 'npc' }));
    expect(yl.adjustmentWindow).toMatchObject({
      dueDate: '2026-04-14',
      ruleText: '收到交办件之日起7个工作日',
    });
    expect(yl.adjustmentWindow.crossed.map((c) => c.date)).toEqual([
      '2026-04-04',
      '2026-04-05',
      '2026-04-06',
    ]);
    // Guangzhou: the office answers an adjustment request within 7 days.
    const gz = byClock(computeCaseDeadlines(policy('guangzhou'), events, cal, { channel: 'npc' }));
    expect(gz.adjustmentDecision).toMatchObject({ dueDate: '2026-04-10', ruleText: '收到调整申请之日起7日' });
    // Fujian: co-handler opinion one month from assignment; extension cap 6 months.
    const fj = byClock(computeCaseDeadlines(policy('fujian'), events, cal, { channel: 'npc' }));
    expect(fj.coOpinion.dueDate).toBe('2026-04-30');
    expect(fj.mainReplyCap.dueDate).toBe('2026-09-30');
    // Sichuan: re-handling reply within 3 months.
    const sc = byClock(computeCaseDeadlines(policy('sichuan'), events, cal, { channel: 'npc' }));
    expect(sc.rehandling).toMatchObject({ dueDate: '2026-12-30', ruleText: '重新交办之日起3个月' });
    // 6 months from 2 Apr is Fri 2 Oct, inside National Day: rolls to Thu 8 Oct.
    expect(sc.mainReplyCap).toMatchObject({
      dueDate: '2026-10-08',
      rolled: { from: '2026-10-02', to: '2026-10-08' },
    });
  });

  it('Sichuan: CPPCC proposals raised between sessions get 3 months, not 5', () => {
    const p = policy('sichuan');
    const during = byClock(computeCaseDeadlines(p, events, cal, { channel: 'cppcc' }));
    const closed = byClock(computeCaseDeadlines(p, events, cal, { channel: 'cppcc', duringSession: false }));
    expect(during.mainReply).toMatchObject({ dueDate: '2026-09-02', channel: 'cppcc' });
    expect(closed.mainReply.dueDate).toBe('2026-07-02');
    expect(closed.mainReply.note).toContain('闭会期间');
  });

  it('computes an offset-before clock after the clock it counts back from (Fengyang)', () => {
    const fy = byClock(computeCaseDeadlines(policy('fengyang'), events, cal, { channel: 'cppcc' }));
    expect(fy.coOpinion).toMatchObject({
      dueDate: '2026-06-10',
      reference: { clock: 'mainReply', dueDate: '2026-06-30' },
      ruleText: '答复期限届满前20日',
    });
    // Asked for alone, the reference is still computed but not returned.
    const only = computeCaseDeadlines(policy('fengyang'), events, cal, {
      channel: 'npc',
      clocks: ['coOpinion'],
    });
    expect(only.map((d) => d.clock)).toEqual(['coOpinion']);
    expect(only[0].dueDate).toBe('2026-06-10');
  });

  it('uses the complex-item variant of the main reply, and counts offsets back from it', () => {
    const nat = computeCaseDeadlines(policy('cn-national'), events, cal, { channel: 'npc', complex: true });
    expect(byClock(nat).mainReply).toMatchObject({
      dueDate: '2026-09-30',
      ruleText: '交办之日起6个月',
      complex: true,
    });
    expect(nat.filter((d) => d.clock === 'mainReply')).toHaveLength(1);
    const fy = byClock(
      computeCaseDeadlines(policy('fengyang'), events, cal, { channel: 'npc', complex: true }),
    );
    expect(fy.coOpinion.reference).toEqual({ clock: 'mainReply', dueDate: '2026-09-30' });
    expect(fy.coOpinion.dueDate).toBe('2026-09-10');
  });

  it('warns when a complex item meets a policy without a complex-item variant', () => {
    const p = policy('shandong');
    delete p.clocks.mainReply!.complex;
    const d = byClock(computeCaseDeadlines(p, events, cal, { channel: 'npc', complex: true }));
    expect(d.mainReply.dueDate).toBe('2026-07-02');
    expect(d.mainReply.warnings).toContain(
      '该政策未规定复杂件（涉及面广、处理难度大）的答复期限，按一般答复期限计算',
    );
  });

  it('computes only clocks whose start event is known', () => {
    const list = computeCaseDeadlines(policy('cn-national'), { assigned: events.assigned }, cal, {
      channel: 'npc',
    });
    expect(list.map((d) => d.clock)).toEqual([
      'signFor',
      'coOpinion',
      'contact',
      'mainReply',
      'mainReplyCap',
    ]);
  });

  it('warns when asked about a channel the policy does not cover', () => {
    const [d] = computeCaseDeadlines(policy('cn-national'), events, cal, {
      channel: 'cppcc',
      clocks: ['mainReply'],
    });
    expect(d.warnings).toContain('政策cn-national未规定政协提案的办理期限，仅供参考');
  });

  it('warns about 2027 when a follow-up runs past the shipped data', () => {
    const [d] = computeCaseDeadlines(policy('cn-national'), events, cal, {
      channel: 'npc',
      clocks: ['trackingReport'],
    });
    expect(d.dueDate).toBe('2027-03-15');
    expect(d.warnings).toEqual([expect.stringMatching(/^2027年无节假日安排数据/)]);
  });

  it('marks every value that is not a citation as a default', () => {
    for (const p of shippedPolicies()) {
      for (const [id, c] of Object.entries(p.clocks)) {
        for (const s of [
          c,
          ...Object.values(c.byChannel ?? {}),
          ...(c.closedSession ? [c.closedSession] : []),
        ]) {
          const ok = s.source !== undefined || s.note === DEFAULT_VALUE_NOTE;
          if (!ok) throw new Error(`${p.id}.${id}: neither cited nor marked as default`);
        }
      }
    }
    const d = byClock(computeCaseDeadlines(policy('shandong'), events, cal, { channel: 'npc' }));
    expect(d.publication.note).toBe(DEFAULT_VALUE_NOTE);
    expect(d.adjustmentWindow.note).not.toBe(DEFAULT_VALUE_NOTE);
  });
});
