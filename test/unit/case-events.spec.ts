/**
 * workflows/case-events.ts on its own: domain event → case events (mail facts).
 *
 * Runs started before SEAMS_PATCH (`legacy`) must schedule exactly the emitCaseEvent activities the
 * old workflow code (72f4ca90, `caseEventsOf` in workflows/proposal.workflow.ts) scheduled, in the
 * same order and with the same kind — except the kinds the old mail activity never mailed, which
 * are now `silent` (facts.event keeps the domain event type). Checked two ways:
 *   - against the recorded old runs in test/workflow/histories/v1-*.json (each projectTransition
 *     carries the domain events and the state, and the emitCaseEvent calls after it are what the
 *     old code emitted for them);
 *   - against a table of the old mapping, for every event type the domain emits.
 * New runs: only events that send something, plus the newer kinds (draft mail, countersign and
 * office-review mail, no mail when a key case is un-marked, the adjustment decision deadline).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CaseState, DeadlineState, DomainEvent, UnitState } from '../../libs/domain/src/lifecycle';
import type { ClockId } from '../../libs/domain/src/vocabulary';
import { caseEventsOf, type CaseEventDraft } from '../../workflows/case-events';

const ROOT = path.join(__dirname, '..', '..');
const HISTORIES = path.join(ROOT, 'test/workflow/histories');

/** Old kinds the old mail activity sent nothing for: legacy runs emit them as `silent`. */
const OLD_SILENT_KINDS = [
  'tracking',
  'held',
  'resumed',
  'unitClosed',
  'closed',
  'notFiled',
  'merged',
  'withdrawn',
];

/**
 * The old code's output per domain event type ([kind, unit] in order; 'event' = the event's own
 * unitId, 'toUnit' = e.toUnitId), read from caseEventsOf at 72f4ca90. Types not listed emitted nothing.
 */
const OLD_OUTPUT: Record<string, [kind: string, unit: 'event' | 'toUnit'][]> = {
  UnitAssigned: [['assigned', 'event']],
  Replied: [
    ['replied', 'event'],
    ['feedbackRequested', 'event'],
  ],
  RehandlingStarted: [['rehandling', 'event']],
  TrackingStarted: [['tracking', 'event']],
  AdjustmentRequested: [['adjustmentRequested', 'event']],
  AdjustmentApproved: [['adjustmentDecided', 'event']],
  AdjustmentRejected: [['adjustmentDecided', 'event']],
  ExtensionRequested: [['extensionRequested', 'event']],
  ExtensionApproved: [['extensionDecided', 'event']],
  ExtensionRejected: [['extensionDecided', 'event']],
  OpinionSent: [['opinionReceived', 'toUnit']],
  Urged: [['urged', 'event']],
  KeyCaseMarked: [['keyCase', 'event']],
  Held: [['held', 'event']],
  Resumed: [['resumed', 'event']],
  UnitClosed: [['unitClosed', 'event']],
  CaseClosed: [['closed', 'event']],
  NotFiled: [['notFiled', 'event']],
  Merged: [['merged', 'event']],
  Withdrawn: [['withdrawn', 'event']],
};

const legacyKind = (oldKind: string) => (OLD_SILENT_KINDS.includes(oldKind) ? 'silent' : oldKind);

// ---------------------------------------------------------------------------------------------
// A joint case: u1 leads (replied once with a B-class answer, a draft for round 2 on file),
// u2 co-handles, u3 was replaced.

const T = (day: number) => new Date(Date.UTC(2026, 2, 1) + day * 86_400_000).toISOString();

function deadline(clock: ClockId, dueDay: number, extra: Partial<DeadlineState> = {}): DeadlineState {
  return {
    clock,
    dueAt: T(dueDay),
    summary: `${clock} 截止`,
    explanation: { escalateTo: ['dc-1'] },
    reminderOffsetsDays: [3, 1],
    startEvent: 'assigned',
    startAt: T(0),
    armedAt: T(0),
    open: true,
    firedReminders: [],
    heldMs: 0,
    ...extra,
  };
}

function unitState(unitId: string, extra: Partial<UnitState>): UnitState {
  return {
    unitId,
    role: 'co',
    stage: 'IN_PROGRESS',
    assignedAt: T(0),
    round: 1,
    deadlines: {},
    limits: {},
    adjustments: [],
    extensions: [],
    contacts: [],
    replies: [],
    feedback: [],
    trackingReports: [],
    ...extra,
  } as UnitState;
}

const STATE: CaseState = {
  caseId: 'case-1',
  stage: 'ASSIGNED',
  proposers: [
    { id: 'p1', name: '张委员' },
    { id: 'p2', name: '李委员' },
  ],
  registeredAt: T(0),
  seq: 9,
  keyCase: true,
  merged: [],
  mode: 'joint',
  leadUnitId: 'u1',
  units: [
    unitState('u1', {
      role: 'lead',
      stage: 'FEEDBACK_PENDING',
      round: 2,
      deadlines: {
        signFor: deadline('signFor', 5, { open: false }),
        mainReply: deadline('mainReply', 90),
        feedback: deadline('feedback', 40, { startEvent: 'replied', startAt: T(25) }),
        rehandling: deadline('rehandling', 70, { startEvent: 'rehandlingStarted', startAt: T(40) }),
        trackingReport: deadline('trackingReport', 85, { startEvent: 'replied', startAt: T(25) }),
        adjustmentDecision: deadline('adjustmentDecision', 9, { startEvent: 'adjustmentRequested' }),
      },
      replies: [
        {
          round: 1,
          class: 'B',
          text: '已列入明年计划',
          contactPerson: '王',
          contactPhone: '1',
          at: T(25),
          by: 'u1-clerk',
          signedOffBy: 'u1-leader',
          late: false,
        },
      ],
      feedback: [
        { proposerId: 'p1', rating: 'dissatisfied', comment: '未解决', at: T(30), round: 1, enteredBy: 'p1' },
      ],
      draft: {
        class: 'A',
        text: '第二次答复',
        contactPerson: '王',
        contactPhone: '1',
        draftedAt: T(50),
        draftedBy: 'u1-clerk',
      },
    }),
    unitState('u2', { deadlines: { coOpinion: deadline('coOpinion', 30) } }),
    unitState('u3', { stage: 'REPLACED', replacedBy: 'u2' }),
  ],
  opinions: [{ fromUnitId: 'u2', toUnitId: 'u1', text: '协办意见', at: T(10), by: 'u2-clerk' }],
  urges: [],
  holds: [],
} as CaseState;

/**
 * A joint reply waiting for countersignature: u1's round-1 draft went to co-handlers u2 and u5 at
 * T(50), each with its countersign deadline; u2 has agreed.
 */
const COUNTERSIGN_STATE: CaseState = {
  ...STATE,
  jointReply: true,
  units: [
    unitState('u1', {
      role: 'lead',
      stage: 'REPLY_REVIEW',
      deadlines: { mainReply: deadline('mainReply', 90) },
      draft: {
        class: 'B',
        text: '联合答复'.repeat(60),
        contactPerson: '王',
        contactPhone: '1',
        draftedAt: T(50),
        draftedBy: 'u1-clerk',
        countersigns: [
          { unitId: 'u2', requestedAt: T(50), answer: 'agree', at: T(51), by: 'u2-clerk' },
          { unitId: 'u5', requestedAt: T(50) },
        ],
      },
    }),
    unitState('u2', {
      deadlines: {
        countersign: deadline('countersign', 53, { startEvent: 'draftSubmitted', startAt: T(50) }),
      },
    }),
    unitState('u3', { stage: 'REPLACED', replacedBy: 'u2' }),
    unitState('u5', {
      deadlines: {
        countersign: deadline('countersign', 55, { startEvent: 'draftSubmitted', startAt: T(50) }),
      },
    }),
  ],
} as CaseState;

const ev = (type: string, fields: Record<string, unknown> = {}): DomainEvent => ({
  type,
  at: T(60),
  actorId: 'actor-1',
  ...fields,
});

/** One event of every type the domain emits, as decide() shapes it. */
const EVENTS: Record<string, DomainEvent> = {
  Filed: ev('Filed', { number: '006', category: '教育', keyCase: false, complex: false }),
  NotFiled: ev('NotFiled', { reason: '个人诉求', convertedTo: '委员来信' }),
  Merged: ev('Merged', { parentCaseId: 'case-0', reason: '内容相同' }),
  ProposersAbsorbed: ev('ProposersAbsorbed', { childCaseId: 'case-2', proposerIds: ['p3'] }),
  ReturnedForRevision: ev('ReturnedForRevision', { reason: '请补充' }),
  Resubmitted: ev('Resubmitted'),
  Withdrawn: ev('Withdrawn', { reason: '问题已解决' }),
  CaseAssigned: ev('CaseAssigned', { mode: 'joint', units: ['u1', 'u2'] }),
  UnitAssigned: ev('UnitAssigned', { unitId: 'u1', role: 'lead' }),
  UnitAdded: ev('UnitAdded', { unitId: 'u2', role: 'co' }),
  UnitRemoved: ev('UnitRemoved', { unitId: 'u2', reason: '不涉及' }),
  UnitReplaced: ev('UnitReplaced', { unitId: 'u3', newUnitId: 'u2', reason: '职责调整' }),
  SignedFor: ev('SignedFor', { unitId: 'u1', late: false }),
  DeadlineArmed: ev('DeadlineArmed', { unitId: 'u1', clock: 'mainReply', dueAt: T(90) }),
  AdjustmentRequested: ev('AdjustmentRequested', {
    unitId: 'u1',
    reason: '非本单位职责',
    proposedUnitId: 'u4',
  }),
  AdjustmentApproved: ev('AdjustmentApproved', {
    unitId: 'u1',
    reason: '同意',
    requestReason: '非本单位职责',
    newUnitId: 'u4',
  }),
  AdjustmentRejected: ev('AdjustmentRejected', { unitId: 'u1', reason: '不同意' }),
  OpinionSent: ev('OpinionSent', { unitId: 'u2', toUnitId: 'u1', text: '协办意见' }),
  ContactRecorded: ev('ContactRecorded', { unitId: 'u1', method: 'phone', date: T(20) }),
  ReplyDrafted: ev('ReplyDrafted', { unitId: 'u1', class: 'A' }),
  ReplySignedOff: ev('ReplySignedOff', { unitId: 'u1' }),
  DraftReturned: ev('DraftReturned', { unitId: 'u1', reason: '请修改', draftedBy: 'u1-clerk' }),
  Replied: ev('Replied', { unitId: 'u1', round: 1, class: 'B', late: false }),
  ExtensionRequested: ev('ExtensionRequested', {
    unitId: 'u1',
    clock: 'mainReply',
    currentDueAt: T(90),
    requestedDueAt: T(120),
    reason: '需调研',
  }),
  ExtensionApproved: ev('ExtensionApproved', {
    unitId: 'u1',
    clock: 'mainReply',
    oldDueAt: T(90),
    newDueAt: T(120),
  }),
  ExtensionRejected: ev('ExtensionRejected', {
    unitId: 'u1',
    clock: 'mainReply',
    dueAt: T(90),
    reason: '否',
  }),
  FeedbackGiven: ev('FeedbackGiven', { unitId: 'u1', proposerId: 'p1', rating: 'dissatisfied' }),
  FeedbackWindowExpired: ev('FeedbackWindowExpired', { unitId: 'u1' }),
  RehandlingStarted: ev('RehandlingStarted', { unitId: 'u1', round: 2 }),
  TrackingStarted: ev('TrackingStarted', { unitId: 'u1' }),
  TrackingReported: ev('TrackingReported', { unitId: 'u1', resolved: true }),
  DeliveryRecorded: ev('DeliveryRecorded', { unitId: 'u1', deliveredAt: T(2), note: '纸质件送达' }),
  JointReplyChosen: ev('JointReplyChosen', { jointReply: true }),
  CountersignRequested: ev('CountersignRequested', { unitId: 'u1', coUnits: ['u2'] }),
  Countersigned: ev('Countersigned', { unitId: 'u2', leadUnitId: 'u1' }),
  CountersignCompleted: ev('CountersignCompleted', { unitId: 'u1' }),
  CountersignChangesRequested: ev('CountersignChangesRequested', {
    unitId: 'u2',
    leadUnitId: 'u1',
    comment: '请补充',
  }),
  CountersignLapsed: ev('CountersignLapsed', { unitId: 'u1', coUnits: ['u2'] }),
  ReplyReviewed: ev('ReplyReviewed', { unitId: 'u1', round: 1, class: 'B', classFrom: 'A', classTo: 'B' }),
  ReplyReturnedByOffice: ev('ReplyReturnedByOffice', { unitId: 'u1', reason: '未与代表沟通', round: 1 }),
  ReplyPublished: ev('ReplyPublished', {
    unitId: 'u1',
    round: 1,
    indexNo: 'X-2026-00001',
    publisher: '市民政局',
  }),
  PublicationDeclined: ev('PublicationDeclined', { unitId: 'u1', round: 1, reason: '涉及个人信息' }),
  UnitClosed: ev('UnitClosed', { unitId: 'u1', reason: 'satisfied' }),
  CaseClosed: ev('CaseClosed'),
  Urged: ev('Urged', { unitId: 'u1', note: '请加快办理' }),
  KeyCaseMarked: ev('KeyCaseMarked', { keyCase: true, note: '主席会议确定' }),
  Held: ev('Held', { reason: '等待上级意见' }),
  Resumed: ev('Resumed', { heldMs: 86_400_000 }),
  DeadlinesRecomputed: ev('DeadlinesRecomputed', { reason: '节假日调整', changes: [] }),
};

const kindsAndUnits = (drafts: CaseEventDraft[]) => drafts.map((d) => [d.kind, d.unitId ?? null]);

function expectedLegacy(e: DomainEvent): [string, string | null][] {
  return (OLD_OUTPUT[e.type] ?? []).map(([kind, unit]) => [
    legacyKind(kind),
    (unit === 'toUnit' ? (e.toUnitId as string) : (e.unitId as string | undefined)) ?? null,
  ]);
}

describe('caseEventsOf for runs started before the patch (legacy)', () => {
  it('has a fixture for every event type the domain emits', () => {
    const src = fs
      .readdirSync(path.join(ROOT, 'libs/domain/src/lifecycle'))
      .filter((f) => f.endsWith('.ts') && !f.endsWith('.spec.ts'))
      .map((f) => fs.readFileSync(path.join(ROOT, 'libs/domain/src/lifecycle', f), 'utf8'))
      .join('\n');
    const emitted = [...new Set([...src.matchAll(/emit\('([A-Za-z]+)'/g)].map((m) => m[1]))].sort();
    expect(emitted.length).toBeGreaterThan(30);
    expect(Object.keys(EVENTS).sort()).toEqual(emitted);
  });

  it.each(Object.keys(EVENTS))('%s: the old kinds, in the old order, for the same units', (type) => {
    const e = EVENTS[type];
    expect(kindsAndUnits(caseEventsOf(e, STATE, true))).toEqual(expectedLegacy(e));
  });

  it.each(Object.keys(OLD_OUTPUT).filter((t) => OLD_OUTPUT[t].some(([k]) => OLD_SILENT_KINDS.includes(k))))(
    '%s: silent, naming the domain event',
    (type) => {
      const out = caseEventsOf(EVENTS[type], STATE, true);
      expect(out.map((d) => [d.kind, d.facts])).toEqual([['silent', { event: type }]]);
      expect(out[0]).toMatchObject({ at: EVENTS[type].at, actorId: 'actor-1' });
    },
  );

  it('keeps the old clocks on the events that had one', () => {
    const clocks = (type: string) => caseEventsOf(EVENTS[type], STATE, true).map((d) => d.clock ?? null);
    expect(clocks('UnitAssigned')).toEqual(['signFor']);
    expect(clocks('Replied')).toEqual([null, 'feedback']);
    expect(clocks('RehandlingStarted')).toEqual(['rehandling']);
    expect(clocks('ExtensionApproved')).toEqual(['mainReply']);
    expect(clocks('ExtensionRejected')).toEqual(['mainReply']);
  });

  it('un-marking a key case still emits keyCase (the old code did), with keyCase false', () => {
    const out = caseEventsOf(ev('KeyCaseMarked', { keyCase: false }), { ...STATE, keyCase: false }, true);
    expect(out).toHaveLength(1);
    expect(out[0]).toMatchObject({ kind: 'keyCase', facts: { keyCase: false } });
  });

  it('draft events emit nothing (the old code scheduled no activity for them)', () => {
    for (const type of ['ReplyDrafted', 'ReplySignedOff', 'DraftReturned'])
      expect(caseEventsOf(EVENTS[type], STATE, true)).toEqual([]);
  });

  it('countersign and office-review events emit nothing, even on a state that would mail them', () => {
    for (const e of [
      EVENTS.CountersignRequested,
      EVENTS.CountersignChangesRequested,
      EVENTS.ReplyReviewed,
      EVENTS.ReplyReturnedByOffice,
      { ...EVENTS.ReplySignedOff, toReview: true },
    ])
      expect([e.type, caseEventsOf(e, COUNTERSIGN_STATE, true)]).toEqual([e.type, []]);
  });

  it('an adjustment request carries no decision deadline (legacy runs have no such clock)', () => {
    const [d] = caseEventsOf(EVENTS.AdjustmentRequested, STATE, true);
    expect(d.kind).toBe('adjustmentRequested');
    expect(d.facts).not.toHaveProperty('decisionDue');
  });

  it('a command with several events keeps them in event order', () => {
    const events = [EVENTS.TrackingReported, EVENTS.UnitClosed, EVENTS.CaseClosed];
    expect(kindsAndUnits(events.flatMap((e) => caseEventsOf(e, STATE, true)))).toEqual([
      ['silent', 'u1'],
      ['silent', null],
    ]);
    const reply = [EVENTS.ReplySignedOff, EVENTS.Replied, EVENTS.DeadlineArmed];
    expect(kindsAndUnits(reply.flatMap((e) => caseEventsOf(e, STATE, true)))).toEqual([
      ['replied', 'u1'],
      ['feedbackRequested', 'u1'],
    ]);
  });
});

// ---------------------------------------------------------------------------------------------
// The recorded old runs

interface Payload {
  data: string;
}
interface HistoryEvent {
  eventType: string;
  workflowExecutionStartedEventAttributes?: { workflowType: { name: string } };
  activityTaskScheduledEventAttributes?: {
    activityType: { name: string };
    input: { payloads: Payload[] };
  };
}
const readHistory = (file: string) =>
  JSON.parse(fs.readFileSync(path.join(HISTORIES, file), 'utf8')) as { events: HistoryEvent[] };

const decode = (p: Payload) => JSON.parse(Buffer.from(p.data, 'base64').toString('utf8'));

interface Transition {
  action: string;
  events: DomainEvent[];
  state: CaseState;
  /** What the old code emitted after projecting it (timer reminders and escalations left out). */
  emitted: { kind: string; unitId?: string; clock?: string; payload: { event?: string } }[];
}

/** Each projectTransition of a recorded run with the emitCaseEvent calls that followed it. */
function transitionsOf(file: string): Transition[] {
  const history = readHistory(file);
  const out: Transition[] = [];
  for (const h of history.events) {
    const a = h.activityTaskScheduledEventAttributes;
    if (!a) continue;
    const input = decode(a.input.payloads[0]);
    if (a.activityType.name === 'projectTransition')
      out.push({ action: input.action, events: input.detail?.events ?? [], state: input.state, emitted: [] });
    else if (a.activityType.name === 'emitCaseEvent' && input.kind !== 'reminder' && input.kind !== 'overdue')
      out[out.length - 1].emitted.push(input);
  }
  return out;
}

/** The old case workflow's recordings (v1-*.json of proposalWorkflow; the mail dispatcher's left out). */
const V1 = fs.existsSync(HISTORIES)
  ? fs
      .readdirSync(HISTORIES)
      .filter((f) => /^v1-.*\.json$/.test(f))
      .filter(
        (f) =>
          readHistory(f).events[0]?.workflowExecutionStartedEventAttributes?.workflowType.name ===
          'proposalWorkflow',
      )
      .sort()
  : [];

describe('caseEventsOf (legacy) against the recorded runs of the old code', () => {
  it('has old recordings to compare with', () => {
    expect(V1.length).toBeGreaterThanOrEqual(8);
  });

  it.each(V1)('%s: the same case events, transition by transition', (file) => {
    const transitions = transitionsOf(file);
    expect(transitions.length).toBeGreaterThan(0);
    for (const t of transitions) {
      const ours = t.events.flatMap((e) => caseEventsOf(e, t.state, true));
      const where = `${file} ${t.action} [${t.events.map((e) => e.type).join(', ')}]`;
      expect({ where, out: kindsAndUnits(ours) }).toEqual({
        where,
        out: t.emitted.map((o) => [legacyKind(o.kind), o.unitId ?? null]),
      });
      ours.forEach((d, i) => {
        const old = t.emitted[i];
        if (d.kind === 'silent')
          expect({ where, event: d.facts.event }).toEqual({ where, event: old.payload.event });
        else if (old.clock) expect({ where, clock: d.clock }).toEqual({ where, clock: old.clock });
      });
    }
  });

  it('the recordings together cover the events that mail or were silenced', () => {
    const seen = new Set(V1.flatMap((f) => transitionsOf(f).flatMap((t) => t.events.map((e) => e.type))));
    for (const type of [
      'UnitAssigned',
      'Replied',
      'RehandlingStarted',
      'TrackingStarted',
      'AdjustmentRequested',
      'AdjustmentApproved',
      'ExtensionRequested',
      'ExtensionApproved',
      'OpinionSent',
      'Urged',
      'KeyCaseMarked',
      'Held',
      'Resumed',
      'UnitClosed',
      'CaseClosed',
      'NotFiled',
      'Merged',
      'Withdrawn',
    ])
      expect([type, seen.has(type)]).toEqual([type, true]);
  });
});

// ---------------------------------------------------------------------------------------------
// New runs

describe('caseEventsOf for new runs', () => {
  const kinds = (e: DomainEvent, state = STATE) => caseEventsOf(e, state, false).map((d) => d.kind);

  it('events nobody is mailed about emit nothing (no silent kinds)', () => {
    for (const type of [
      'TrackingStarted',
      'Held',
      'Resumed',
      'UnitClosed',
      'CaseClosed',
      'NotFiled',
      'Merged',
      'Withdrawn',
      'Filed',
      'SignedFor',
      'DeadlineArmed',
      'FeedbackGiven',
      'DeadlinesRecomputed',
      'DeliveryRecorded',
      'TrackingReported',
      'JointReplyChosen',
      'Countersigned',
      'CountersignCompleted',
      'CountersignLapsed',
      'ReplyPublished',
      'PublicationDeclined',
    ])
      expect([type, kinds(EVENTS[type])]).toEqual([type, []]);
  });

  it('an approved extension reaches the proposers only where the policy says so', () => {
    expect(kinds(EVENTS.ExtensionApproved)).toEqual(['extensionDecided']);
    const told = caseEventsOf({ ...EVENTS.ExtensionApproved, noticeToProposer: true }, STATE, false);
    expect(told.map((d) => d.kind)).toEqual(['extensionDecided', 'extensionNotice']);
    expect(told[1]).toMatchObject({
      kind: 'extensionNotice',
      unitId: 'u1',
      clock: 'mainReply',
      dueAt: EVENTS.ExtensionApproved.newDueAt,
      facts: {
        clock: 'mainReply',
        oldDueAt: EVENTS.ExtensionApproved.oldDueAt,
        newDueAt: EVENTS.ExtensionApproved.newDueAt,
        proposers: STATE.proposers.map((p) => ({ id: p.id, name: p.name })),
      },
    });
  });

  it('a tracking report reaches the proposers, with the next due date when tracking goes on', () => {
    const reported: CaseState = {
      ...STATE,
      units: STATE.units.map((u) =>
        u.unitId === 'u1'
          ? {
              ...u,
              stage: 'TRACKING',
              trackingReports: [{ text: '已列入明年计划', resolved: false, at: T(60), by: 'u1-clerk' }],
              deadlines: {
                ...u.deadlines,
                trackingReport: { ...deadline('trackingReport', 425), open: true },
              },
            }
          : u,
      ),
    } as CaseState;
    const e = ev('TrackingReported', {
      unitId: 'u1',
      resolved: false,
      reportNo: 1,
      toProposer: true,
      continues: true,
    });
    const [d, ...rest] = caseEventsOf(e, reported, false);
    expect(rest).toEqual([]);
    expect(d).toMatchObject({
      kind: 'trackingUpdate',
      unitId: 'u1',
      dueAt: T(60),
      facts: {
        reportNo: 1,
        resolved: false,
        excerpt: '已列入明年计划',
        reportedAt: T(60),
        nextDueAt: T(425),
      },
    });
    // a final report names no next date
    const done = caseEventsOf({ ...e, resolved: true, continues: undefined }, reported, false);
    expect(done[0].facts).not.toHaveProperty('nextDueAt');
  });

  it('draft events mail the unit: draftSubmitted, draftSignedOff, draftReturned', () => {
    expect(caseEventsOf(EVENTS.ReplyDrafted, STATE, false)).toEqual([
      {
        at: T(60),
        actorId: 'actor-1',
        unitId: 'u1',
        kind: 'draftSubmitted',
        dueAt: T(60),
        facts: { round: 2, replyClass: 'A', draftedBy: 'u1-clerk' },
      },
    ]);
    expect(caseEventsOf(EVENTS.ReplySignedOff, STATE, false)).toEqual([
      expect.objectContaining({
        kind: 'draftSignedOff',
        unitId: 'u1',
        facts: { round: 2, replyClass: 'A', draftedBy: 'u1-clerk', signedOffBy: 'actor-1' },
      }),
    ]);
    expect(caseEventsOf(EVENTS.DraftReturned, STATE, false)).toEqual([
      expect.objectContaining({
        kind: 'draftReturned',
        unitId: 'u1',
        facts: { round: 2, reason: '请修改', draftedBy: 'u1-clerk', returnedBy: 'actor-1' },
      }),
    ]);
  });

  it('a draft event without a draft on file (or for an unknown unit) emits nothing', () => {
    const noDraft = { ...STATE, units: STATE.units.map((u) => ({ ...u, draft: undefined })) };
    expect(kinds(EVENTS.ReplyDrafted, noDraft)).toEqual([]);
    expect(kinds(EVENTS.ReplySignedOff, noDraft)).toEqual([]);
    expect(kinds(ev('DraftReturned', { unitId: 'u9', reason: 'x' }))).toEqual([]);
  });

  it('a draft sent for countersignature (会签) goes to each co-handler with its own deadline', () => {
    const e = ev('CountersignRequested', { at: T(50), unitId: 'u1', coUnits: ['u2', 'u5'] });
    const out = caseEventsOf(e, COUNTERSIGN_STATE, false);
    const facts = {
      leadUnitId: 'u1',
      round: 1,
      replyClass: 'B',
      excerpt: '联合答复'.repeat(50),
      draftedAt: T(50),
      draftedBy: 'u1-clerk',
    };
    expect(out).toEqual([
      {
        at: T(50),
        actorId: 'actor-1',
        unitId: 'u2',
        kind: 'countersignRequested',
        dueAt: T(50),
        facts: {
          ...facts,
          deadline: { clock: 'countersign', dueAt: T(53), summary: 'countersign 截止', escalateTo: ['dc-1'] },
        },
      },
      {
        at: T(50),
        actorId: 'actor-1',
        unitId: 'u5',
        kind: 'countersignRequested',
        dueAt: T(50),
        facts: {
          ...facts,
          deadline: { clock: 'countersign', dueAt: T(55), summary: 'countersign 截止', escalateTo: ['dc-1'] },
        },
      },
    ]);
    expect((out[0].facts as { excerpt: string }).excerpt).toHaveLength(200);
  });

  it('a redraft sent for countersignature again is keyed by its own instant', () => {
    const redrafted: CaseState = {
      ...COUNTERSIGN_STATE,
      units: COUNTERSIGN_STATE.units.map((u) =>
        u.unitId === 'u1' ? { ...u, draft: { ...u.draft!, draftedAt: T(56), text: '修改稿' } } : u,
      ),
    };
    const e = ev('CountersignRequested', { at: T(56), unitId: 'u1', coUnits: ['u2'] });
    const [d] = caseEventsOf(e, redrafted, false);
    expect(d).toMatchObject({ kind: 'countersignRequested', unitId: 'u2', dueAt: T(56) });
    expect(d.facts).toMatchObject({ draftedAt: T(56), excerpt: '修改稿' });
  });

  it('a countersign request without a draft on file emits nothing', () => {
    expect(
      kinds(EVENTS.CountersignRequested, {
        ...STATE,
        units: STATE.units.map((u) => ({ ...u, draft: undefined })),
      }),
    ).toEqual([]);
  });

  it("a co-handler's request for changes goes to the lead unit, with the comment", () => {
    expect(caseEventsOf(EVENTS.CountersignChangesRequested, STATE, false)).toEqual([
      {
        at: T(60),
        actorId: 'actor-1',
        unitId: 'u1',
        kind: 'countersignChanges',
        dueAt: T(60),
        facts: { fromUnitId: 'u2', round: 2, comment: '请补充', by: 'actor-1' },
      },
    ]);
    expect(
      kinds(ev('CountersignChangesRequested', { unitId: 'u2', leadUnitId: 'u9', comment: 'x' })),
    ).toEqual([]);
  });

  it('a reply signed off for the office to review tells the drafter and asks the office (答复待审核)', () => {
    const e = ev('ReplySignedOff', { unitId: 'u1', class: 'B', toReview: true });
    const out = caseEventsOf(e, COUNTERSIGN_STATE, false);
    expect(out).toEqual([
      expect.objectContaining({
        kind: 'draftSignedOff',
        unitId: 'u1',
        facts: { round: 1, replyClass: 'B', draftedBy: 'u1-clerk', signedOffBy: 'actor-1', toReview: true },
      }),
      {
        at: T(60),
        actorId: 'actor-1',
        unitId: 'u1',
        kind: 'reviewRequested',
        dueAt: T(60),
        facts: {
          round: 1,
          replyClass: 'B',
          excerpt: '联合答复'.repeat(50),
          draftedBy: 'u1-clerk',
          signedOffBy: 'actor-1',
          // only the co-handlers that agreed
          countersignedBy: ['u2'],
        },
      },
    ]);
    // without a review the sign-off mails as before
    expect(kinds(EVENTS.ReplySignedOff, COUNTERSIGN_STATE)).toEqual(['draftSignedOff']);
  });

  it('the office review tells the replying unit: accepted (with a class correction) or returned', () => {
    expect(caseEventsOf(EVENTS.ReplyReviewed, STATE, false)).toEqual([
      {
        at: T(60),
        actorId: 'actor-1',
        unitId: 'u1',
        kind: 'replyReviewed',
        dueAt: T(60),
        facts: { round: 1, replyClass: 'B', classFrom: 'A', classTo: 'B', reviewedBy: 'actor-1' },
      },
    ]);
    const plain = caseEventsOf(
      ev('ReplyReviewed', { unitId: 'u1', round: 1, class: 'A', note: '同意' }),
      STATE,
      false,
    );
    expect(plain[0].facts).toEqual({ round: 1, replyClass: 'A', note: '同意', reviewedBy: 'actor-1' });
    expect(caseEventsOf({ ...EVENTS.ReplyReturnedByOffice, draftedBy: 'u1-clerk' }, STATE, false)).toEqual([
      {
        at: T(60),
        actorId: 'actor-1',
        unitId: 'u1',
        kind: 'replyReturned',
        dueAt: T(60),
        facts: { round: 1, reason: '未与代表沟通', draftedBy: 'u1-clerk', returnedBy: 'actor-1' },
      },
    ]);
    expect(kinds(ev('ReplyReviewed', { unitId: 'u9', round: 1, class: 'A' }))).toEqual([]);
  });

  it('marking a key case tells the units at work; un-marking tells nobody', () => {
    const [marked] = caseEventsOf(EVENTS.KeyCaseMarked, STATE, false);
    expect(marked).toMatchObject({ kind: 'keyCase', facts: { keyCase: true, note: '主席会议确定' } });
    // u3 was replaced: only the live units, each with its open deadlines, earliest first
    const units = (marked.facts as { units: { unitId: string; deadlines: { clock: string }[] }[] }).units;
    expect(units.map((u) => u.unitId)).toEqual(['u1', 'u2']);
    expect(units[0].deadlines.map((d) => d.clock)).toEqual([
      'adjustmentDecision',
      'feedback',
      'rehandling',
      'trackingReport',
      'mainReply',
    ]);
    expect(
      caseEventsOf(ev('KeyCaseMarked', { keyCase: false }), { ...STATE, keyCase: false }, false),
    ).toEqual([]);
  });

  it('an adjustment request carries the decision deadline', () => {
    const [d] = caseEventsOf(EVENTS.AdjustmentRequested, STATE, false);
    expect(d).toMatchObject({
      kind: 'adjustmentRequested',
      unitId: 'u1',
      facts: {
        reason: '非本单位职责',
        proposedUnitId: 'u4',
        decisionDue: { clock: 'adjustmentDecision', dueAt: T(9), escalateTo: ['dc-1'] },
      },
    });
  });

  it('a reply mails the reply and asks for feedback with its deadline', () => {
    expect(caseEventsOf(EVENTS.Replied, STATE, false)).toEqual([
      expect.objectContaining({
        kind: 'replied',
        unitId: 'u1',
        facts: expect.objectContaining({ round: 1, replyClass: 'B', repliedAt: T(25) }),
      }),
      expect.objectContaining({
        kind: 'feedbackRequested',
        unitId: 'u1',
        clock: 'feedback',
        facts: expect.objectContaining({ round: 1, feedbackDueAt: T(40) }),
      }),
    ]);
  });

  it("a co-handler's opinion goes to the lead unit", () => {
    expect(caseEventsOf(EVENTS.OpinionSent, STATE, false)).toEqual([
      expect.objectContaining({
        kind: 'opinionReceived',
        unitId: 'u1',
        facts: { fromUnitId: 'u2', text: '协办意见' },
      }),
    ]);
  });

  it('re-handling names the ratings of the previous round and the new deadline', () => {
    const [d] = caseEventsOf(EVENTS.RehandlingStarted, STATE, false);
    expect(d).toMatchObject({
      kind: 'rehandling',
      clock: 'rehandling',
      dueAt: T(70),
      facts: {
        round: 2,
        ratings: [{ proposerId: 'p1', name: '张委员', rating: 'dissatisfied', comment: '未解决' }],
      },
    });
  });

  it('the mailed kinds are the same for new and legacy runs', () => {
    for (const type of [
      'UnitAssigned',
      'Replied',
      'RehandlingStarted',
      'AdjustmentApproved',
      'AdjustmentRejected',
      'ExtensionRequested',
      'ExtensionApproved',
      'ExtensionRejected',
      'OpinionSent',
      'Urged',
    ])
      expect([type, kinds(EVENTS[type])]).toEqual([
        type,
        caseEventsOf(EVENTS[type], STATE, true).map((d) => d.kind),
      ]);
  });
});
