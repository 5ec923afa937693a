import {
  candidateClocks,
  createShippedCalendar,
  resolveClockSpec,
  shippedPolicies,
  START_EVENTS,
  UNIT_ROLES,
  replanRequest,
  type ClockRequest,
  type DeadlineState,
  type UnitState,
} from '@banli/domain';
import { planDeadlines } from './deadline.activities';

const calendar = createShippedCalendar();
const AT = '2026-03-31T10:00:00+08:00';

describe('planDeadlines answers the lifecycle in its own vocabulary', () => {
  // Every clock the lifecycle asks for at an event is planned whenever the policy starts it there —
  // before one vocabulary, rehandlingCap and adjustmentDecision were asked for and never planned.
  const cases = shippedPolicies().flatMap((p) =>
    p.channels.flatMap((channel) =>
      UNIT_ROLES.flatMap((role) =>
        START_EVENTS.map(
          (event) => [`${p.id}/${channel}/${role}/${event}`, p, channel, role, event] as const,
        ),
      ),
    ),
  );

  it.each(cases)('%s', (_name, policy, channel, role, event) => {
    const clocks = candidateClocks(role, event);
    const request: ClockRequest = { unitId: 'u1', startEvent: event, startAt: AT, clocks };
    const planned = planDeadlines(
      { policyId: policy.id, policyVersion: policy.version, channel, requests: [request] },
      calendar,
    );
    const expected = clocks.filter((c) => {
      const spec = policy.clocks[c];
      return spec && resolveClockSpec(spec, channel).spec.startsAt === event;
    });
    expect(planned.map((d) => d.clock).sort()).toEqual([...expected].sort());
    for (const d of planned) expect(d).toMatchObject({ unitId: 'u1', startEvent: event, startAt: AT });
  });

  it('plans the re-handling cap, so an extension during re-handling can be decided', () => {
    const planned = planDeadlines(
      {
        policyId: 'cn-national',
        policyVersion: 1,
        channel: 'npc',
        requests: [
          {
            unitId: 'u1',
            startEvent: 'rehandlingStarted',
            startAt: AT,
            clocks: candidateClocks('sole', 'rehandlingStarted'),
          },
        ],
      },
      calendar,
    );
    expect(planned.map((d) => d.clock)).toEqual(['rehandling', 'rehandlingCap']);
  });

  it("plans the office's decision on an adjustment request (Guangzhou: 7 days)", () => {
    const [d] = planDeadlines(
      {
        policyId: 'guangzhou',
        policyVersion: 1,
        channel: 'cppcc',
        requests: [
          { unitId: 'u1', startEvent: 'adjustmentRequested', startAt: AT, clocks: ['adjustmentDecision'] },
        ],
      },
      calendar,
    );
    expect(d).toMatchObject({ clock: 'adjustmentDecision', dueAt: '2026-04-07T16:00:00.000Z' });
  });
});

describe('requests from runs started before tracking counted from the reply', () => {
  const plan = (startEvent: ClockRequest['startEvent']) =>
    planDeadlines(
      {
        policyId: 'cn-national',
        policyVersion: 1,
        channel: 'npc',
        requests: [{ unitId: 'u1', startEvent, startAt: AT, clocks: ['trackingReport'] }],
      },
      calendar,
    );

  it('plans a trackingStarted request as the reply event it stood for, recording what was asked', () => {
    const legacy = plan('trackingStarted');
    expect(legacy.map((d) => d.clock)).toEqual(['trackingReport']);
    expect(legacy[0]).toMatchObject({ startEvent: 'trackingStarted', startAt: AT });
    expect(legacy[0].dueAt).toBe(plan('replied')[0].dueAt);
  });
});

describe('replanRequest (recompute of an open deadline)', () => {
  const unit = {
    unitId: 'u1',
    replies: [{ at: '2026-05-10T02:00:00.000Z' }],
  } as unknown as UnitState;
  const tracking = {
    clock: 'trackingReport',
    startEvent: 'trackingStarted',
    startAt: '2026-06-01T02:00:00.000Z',
  } as unknown as DeadlineState;

  it('re-plans tracking recorded by an older run from the last reply in a new run', () => {
    expect(replanRequest(unit, tracking, false)).toEqual({
      unitId: 'u1',
      startEvent: 'replied',
      startAt: '2026-05-10T02:00:00.000Z',
      clocks: ['trackingReport'],
    });
  });

  it('re-plans exactly what a legacy run recorded (its history replays)', () => {
    expect(replanRequest(unit, tracking, true)).toEqual({
      unitId: 'u1',
      startEvent: 'trackingStarted',
      startAt: '2026-06-01T02:00:00.000Z',
      clocks: ['trackingReport'],
    });
  });

  it('asks for the cap with its clock', () => {
    const reply = { clock: 'mainReply', startEvent: 'assigned', startAt: AT } as unknown as DeadlineState;
    expect(replanRequest(unit, reply, false).clocks).toEqual(['mainReply', 'mainReplyCap']);
  });
});
