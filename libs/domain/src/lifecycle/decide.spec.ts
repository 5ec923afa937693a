import { nextDue } from './clocks';
import { decide, draftPrerequisites } from './decide';
import { summary } from './summary';
import {
  act,
  clerk,
  day,
  filed,
  leader,
  newCase,
  office,
  plan,
  POLICY_DAYS,
  proposer,
  readyToReply,
  RULES,
  run,
  soleAssigned,
  supervisor,
  system,
  T0,
} from './test-fixtures';
import type { Actor, CaseState, Command, DecideContext, LifecycleRules } from './types';

const unitOf = (s: CaseState, id: string) => s.units.find((u) => u.unitId === id)!;
const expectRefused = (s: CaseState, c: Command, a: Actor, now: string, code: string, rules = RULES) => {
  const r = act(s, c, a, now, rules);
  expect(r.ok ? 'accepted' : r.code).toBe(code);
  return r;
};

describe('review (审查)', () => {
  it.each<[string, Command, Actor, string]>([
    ['file', { type: 'file', number: '006', category: '教育', keyCase: true }, office, 'FILED'],
    ['notFile', { type: 'notFile', reason: '不属于提案范围', convertedTo: '社情民意' }, office, 'NOT_FILED'],
    ['merge', { type: 'merge', parentCaseId: 'case-0' }, office, 'MERGED'],
    ['withdraw by a proposer', { type: 'withdraw', reason: '情况已变化' }, proposer('p1'), 'WITHDRAWN'],
    ['returnForRevision', { type: 'returnForRevision', reason: '案由不清' }, office, 'RETURNED'],
  ])('%s from UNDER_REVIEW', (_name, command, actor, stage) => {
    const r = decide(newCase(), command, { now: T0, actor, rules: RULES });
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.state.stage).toBe(stage);
      expect(r.state.seq).toBe(1);
      expect(r.events.length).toBeGreaterThan(0);
    }
  });

  it('filing records number, category and key-case flag', () => {
    const r = decide(
      newCase(),
      { type: 'file', number: '006', category: '教育', keyCase: true, complex: true },
      { now: T0, actor: office, rules: RULES },
    );
    expect(r.ok && r.state.filing).toMatchObject({ number: '006', category: '教育', complex: true });
    expect(r.ok && r.state.keyCase).toBe(true);
  });

  it('not filing keeps the reason and what it was converted to', () => {
    const s = run(newCase(), [
      [{ type: 'notFile', reason: '属于个人诉求', convertedTo: '委员来信' }, office, T0],
    ]);
    expect(s.notFiled).toEqual({ reason: '属于个人诉求', convertedTo: '委员来信', at: T0 });
  });

  it('a merged case keeps its proposers, and the parent absorbs them for their own replies', () => {
    const two = [
      { id: 'p1', name: '张代表' },
      { id: 'p2', name: '李代表' },
    ];
    const child = run(newCase(two), [
      [{ type: 'merge', parentCaseId: 'case-0', reason: '内容相同' }, office, T0],
    ]);
    expect(child.mergedInto?.parentCaseId).toBe('case-0');
    expect(child.proposers.map((p) => p.id)).toEqual(['p1', 'p2']);
    const parent = run(soleAssigned('u1', [{ id: 'p9', name: '王委员' }]), [
      [{ type: 'absorbMerged', childCaseId: 'case-1', proposers: child.proposers }, system, day(1)],
    ]);
    expect(parent.proposers).toEqual([
      { id: 'p9', name: '王委员' },
      { id: 'p1', name: '张代表', viaCaseId: 'case-1' },
      { id: 'p2', name: '李代表', viaCaseId: 'case-1' },
    ]);
    expectRefused(
      parent,
      { type: 'absorbMerged', childCaseId: 'case-1', proposers: child.proposers },
      system,
      day(1),
      'INVALID_COMMAND',
    );
  });

  it('resubmission returns a returned case to review', () => {
    const s = run(newCase(), [
      [{ type: 'returnForRevision', reason: '案由不清' }, office, T0],
      [{ type: 'resubmit' }, proposer('p1'), day(2)],
    ]);
    expect(s.stage).toBe('UNDER_REVIEW');
  });

  it.each<[string, () => CaseState, Command, Actor, string]>([
    [
      'a unit cannot file',
      newCase,
      { type: 'file', number: '1', category: 'x' },
      clerk('u1'),
      'FORBIDDEN_ROLE',
    ],
    ['filing twice', filed, { type: 'file', number: '1', category: 'x' }, office, 'WRONG_STAGE'],
    [
      'filing without a number',
      newCase,
      { type: 'file', number: '', category: 'x' },
      office,
      'INVALID_COMMAND',
    ],
    [
      'someone else withdrawing',
      newCase,
      { type: 'withdraw', reason: 'x' },
      proposer('p7'),
      'NOT_A_PROPOSER',
    ],
    ['merging into itself', newCase, { type: 'merge', parentCaseId: 'case-1' }, office, 'INVALID_COMMAND'],
    [
      'withdrawing after a reply',
      () => run(readyToReply(), [[{ type: 'reply', unitId: 'u1' }, clerk('u1'), day(4)]]),
      { type: 'withdraw', reason: 'x' },
      office,
      'WRONG_STAGE',
    ],
    ['unknown command', newCase, { type: 'explode' } as unknown as Command, office, 'INVALID_COMMAND'],
  ])('refused: %s', (_name, setup, command, actor, code) => {
    expectRefused(setup(), command, actor, day(3), code);
  });
});

describe('assignment (交办)', () => {
  it.each<[string, Command, string | null]>([
    ['sole', { type: 'assign', mode: 'sole', units: [{ unitId: 'u1' }] }, null],
    ['separate', { type: 'assign', mode: 'separate', units: [{ unitId: 'u1' }, { unitId: 'u2' }] }, null],
    [
      'joint',
      {
        type: 'assign',
        mode: 'joint',
        units: [
          { unitId: 'u1', role: 'lead' },
          { unitId: 'u2', role: 'co' },
        ],
      },
      null,
    ],
    [
      'sole with two units',
      { type: 'assign', mode: 'sole', units: [{ unitId: 'u1' }, { unitId: 'u2' }] },
      'INVALID_ASSIGNMENT',
    ],
    [
      'separate with one unit',
      { type: 'assign', mode: 'separate', units: [{ unitId: 'u1' }] },
      'INVALID_ASSIGNMENT',
    ],
    [
      'joint without a lead',
      {
        type: 'assign',
        mode: 'joint',
        units: [
          { unitId: 'u1', role: 'co' },
          { unitId: 'u2', role: 'co' },
        ],
      },
      'INVALID_ASSIGNMENT',
    ],
    [
      'joint with two leads',
      {
        type: 'assign',
        mode: 'joint',
        units: [
          { unitId: 'u1', role: 'lead' },
          { unitId: 'u2', role: 'lead' },
        ],
      },
      'INVALID_ASSIGNMENT',
    ],
    [
      'joint without co-handlers',
      { type: 'assign', mode: 'joint', units: [{ unitId: 'u1', role: 'lead' }] },
      'INVALID_ASSIGNMENT',
    ],
    [
      'duplicate units',
      { type: 'assign', mode: 'separate', units: [{ unitId: 'u1' }, { unitId: 'u1' }] },
      'INVALID_ASSIGNMENT',
    ],
    [
      'unknown mode',
      { type: 'assign', mode: 'reference', units: [{ unitId: 'u1' }] } as unknown as Command,
      'INVALID_ASSIGNMENT',
    ],
  ])('%s', (_name, command, code) => {
    const r = act(filed(), command, office, T0);
    expect(r.ok ? null : r.code).toBe(code);
  });

  it('asks the policy engine for the clocks of each unit, by role, and arms what it returns', () => {
    const s = filed();
    const cmd: Command = {
      type: 'assign',
      mode: 'joint',
      units: [
        { unitId: 'u1', role: 'lead' },
        { unitId: 'u2', role: 'co' },
      ],
    };
    const first = decide(s, cmd, { now: T0, actor: office, rules: RULES });
    // the item reaches each unit with the assignment: clocks from receipt are asked for at once
    expect(first.ok && first.clockRequests).toEqual([
      {
        unitId: 'u1',
        startEvent: 'assigned',
        startAt: T0,
        clocks: ['signFor', 'adjustmentWindow', 'mainReply', 'contact', 'mainReplyCap'],
      },
      {
        unitId: 'u1',
        startEvent: 'received',
        startAt: T0,
        clocks: ['adjustmentWindow', 'mainReply', 'contact', 'mainReplyCap'],
      },
      {
        unitId: 'u2',
        startEvent: 'assigned',
        startAt: T0,
        clocks: ['signFor', 'adjustmentWindow', 'coOpinion'],
      },
      {
        unitId: 'u2',
        startEvent: 'received',
        startAt: T0,
        clocks: ['adjustmentWindow', 'coOpinion'],
      },
    ]);
    const after = run(s, [[cmd, office, T0]]);
    expect(after.leadUnitId).toBe('u1');
    expect(unitOf(after, 'u1').deliveredAt).toBe(T0);
    expect(Object.keys(unitOf(after, 'u1').deadlines).sort()).toEqual([
      'adjustmentWindow',
      'contact',
      'mainReply',
      'signFor',
    ]);
    expect(unitOf(after, 'u1').limits.mainReplyCap).toBe(day(180));
    expect(Object.keys(unitOf(after, 'u2').deadlines).sort()).toEqual([
      'adjustmentWindow',
      'coOpinion',
      'signFor',
    ]);
    expect(unitOf(after, 'u1').deadlines.mainReply).toMatchObject({
      dueAt: day(90),
      open: true,
      startEvent: 'assigned',
      reminderOffsetsDays: [3, 1],
    });
  });

  it('arms a deadline from the instant it was planned for, not the later instant the plan came back', () => {
    const s = filed();
    const cmd: Command = { type: 'assign', mode: 'sole', units: [{ unitId: 'u1' }] };
    const first = decide(s, cmd, { now: T0, actor: office, rules: RULES });
    if (!first.ok) throw new Error(first.message);
    // the workflow awaits the planning activity, so the decision that arms comes a little later
    const later = day(0.01);
    const r = decide(
      s,
      { ...cmd, deadlines: plan(first.clockRequests) },
      { now: later, actor: office, rules: RULES },
    );
    if (!r.ok) throw new Error(r.message);
    expect(unitOf(r.state, 'u1').deadlines.mainReply).toMatchObject({
      dueAt: day(90),
      startEvent: 'assigned',
      startAt: T0,
      armedAt: later,
    });
  });

  it('adding a co-handler to a sole case makes it joint with the sole unit as lead', () => {
    const s = run(soleAssigned(), [[{ type: 'addUnit', unitId: 'u2', role: 'co' }, office, day(2)]]);
    expect(s.mode).toBe('joint');
    expect(unitOf(s, 'u1').role).toBe('lead');
    expect(unitOf(s, 'u2')).toMatchObject({ role: 'co', stage: 'ASSIGNED', assignedAt: day(2) });
    expect(unitOf(s, 'u2').deadlines.signFor.dueAt).toBe(day(7));
  });

  it('adding a separate unit to a sole case makes it separate', () => {
    const s = run(soleAssigned(), [[{ type: 'addUnit', unitId: 'u2', role: 'separate' }, office, day(2)]]);
    expect(s.mode).toBe('separate');
    expect(s.leadUnitId).toBeUndefined();
    expect(s.units.map((u) => u.role)).toEqual(['separate', 'separate']);
  });

  it('replacing a unit ends the old one and gives the new one fresh deadlines', () => {
    const s = run(soleAssigned(), [
      [{ type: 'replaceUnit', unitId: 'u1', newUnitId: 'u3', reason: '职能调整' }, office, day(10)],
    ]);
    expect(unitOf(s, 'u1')).toMatchObject({ stage: 'REPLACED', replacedBy: 'u3' });
    expect(Object.values(unitOf(s, 'u1').deadlines).every((d) => !d.open)).toBe(true);
    expect(unitOf(s, 'u3')).toMatchObject({ stage: 'ASSIGNED', role: 'sole', replaces: 'u1' });
    expect(unitOf(s, 'u3').deadlines.mainReply.dueAt).toBe(day(100));
    expect(s.leadUnitId).toBe('u3');
  });

  it('removing a co-handler is recorded; the lead cannot be removed', () => {
    const joint = run(filed(), [
      [
        {
          type: 'assign',
          mode: 'joint',
          units: [
            { unitId: 'u1', role: 'lead' },
            { unitId: 'u2', role: 'co' },
          ],
        },
        office,
        T0,
      ],
    ]);
    const r = act(joint, { type: 'removeUnit', unitId: 'u2', reason: '不涉及' }, office, day(1));
    expect(r.ok && r.events.map((e) => e.type)).toEqual(['UnitRemoved']);
    expect(r.ok && unitOf(r.state, 'u2').stage).toBe('REMOVED');
    expectRefused(
      joint,
      { type: 'removeUnit', unitId: 'u1', reason: 'x' },
      office,
      day(1),
      'INVALID_ASSIGNMENT',
    );
    expectRefused(
      joint,
      { type: 'addUnit', unitId: 'u2', role: 'co' },
      office,
      day(1),
      'UNIT_ALREADY_ASSIGNED',
    );
  });
});

describe('refusals while handling', () => {
  const joint = () =>
    run(filed(), [
      [
        {
          type: 'assign',
          mode: 'joint',
          units: [
            { unitId: 'lead', role: 'lead' },
            { unitId: 'co', role: 'co' },
          ],
        },
        office,
        T0,
      ],
      [{ type: 'signFor', unitId: 'co' }, clerk('co'), day(1)],
    ]);
  const signed = () => run(soleAssigned(), [[{ type: 'signFor', unitId: 'u1' }, clerk('u1'), day(1)]]);
  const drafted = () =>
    run(signed(), [
      [
        { type: 'recordContact', unitId: 'u1', method: 'phone', date: day(2), by: '李处长' },
        clerk('u1'),
        day(2),
      ],
      [
        {
          type: 'draftReply',
          unitId: 'u1',
          class: 'A',
          text: '正文',
          contactPerson: '王',
          contactPhone: '1',
        },
        clerk('u1'),
        day(3),
      ],
    ]);
  const replied = () => run(readyToReply(), [[{ type: 'reply', unitId: 'u1' }, clerk('u1'), day(4)]]);

  it.each<[string, () => CaseState, Command, Actor, string, string?]>([
    [
      'replying before signing for',
      soleAssigned,
      { type: 'reply', unitId: 'u1' },
      clerk('u1'),
      'WRONG_STAGE',
      '尚未签收，不能答复',
    ],
    ['a co-handler replying', joint, { type: 'reply', unitId: 'co' }, clerk('co'), 'NOT_LEAD_UNIT'],
    [
      'a co-handler drafting',
      joint,
      { type: 'draftReply', unitId: 'co', class: 'A', text: 't', contactPerson: 'p', contactPhone: '1' },
      clerk('co'),
      'NOT_LEAD_UNIT',
    ],
    ['replying without a draft', signed, { type: 'reply', unitId: 'u1' }, clerk('u1'), 'NOT_SIGNED_OFF'],
    ['replying before sign-off', drafted, { type: 'reply', unitId: 'u1' }, clerk('u1'), 'NOT_SIGNED_OFF'],
    [
      'replying with text other than the signed draft',
      readyToReply,
      { type: 'reply', unitId: 'u1', text: '另一稿' },
      clerk('u1'),
      'DRAFT_MISMATCH',
    ],
    ['a clerk signing off', drafted, { type: 'signOffReply', unitId: 'u1' }, clerk('u1'), 'NOT_UNIT_LEADER'],
    [
      'another unit signing for',
      soleAssigned,
      { type: 'signFor', unitId: 'u1' },
      clerk('u9'),
      'NOT_ASSIGNED_UNIT',
    ],
    [
      'the office signing for a unit',
      soleAssigned,
      { type: 'signFor', unitId: 'u1' },
      office,
      'FORBIDDEN_ROLE',
    ],
    ['signing for twice', signed, { type: 'signFor', unitId: 'u1' }, clerk('u1'), 'WRONG_STAGE'],
    [
      'an unknown reply class',
      signed,
      { type: 'draftReply', unitId: 'u1', class: 'E', text: 't', contactPerson: 'p', contactPhone: '1' },
      clerk('u1'),
      'INVALID_REPLY_CLASS',
    ],
    [
      'an adjustment before signing for',
      soleAssigned,
      { type: 'requestAdjustment', unitId: 'u1', reason: 'x' },
      clerk('u1'),
      'WRONG_STAGE',
    ],
    [
      'a late adjustment request',
      signed,
      { type: 'requestAdjustment', unitId: 'u1', reason: '非本单位职责' },
      clerk('u1'),
      'ADJUSTMENT_WINDOW_CLOSED',
    ],
    [
      'deciding an adjustment nobody asked for',
      signed,
      { type: 'decideAdjustment', unitId: 'u1', approve: true, newUnitId: 'u2' },
      office,
      'ADJUSTMENT_NOT_REQUESTED',
    ],
    [
      'the lead sending an opinion',
      joint,
      { type: 'sendOpinion', unitId: 'lead', text: 'x' },
      clerk('lead'),
      'NOT_CO_HANDLER',
    ],
    [
      'deciding an extension nobody asked for',
      signed,
      { type: 'decideExtension', unitId: 'u1', approve: true, newDueAt: day(120), capAt: day(180) },
      office,
      'EXTENSION_NOT_REQUESTED',
    ],
    [
      'rating a reply not yet given',
      signed,
      { type: 'giveFeedback', unitId: 'u1', proposerId: 'p1', rating: 'satisfied' },
      proposer('p1'),
      'WRONG_STAGE',
    ],
    [
      'rating for someone else',
      replied,
      { type: 'giveFeedback', unitId: 'u1', proposerId: 'p2', rating: 'satisfied' },
      proposer('p1'),
      'NOT_A_PROPOSER',
    ],
    [
      'rating after the window',
      replied,
      { type: 'giveFeedback', unitId: 'u1', proposerId: 'p1', rating: 'satisfied' },
      proposer('p1'),
      'FEEDBACK_WINDOW_CLOSED',
    ],
    [
      'expiring an open feedback window',
      replied,
      { type: 'expireFeedbackWindow', unitId: 'u1' },
      system,
      'FEEDBACK_WINDOW_OPEN',
    ],
    ['resuming a case not on hold', signed, { type: 'resume' }, office, 'NOT_ON_HOLD'],
    ['a unit urging', signed, { type: 'urge', note: 'x' }, clerk('u1'), 'FORBIDDEN_ROLE'],
    [
      'closing a unit that has not replied',
      signed,
      { type: 'closeUnit', unitId: 'u1', reason: 'x' },
      office,
      'WRONG_STAGE',
    ],
    [
      'an office action on an unknown unit',
      signed,
      { type: 'urge', unitId: 'u9', note: 'x' },
      supervisor,
      'UNKNOWN_UNIT',
    ],
  ])('%s', (...[name, setup, command, actor, code, zh]) => {
    // Day 10 is past the 7-day objection window from receipt on day 1 and inside the 15-day feedback
    // window from the reply on day 4; day 19 is past it.
    const now = name === 'rating after the window' ? day(19) : day(10);
    const r = expectRefused(setup(), command, actor, now, code);
    if (!r.ok) {
      expect(r.message).toMatch(/[\u4e00-\u9fff].*\(.+\)$/);
      if (zh) expect(r.message.startsWith(zh)).toBe(true);
    }
  });

  it('contact must be recorded before the reply is drafted where the policy says so', () => {
    const signed = run(soleAssigned(), [[{ type: 'signFor', unitId: 'u1' }, clerk('u1'), day(1)]]);
    const draft: Command = {
      type: 'draftReply',
      unitId: 'u1',
      class: 'A',
      text: '正文',
      contactPerson: '王',
      contactPhone: '1',
    };
    // refused where the draft is made, not after the leader has signed it off
    const r = expectRefused(signed, draft, clerk('u1'), day(2), 'CONTACT_REQUIRED');
    if (!r.ok) expect(r.message.startsWith('起草答复前须与代表委员沟通联系并登记')).toBe(true);
    expect(draftPrerequisites(signed, unitOf(signed, 'u1'), RULES, day(2))).toEqual({
      contact: true,
      coOpinions: [],
    });
    const lax: LifecycleRules = { ...RULES, contactRequiredBeforeReply: false };
    expect(act(signed, draft, clerk('u1'), day(2), lax).ok).toBe(true);
  });

  it('a run started before the draft check keeps the old code: refused only at the reply', () => {
    const signed = run(soleAssigned(), [[{ type: 'signFor', unitId: 'u1' }, clerk('u1'), day(1)]]);
    const old = (state: CaseState, command: Command, actor: Actor, now: string) =>
      decide(state, command, { now, actor, rules: RULES, legacy: true });
    const drafted = old(
      signed,
      { type: 'draftReply', unitId: 'u1', class: 'A', text: '正文', contactPerson: '王', contactPhone: '1' },
      clerk('u1'),
      day(2),
    );
    expect(drafted.ok).toBe(true);
    if (!drafted.ok) return;
    const signedOff = old(drafted.state, { type: 'signOffReply', unitId: 'u1' }, leader('u1'), day(2));
    expect(signedOff.ok).toBe(true);
    if (!signedOff.ok) return;
    const reply = old(signedOff.state, { type: 'reply', unitId: 'u1' }, clerk('u1'), day(3));
    expect(reply).toMatchObject({ ok: false, code: 'CONTACT_REQUIRED' });
  });
});

describe('per-unit handling', () => {
  it('sign-for closes its clock; the objection window counts from delivery, not from sign-for', () => {
    const s = run(soleAssigned(), [[{ type: 'signFor', unitId: 'u1' }, clerk('u1'), day(1)]]);
    const u = unitOf(s, 'u1');
    expect(u.stage).toBe('RECEIVED');
    expect(u.receivedAt).toBe(day(1));
    expect(u.deadlines.signFor).toMatchObject({ open: false, closedAt: day(1) });
    expect(u.deadlines.adjustmentWindow).toMatchObject({ open: true, dueAt: day(7), startEvent: 'received' });
  });

  it("an adjustment request arms the office's decision clock; the decision closes it", () => {
    const requested = run(soleAssigned(), [
      [{ type: 'signFor', unitId: 'u1' }, clerk('u1'), day(1)],
      [
        { type: 'requestAdjustment', unitId: 'u1', reason: '非本单位职责', proposedUnitId: 'u2' },
        clerk('u1'),
        day(2),
      ],
    ]);
    expect(unitOf(requested, 'u1').deadlines.adjustmentDecision).toMatchObject({
      open: true,
      dueAt: day(9),
      startEvent: 'adjustmentRequested',
    });
    expect(nextDue(requested)).toMatchObject({ clock: 'adjustmentDecision', dueAt: day(9) });
    const rejected = run(requested, [
      [{ type: 'decideAdjustment', unitId: 'u1', approve: false, reason: '属本单位职责' }, office, day(4)],
    ]);
    expect(unitOf(rejected, 'u1').deadlines.adjustmentDecision).toMatchObject({
      open: false,
      closedAt: day(4),
    });
  });

  it('adjustment approved → the new unit gets fresh deadlines; rejected → back to RECEIVED', () => {
    const requested = run(soleAssigned(), [
      [{ type: 'signFor', unitId: 'u1' }, clerk('u1'), day(1)],
      [
        { type: 'requestAdjustment', unitId: 'u1', reason: '非本单位职责', proposedUnitId: 'u2' },
        clerk('u1'),
        day(3),
      ],
    ]);
    expect(unitOf(requested, 'u1').stage).toBe('ADJUSTMENT_REQUESTED');
    expectRefused(requested, { type: 'reply', unitId: 'u1' }, clerk('u1'), day(4), 'ADJUSTMENT_PENDING');

    const approved = act(
      requested,
      { type: 'decideAdjustment', unitId: 'u1', approve: true, reason: '同意' },
      office,
      day(5),
    );
    expect(approved.ok && approved.events.map((e) => e.type)).toEqual([
      'AdjustmentApproved',
      'UnitReplaced',
      'UnitAssigned',
      'DeadlineArmed',
      'DeadlineArmed',
      'DeadlineArmed',
      'DeadlineArmed',
    ]);
    const s = (approved.ok && approved.state) as CaseState;
    expect(unitOf(s, 'u2').deadlines.mainReply.dueAt).toBe(day(95));
    expect(unitOf(s, 'u1').adjustments[0]).toMatchObject({ decision: 'approved', newUnitId: 'u2' });

    const rejected = run(requested, [
      [{ type: 'decideAdjustment', unitId: 'u1', approve: false, reason: '属本单位职责' }, office, day(5)],
    ]);
    expect(unitOf(rejected, 'u1').stage).toBe('RECEIVED');
    expectRefused(
      rejected,
      { type: 'requestAdjustment', unitId: 'u1', reason: 'x' },
      clerk('u1'),
      day(8),
      'ADJUSTMENT_WINDOW_CLOSED',
    );
  });

  it('a reply on time closes the reply clock and opens the feedback window', () => {
    const r = act(readyToReply(), { type: 'reply', unitId: 'u1' }, clerk('u1'), day(4));
    expect(r.ok).toBe(true);
    const u = unitOf((r as { state: CaseState }).state, 'u1');
    expect(u.stage).toBe('FEEDBACK_PENDING');
    expect(u.replies[0]).toMatchObject({
      round: 1,
      class: 'A',
      late: false,
      dueAt: day(90),
      signedOffBy: 'u1-leader',
    });
    expect(u.deadlines.mainReply.open).toBe(false);
    expect(u.deadlines.feedback).toMatchObject({ open: true, dueAt: day(19) });
    expect(r.ok && r.events.find((e) => e.type === 'Replied')).toMatchObject({
      late: false,
      proposers: ['p1'],
    });
  });

  it('a reply after the due date is accepted and marked late', () => {
    const r = act(readyToReply(), { type: 'reply', unitId: 'u1' }, clerk('u1'), day(95));
    expect(r.ok && unitOf(r.state, 'u1').replies[0].late).toBe(true);
    expect(r.ok && summary(r.state, T0).units[0].lateReplies).toBe(1);
  });

  it('extension: request → approval re-arms the reply clock within the cap', () => {
    const requested = run(readyToReply(), [
      [
        { type: 'requestExtension', unitId: 'u1', reason: '涉及多部门', requestedDueAt: day(150) },
        clerk('u1'),
        day(60),
      ],
    ]);
    expectRefused(
      requested,
      { type: 'requestExtension', unitId: 'u1', reason: 'again' },
      clerk('u1'),
      day(61),
      'EXTENSION_PENDING',
    );
    expectRefused(
      requested,
      { type: 'decideExtension', unitId: 'u1', approve: true },
      office,
      day(62),
      'EXTENSION_CAP_UNKNOWN',
    );
    expectRefused(
      requested,
      { type: 'decideExtension', unitId: 'u1', approve: true, newDueAt: day(200), capAt: day(180) },
      office,
      day(62),
      'EXTENSION_BEYOND_CAP',
    );
    expectRefused(
      requested,
      { type: 'decideExtension', unitId: 'u1', approve: true, newDueAt: day(80), capAt: day(180) },
      office,
      day(62),
      'EXTENSION_NOT_LATER',
    );
    const s = run(requested, [
      [{ type: 'decideExtension', unitId: 'u1', approve: true, capAt: day(180) }, office, day(62)],
    ]);
    const d = unitOf(s, 'u1').deadlines.mainReply;
    expect(d).toMatchObject({ dueAt: day(150), extended: true, armedAt: day(62), firedReminders: [] });
    expect(unitOf(s, 'u1').extensions[0]).toMatchObject({
      decision: 'approved',
      oldDueAt: day(90),
      newDueAt: day(150),
    });
    // A reply after the old due date but before the new one is on time.
    const after = run(s, [[{ type: 'reply', unitId: 'u1' }, clerk('u1'), day(120)]]);
    expect(unitOf(after, 'u1').replies[0].late).toBe(false);
  });

  it('extension rejected leaves the due date', () => {
    const s = run(readyToReply(), [
      [{ type: 'requestExtension', unitId: 'u1', reason: '涉及多部门' }, clerk('u1'), day(60)],
      [{ type: 'decideExtension', unitId: 'u1', approve: false, reason: '不符合条件' }, office, day(61)],
    ]);
    expect(unitOf(s, 'u1').deadlines.mainReply.dueAt).toBe(day(90));
    expect(unitOf(s, 'u1').extensions[0].decision).toBe('rejected');
  });
});

describe('feedback, re-handling, tracking, closure', () => {
  const replied = (cls = 'A', proposers?: { id: string; name: string }[]) =>
    run(readyToReply(cls, 'u1', proposers), [[{ type: 'reply', unitId: 'u1' }, clerk('u1'), day(4)]]);

  it('satisfied with an A reply → unit and case closed', () => {
    const r = act(
      replied(),
      { type: 'giveFeedback', unitId: 'u1', proposerId: 'p1', rating: 'satisfied', comment: '满意' },
      proposer('p1'),
      day(6),
    );
    expect(r.ok && r.events.map((e) => e.type)).toEqual(['FeedbackGiven', 'UnitClosed', 'CaseClosed']);
    expect(r.ok && r.state.stage).toBe('CLOSED');
    expect(r.ok && r.state.closedAt).toBe(day(6));
  });

  it('waits for every proposer (joint proposal: each co-signer rates)', () => {
    const s = replied('A', [
      { id: 'p1', name: '甲' },
      { id: 'p2', name: '乙' },
    ]);
    const one = run(s, [
      [{ type: 'giveFeedback', unitId: 'u1', proposerId: 'p1', rating: 'satisfied' }, proposer('p1'), day(5)],
    ]);
    expect(one.stage).toBe('ASSIGNED');
    expectRefused(
      one,
      { type: 'giveFeedback', unitId: 'u1', proposerId: 'p1', rating: 'satisfied' },
      proposer('p1'),
      day(5),
      'ALREADY_RATED',
    );
    const both = run(one, [
      [{ type: 'giveFeedback', unitId: 'u1', proposerId: 'p2', rating: 'satisfied' }, office, day(6)],
    ]);
    expect(both.stage).toBe('CLOSED');
  });

  it('dissatisfied → re-handling with its own deadline → second reply → feedback again', () => {
    const s = run(replied(), [
      [
        { type: 'giveFeedback', unitId: 'u1', proposerId: 'p1', rating: 'dissatisfied', comment: '未解决' },
        proposer('p1'),
        day(10),
      ],
    ]);
    const u = unitOf(s, 'u1');
    expect(u).toMatchObject({ stage: 'REHANDLING', round: 2 });
    expect(u.deadlines.rehandling).toMatchObject({ open: true, dueAt: day(40) });
    expect(u.deadlines.contact).toMatchObject({ open: true, dueAt: day(40) });
    expect(u.limits.rehandlingCap).toBe(day(70));
    // Contact is required again in the new round.
    const redraft: Command = {
      type: 'draftReply',
      unitId: 'u1',
      class: 'A',
      text: '再次答复',
      contactPerson: '王',
      contactPhone: '1',
    };
    expectRefused(s, redraft, clerk('u1'), day(20), 'CONTACT_REQUIRED');
    const second = run(s, [
      [
        { type: 'recordContact', unitId: 'u1', method: 'visit', date: day(21), by: '局长' },
        clerk('u1'),
        day(21),
      ],
      [redraft, clerk('u1'), day(21)],
      [{ type: 'signOffReply', unitId: 'u1' }, leader('u1'), day(21)],
      [{ type: 'reply', unitId: 'u1' }, clerk('u1'), day(45)],
    ]);
    const u2 = unitOf(second, 'u1');
    expect(u2.stage).toBe('FEEDBACK_PENDING');
    expect(u2.replies[1]).toMatchObject({ round: 2, text: '再次答复', late: true, dueAt: day(40) });
    expect(u2.deadlines.rehandling.open).toBe(false);
    expect(u2.deadlines.feedback).toMatchObject({ open: true, dueAt: day(60) });
    const closed = run(second, [
      [
        { type: 'giveFeedback', unitId: 'u1', proposerId: 'p1', rating: 'basicallySatisfied' },
        proposer('p1'),
        day(50),
      ],
    ]);
    expect(closed.stage).toBe('CLOSED');
  });

  it.each<[boolean, string]>([
    [false, 'CLOSED'],
    [true, 'REHANDLING'],
  ])('basically satisfied with rehandlingOnBasicallySatisfied=%s → %s', (flag, expected) => {
    const rules = { ...RULES, rehandlingOnBasicallySatisfied: flag };
    const s = run(
      replied(),
      [
        [
          { type: 'giveFeedback', unitId: 'u1', proposerId: 'p1', rating: 'basicallySatisfied' },
          proposer('p1'),
          day(6),
        ],
      ],
      rules,
    );
    expect(flag ? unitOf(s, 'u1').stage : s.stage).toBe(expected);
  });

  it.each<[LifecycleRules['feedbackNoAnswer'], string, boolean]>([
    ['recordedAsNoAnswer', 'noAnswer', false],
    ['deemedSatisfied', 'satisfied', true],
  ])('feedback timeout with %s', (rule, rating, deemed) => {
    const rules = { ...RULES, feedbackNoAnswer: rule };
    const r = act(replied(), { type: 'expireFeedbackWindow', unitId: 'u1' }, system, day(19), rules);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(unitOf(r.state, 'u1').feedback[0]).toMatchObject({ rating, ...(deemed ? { deemed: true } : {}) });
    expect(r.events[0]).toMatchObject({ type: 'FeedbackWindowExpired', missing: ['p1'] });
    expect(r.state.stage).toBe('CLOSED');
  });

  it('B-class reply → tracking with a report deadline → report → closure', () => {
    const s = run(replied('B'), [
      [{ type: 'giveFeedback', unitId: 'u1', proposerId: 'p1', rating: 'satisfied' }, proposer('p1'), day(6)],
    ]);
    expect(unitOf(s, 'u1').stage).toBe('TRACKING');
    // the tracking report counts from the reply (day 4) that made the commitment, not from the feedback
    expect(unitOf(s, 'u1').deadlines.trackingReport).toMatchObject({
      open: true,
      dueAt: day(64),
      startEvent: 'replied',
      startAt: day(4),
    });
    const r = act(
      s,
      { type: 'reportTracking', unitId: 'u1', text: '项目已开工', resolved: true },
      clerk('u1'),
      day(50),
    );
    expect(r.ok && r.events.map((e) => e.type)).toEqual(['TrackingReported', 'UnitClosed', 'CaseClosed']);
  });

  it('the office may close a unit after a reply (e.g. after a formal explanation)', () => {
    const s = run(replied(), [[{ type: 'closeUnit', unitId: 'u1', reason: '已当面解释' }, office, day(30)]]);
    expect(s.stage).toBe('CLOSED');
    expect(unitOf(s, 'u1').endReason).toBe('已当面解释');
  });
});

describe('handling modes', () => {
  const feedback = (unitId: string, now: string): [Command, Actor, string] => [
    { type: 'giveFeedback', unitId, proposerId: 'p1', rating: 'satisfied' },
    proposer('p1'),
    now,
  ];
  const cycle = (unitId: string, at: number): [Command, Actor, string][] => [
    [{ type: 'signFor', unitId }, clerk(unitId), day(at)],
    [{ type: 'recordContact', unitId, method: 'online', date: day(at), by: 'x' }, clerk(unitId), day(at)],
    [
      {
        type: 'draftReply',
        unitId,
        class: 'A',
        text: `${unitId} 答复`,
        contactPerson: 'x',
        contactPhone: '1',
      },
      clerk(unitId),
      day(at),
    ],
    [{ type: 'signOffReply', unitId }, leader(unitId), day(at)],
    [{ type: 'reply', unitId }, clerk(unitId), day(at)],
  ];

  it('separate handling: each unit runs its own cycle; the case closes when all are done', () => {
    let s = run(filed(), [
      [{ type: 'assign', mode: 'separate', units: [{ unitId: 'a' }, { unitId: 'b' }] }, office, T0],
    ]);
    s = run(s, [...cycle('a', 2), feedback('a', day(3))]);
    expect(unitOf(s, 'a').stage).toBe('CLOSED');
    expect(s.stage).toBe('ASSIGNED');
    expect(summary(s, T0).stage).toBe('ASSIGNED');
    s = run(s, [...cycle('b', 4), feedback('b', day(5))]);
    expect(s.stage).toBe('CLOSED');
  });

  it('joint handling: co-handler opinion goes to the lead; only the lead replies; its cycle closes the case', () => {
    let s = run(filed(), [
      [
        {
          type: 'assign',
          mode: 'joint',
          units: [
            { unitId: 'lead', role: 'lead' },
            { unitId: 'co', role: 'co' },
          ],
        },
        office,
        T0,
      ],
      [{ type: 'signFor', unitId: 'co' }, clerk('co'), day(1)],
      [{ type: 'sendOpinion', unitId: 'co', text: '会办意见：同意' }, clerk('co'), day(2)],
    ]);
    expect(s.opinions).toEqual([
      { fromUnitId: 'co', toUnitId: 'lead', text: '会办意见：同意', at: day(2), by: 'co-clerk' },
    ]);
    expect(unitOf(s, 'co')).toMatchObject({ stage: 'OPINION_SENT' });
    expect(unitOf(s, 'co').deadlines.coOpinion.open).toBe(false);
    s = run(s, [...cycle('lead', 3), feedback('lead', day(4))]);
    expect(s.stage).toBe('CLOSED');
    expect(unitOf(s, 'co').stage).toBe('CLOSED');
  });

  it("joint handling: the lead's reply closes co-handler duties still open", () => {
    // a policy that lets the lead reply without waiting for the co-handlers
    const noWait: LifecycleRules = { ...RULES, leadWaitsForCoOpinions: false };
    const s = run(
      filed(),
      [
        [
          {
            type: 'assign',
            mode: 'joint',
            units: [
              { unitId: 'lead', role: 'lead' },
              { unitId: 'co', role: 'co' },
            ],
          },
          office,
          T0,
        ],
        ...cycle('lead', 3),
      ],
      noWait,
    );
    expect(Object.values(unitOf(s, 'co').deadlines).every((d) => !d.open)).toBe(true);
  });

  it('joint handling: the lead submits its draft only once each opinion arrived or its deadline passed', () => {
    const joint = run(filed(), [
      [
        {
          type: 'assign',
          mode: 'joint',
          units: [
            { unitId: 'lead', role: 'lead' },
            { unitId: 'co1', role: 'co' },
            { unitId: 'co2', role: 'co' },
          ],
        },
        office,
        T0,
      ],
      [{ type: 'signFor', unitId: 'lead' }, clerk('lead'), day(1)],
      [
        { type: 'recordContact', unitId: 'lead', method: 'phone', date: day(2), by: '王' },
        clerk('lead'),
        day(2),
      ],
      [{ type: 'signFor', unitId: 'co1' }, clerk('co1'), day(1)],
      [{ type: 'sendOpinion', unitId: 'co1', text: '同意' }, clerk('co1'), day(3)],
    ]);
    const draft: Command = {
      type: 'draftReply',
      unitId: 'lead',
      class: 'A',
      text: '答复',
      contactPerson: '王',
      contactPhone: '1',
    };
    // co2's opinion is due on day 30 and has not come
    const r = expectRefused(joint, draft, clerk('lead'), day(10), 'CO_OPINIONS_PENDING');
    if (!r.ok) expect(r.message).toContain('co2');
    expect(draftPrerequisites(joint, unitOf(joint, 'lead'), RULES, day(10)).coOpinions).toEqual(['co2']);
    // once its deadline has passed the lead goes ahead without it
    expect(act(joint, draft, clerk('lead'), day(30), RULES).ok).toBe(true);
  });
});

describe('supervision and hold', () => {
  it('urging and key-case marking are recorded', () => {
    const s = run(soleAssigned(), [
      [{ type: 'urge', unitId: 'u1', note: '请加快办理' }, supervisor, day(10)],
      [{ type: 'markKeyCase', keyCase: true, note: '主席会议确定' }, supervisor, day(11)],
    ]);
    expect(s.urges).toEqual([{ unitId: 'u1', note: '请加快办理', at: day(10), by: 'sup-1' }]);
    expect(s.keyCase).toBe(true);
    expect(summary(s, T0).keyCase).toBe(true);
  });

  it('hold stops the clocks: clock-moving actions are refused; resume shifts every open due instant', () => {
    const held = run(soleAssigned(), [
      [{ type: 'signFor', unitId: 'u1' }, clerk('u1'), day(1)],
      [{ type: 'hold', reason: '等待上级政策出台' }, office, day(10)],
    ]);
    expectRefused(held, { type: 'reply', unitId: 'u1' }, clerk('u1'), day(11), 'ON_HOLD');
    expectRefused(held, { type: 'hold', reason: 'again' }, office, day(11), 'ON_HOLD');
    const r = act(held, { type: 'resume' }, office, day(40));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const u = unitOf(r.state, 'u1');
    expect(u.deadlines.mainReply.dueAt).toBe(day(120));
    expect(u.deadlines.contact.dueAt).toBe(day(60));
    expect(u.deadlines.signFor.dueAt).toBe(day(5)); // closed before the hold: unchanged
    expect(u.limits.mainReplyCap).toBe(day(210));
    expect(r.state.holds[0]).toMatchObject({
      reason: '等待上级政策出台',
      since: day(10),
      resumedAt: day(40),
      heldMs: 30 * 86_400_000,
    });
    expect(r.events[0]).toMatchObject({ type: 'Resumed', heldMs: 30 * 86_400_000 });
    expect(summary(r.state, T0).onHold).toBe(false);
  });

  it('a recompute moves open, non-extended clocks and keeps hold shifts', () => {
    const s = run(soleAssigned(), [
      [{ type: 'hold', reason: 'x' }, office, day(1)],
      [{ type: 'resume' }, office, day(3)],
      [
        {
          type: 'recomputeDeadlines',
          reason: '节假日安排调整',
          deadlines: [{ unitId: 'u1', clock: 'mainReply', dueAt: day(91), summary: '重算' }],
        },
        system,
        day(4),
      ],
    ]);
    expect(unitOf(s, 'u1').deadlines.mainReply).toMatchObject({
      dueAt: day(93),
      summary: '重算',
      heldMs: 2 * 86_400_000,
    });
  });
});

describe('statutory clocks: delivery, late co-units, notices to the proposer', () => {
  /** A policy that counts the main reply from receipt (Sichuan, Shandong). */
  const FROM_RECEIPT = {
    ...POLICY_DAYS,
    mainReply: { event: 'received', days: 90 },
    mainReplyCap: { event: 'received', days: 180 },
  };
  const actWith = (s: CaseState, c: Command, a: Actor, now: string, ctx: Partial<DecideContext> = {}) => {
    const first = decide(s, c, { now, actor: a, rules: RULES, ...ctx });
    if (!first.ok || first.clockRequests.length === 0) return first;
    return decide(s, { ...c, deadlines: plan(first.clockRequests, FROM_RECEIPT) } as Command, {
      now,
      actor: a,
      rules: RULES,
      ...ctx,
    });
  };
  const runWith = (s: CaseState, steps: [Command, Actor, string][], ctx: Partial<DecideContext> = {}) => {
    for (const [c, a, now] of steps) {
      const r = actWith(s, c, a, now, ctx);
      if (!r.ok) throw new Error(`${c.type} refused: ${r.code} ${r.message}`);
      s = r.state;
    }
    return s;
  };
  const assign: Command = { type: 'assign', mode: 'sole', units: [{ unitId: 'u1' }] };

  it('a unit that never signs for still has its main reply deadline, counted from delivery', () => {
    const s = runWith(filed(), [[assign, office, T0]]);
    const u = unitOf(s, 'u1');
    expect(u.stage).toBe('ASSIGNED');
    expect(u.deliveredAt).toBe(T0);
    expect(u.deadlines.mainReply).toMatchObject({
      open: true,
      dueAt: day(90),
      startEvent: 'received',
      startAt: T0,
    });
    expect(u.limits.mainReplyCap).toBe(day(180));
    // and it goes overdue on it like any unit
    expect(summary(s, day(91)).overdue).toBe(true);
  });

  it('signing for late does not move the main reply deadline', () => {
    const s = runWith(filed(), [
      [assign, office, T0],
      [{ type: 'signFor', unitId: 'u1' }, clerk('u1'), day(20)],
    ]);
    const u = unitOf(s, 'u1');
    expect(u.receivedAt).toBe(day(20));
    expect(u.deadlines.mainReply.dueAt).toBe(day(90));
    expect(u.deadlines.signFor).toMatchObject({ open: false, closedAt: day(20) });
  });

  it('runs from before the rules still count receipt from sign-for', () => {
    const old = { receiptAtSignFor: true };
    const assigned = runWith(filed(), [[assign, office, T0]], old);
    expect(unitOf(assigned, 'u1').deliveredAt).toBeUndefined();
    expect(unitOf(assigned, 'u1').deadlines.mainReply).toBeUndefined();
    const signed = runWith(assigned, [[{ type: 'signFor', unitId: 'u1' }, clerk('u1'), day(20)]], old);
    expect(unitOf(signed, 'u1').deadlines.mainReply.dueAt).toBe(day(110));
  });

  it('a unit assigned under the old rules and carried into a new run counts from its sign-for', () => {
    const assigned = runWith(filed(), [[assign, office, T0]], { receiptAtSignFor: true });
    const signed = runWith(assigned, [[{ type: 'signFor', unitId: 'u1' }, clerk('u1'), day(20)]]);
    expect(unitOf(signed, 'u1').deadlines.mainReply.dueAt).toBe(day(110));
  });

  it('the office records a later delivery: clocks from receipt count again from it', () => {
    const s = runWith(filed(), [[assign, office, T0]]);
    const r = actWith(
      s,
      { type: 'recordDelivery', unitId: 'u1', deliveredAt: day(3), note: '纸质件' },
      office,
      day(5),
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const u = unitOf(r.state, 'u1');
    expect(u.deliveredAt).toBe(day(3));
    expect(u.deadlines.mainReply).toMatchObject({ open: true, dueAt: day(93), startAt: day(3) });
    expect(u.deadlines.adjustmentWindow).toMatchObject({ open: true, dueAt: day(10) });
    expect(u.limits.mainReplyCap).toBe(day(183));
    // clocks from the assignment stay where they were
    expect(u.deadlines.signFor.dueAt).toBe(day(5));
    expect(r.events.map((e) => e.type)).toEqual(['DeliveryRecorded', 'DeadlineArmed', 'DeadlineArmed']);
  });

  it.each<[string, Partial<Command>, Actor, string, string]>([
    ['before the assignment', { deliveredAt: day(-1) }, office, day(5), 'INVALID_COMMAND'],
    ['in the future', { deliveredAt: day(6) }, office, day(5), 'INVALID_COMMAND'],
    ['not an instant', { deliveredAt: 'soon' }, office, day(5), 'INVALID_COMMAND'],
    ['by the unit itself', { deliveredAt: day(3) }, clerk('u1'), day(5), 'FORBIDDEN_ROLE'],
    ['for a unit not on the case', { unitId: 'u9', deliveredAt: day(3) }, office, day(5), 'UNKNOWN_UNIT'],
  ])('recording a delivery %s is refused', (_n, fields, actor, now, code) => {
    const s = runWith(filed(), [[assign, office, T0]]);
    const r = actWith(s, { type: 'recordDelivery', unitId: 'u1', ...fields } as Command, actor, now);
    expect(r.ok ? 'accepted' : r.code).toBe(code);
  });

  it('recording a delivery after the unit replied is refused', () => {
    const r = act(
      run(readyToReply(), [[{ type: 'reply', unitId: 'u1' }, clerk('u1'), day(4)]]),
      { type: 'recordDelivery', unitId: 'u1', deliveredAt: day(1) },
      office,
      day(5),
    );
    expect(r.ok ? 'accepted' : r.code).toBe('WRONG_STAGE');
  });

  it("a co-unit added later counts its opinion deadline from the lead's actual main reply", () => {
    const s = run(filed(), [
      [
        {
          type: 'assign',
          mode: 'joint',
          units: [
            { unitId: 'lead', role: 'lead' },
            { unitId: 'co1', role: 'co' },
          ],
        },
        office,
        T0,
      ],
    ]);
    const first = decide(
      s,
      { type: 'addUnit', unitId: 'co2', role: 'co' },
      { now: day(40), actor: office, rules: RULES },
    );
    expect(first.ok && first.clockRequests).toEqual([
      expect.objectContaining({ unitId: 'co2', startEvent: 'assigned', refs: { mainReply: day(90) } }),
      expect.objectContaining({ unitId: 'co2', startEvent: 'received', refs: { mainReply: day(90) } }),
    ]);
    // old runs asked without it
    const old = decide(
      s,
      { type: 'addUnit', unitId: 'co2', role: 'co' },
      {
        now: day(40),
        actor: office,
        rules: RULES,
        receiptAtSignFor: true,
      },
    );
    expect(old.ok && old.clockRequests.every((r) => r.refs === undefined)).toBe(true);
  });

  it('an approved extension is marked for the proposer where the policy says so', () => {
    const requested = run(readyToReply(), [
      [{ type: 'requestExtension', unitId: 'u1', reason: '涉及多部门' }, clerk('u1'), day(60)],
    ]);
    const decision: Command = {
      type: 'decideExtension',
      unitId: 'u1',
      approve: true,
      newDueAt: day(120),
      capAt: day(180),
    };
    const told = act(requested, decision, office, day(62), { ...RULES, notifyProposerOfExtension: true });
    expect(told.ok && told.events.find((e) => e.type === 'ExtensionApproved')).toMatchObject({
      noticeToProposer: true,
    });
    const silent = act(requested, decision, office, day(62));
    expect(silent.ok && silent.events.find((e) => e.type === 'ExtensionApproved')).not.toHaveProperty(
      'noticeToProposer',
    );
  });

  describe('tracking (跟踪落实) that repeats until done', () => {
    const REPEATS: LifecycleRules = { ...RULES, trackingRepeats: true };
    const tracking = (rules = REPEATS) =>
      run(
        run(readyToReply('B'), [[{ type: 'reply', unitId: 'u1' }, clerk('u1'), day(4)]], rules),
        [
          [
            { type: 'giveFeedback', unitId: 'u1', proposerId: 'p1', rating: 'satisfied' },
            proposer('p1'),
            day(6),
          ],
        ],
        rules,
      );
    const report = (resolved: boolean): Command => ({
      type: 'reportTracking',
      unitId: 'u1',
      text: resolved ? '项目已建成' : '已列入明年计划',
      resolved,
    });

    it('a report that is not final keeps the unit tracking, due again at the interval', () => {
      const r = act(tracking(), report(false), clerk('u1'), day(50), REPEATS);
      expect(r.ok).toBe(true);
      if (!r.ok) return;
      const u = unitOf(r.state, 'u1');
      expect(u.stage).toBe('TRACKING');
      expect(u.deadlines.trackingReport).toMatchObject({
        open: true,
        dueAt: day(110),
        startEvent: 'trackingReported',
        startAt: day(50),
      });
      expect(r.events[0]).toMatchObject({
        type: 'TrackingReported',
        resolved: false,
        reportNo: 1,
        toProposer: true,
        continues: true,
      });
      // the second report says it is done: tracking ends
      const done = act(r.state, report(true), clerk('u1'), day(100), REPEATS);
      expect(done.ok && done.events.map((e) => e.type)).toEqual([
        'TrackingReported',
        'UnitClosed',
        'CaseClosed',
      ]);
      expect(done.ok && done.events[0]).toMatchObject({ reportNo: 2, toProposer: true });
      expect(done.ok && done.events[0]).not.toHaveProperty('continues');
    });

    it('without a repeat in the policy the first report ends tracking, and still reaches the proposer', () => {
      const r = act(tracking(RULES), report(false), clerk('u1'), day(50));
      expect(r.ok && r.events.map((e) => e.type)).toEqual(['TrackingReported', 'UnitClosed', 'CaseClosed']);
      expect(r.ok && r.events[0]).toMatchObject({ toProposer: true, reportNo: 1 });
    });

    it('runs from before the rules end tracking at the first report and tell nobody', () => {
      const s = tracking(RULES);
      const r = decide(s, report(false), {
        now: day(50),
        actor: clerk('u1'),
        rules: REPEATS,
        receiptAtSignFor: true,
      });
      expect(r.ok && r.events).toEqual([
        expect.objectContaining({ type: 'TrackingReported', unitId: 'u1', resolved: false }),
        expect.objectContaining({ type: 'UnitClosed' }),
        expect.objectContaining({ type: 'CaseClosed' }),
      ]);
      expect(r.ok && r.events[0]).not.toHaveProperty('toProposer');
    });
  });
});
