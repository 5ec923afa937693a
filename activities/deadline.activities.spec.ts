import {
  candidateClocks,
  createShippedCalendar,
  resolveClockSpec,
  shippedPolicies,
  START_EVENTS,
  UNIT_ROLES,
  type ClockRequest,
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
