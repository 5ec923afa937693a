import {
  addCalendarDays,
  addCalendarMonths,
  daysInMonth,
  endOfShanghaiDay,
  shanghaiDateOf,
  yearOf,
  type CrossedDay,
  type IsoDate,
  type WorkingDayCalendar,
} from '../calendar';
import {
  CLOCK_IDS,
  type ClockChannel,
  type ClockId,
  type ClockSpec,
  type ClockStartEvent,
  type JurisdictionPolicy,
} from '../policies/types';
import { clockLabelZh, ruleLengthZh, ruleTextEn, ruleTextZh, startEventLabelZh } from './text';
import type { ComputedDeadline, DeadlineRule } from './types';

/** What computeDeadline needs besides the clock itself. */
export interface DeadlineContext {
  policyId: string;
  policyVersion: number;
  /** Deadlines already computed, for offsetBefore rules. */
  refs?: Partial<Record<ClockId, ComputedDeadline>>;
  /** Picks a byChannel variant of the clock. */
  channel?: ClockChannel;
  /** false picks the closedSession variant (items raised between sessions). */
  duringSession?: boolean;
}

export interface CaseDeadlineOptions {
  channel: ClockChannel;
  /** A "wide or difficult" item: mainReplyComplex replaces mainReply. */
  complex?: boolean;
  /** Restrict the result to these clocks (dependencies are still computed). */
  clocks?: ClockId[];
  /** false when the item was raised between sessions (闭会期间); default true. */
  duringSession?: boolean;
}

/** The variant of `spec` that applies: closedSession first, then byChannel, else the spec itself. */
export function resolveClockSpec(
  spec: ClockSpec,
  channel?: ClockChannel,
  duringSession?: boolean,
): { spec: ClockSpec; channel?: ClockChannel; variant: 'base' | 'channel' | 'closedSession' } {
  if (duringSession === false && spec.closedSession)
    return { spec: spec.closedSession, variant: 'closedSession' };
  const byChannel = channel ? spec.byChannel?.[channel] : undefined;
  if (byChannel && channel) return { spec: byChannel, channel, variant: 'channel' };
  return { spec, variant: 'base' };
}

function fixedMonthDayIn(year: number, month: number, day: number): IsoDate {
  const d = Math.min(day, daysInMonth(year, month));
  return `${year}-${String(month).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

function uniq(list: string[]): string[] {
  return [...new Set(list)];
}

/**
 * Computes one deadline. `startAt` is an ISO instant with offset (or a bare Shanghai date); the
 * start day is excluded and the period ends at 24:00 Asia/Shanghai on the due date.
 * Throws when an offsetBefore rule's reference is missing from ctx.refs.
 */
export function computeDeadline(
  clockSpec: ClockSpec,
  clockId: ClockId,
  startAt: string,
  calendar: WorkingDayCalendar,
  ctx: DeadlineContext,
): ComputedDeadline {
  const resolved = resolveClockSpec(clockSpec, ctx.channel, ctx.duringSession);
  const spec = resolved.spec;
  const rule: DeadlineRule = spec.rule;
  const startEvent: ClockStartEvent = spec.startsAt;
  const startDate = shanghaiDateOf(startAt);
  const warnings: string[] = [];
  let counted: IsoDate;
  let crossedFrom: IsoDate = startDate;
  let crossedTo: IsoDate | undefined;
  let reference: ComputedDeadline['reference'];
  let rollDirection: 'forward' | 'backward' = 'forward';

  switch (rule.kind) {
    case 'calendarDays':
      counted = addCalendarDays(startDate, rule.days);
      break;
    case 'months':
      counted = addCalendarMonths(startDate, rule.months);
      break;
    case 'workingDays':
      counted = calendar.addWorkingDays(startDate, rule.days).date;
      break;
    case 'fixedMonthDay':
      counted = fixedMonthDayIn(yearOf(startDate), rule.month, rule.day);
      break;
    case 'fixedDate':
      counted = rule.date;
      break;
    case 'offsetBefore': {
      const ref = ctx.refs?.[rule.clock];
      if (!ref) throw new Error(`${clockId}: needs the ${rule.clock} deadline first (offsetBefore)`);
      // In a complex case the reference may be the stand-in mainReplyComplex, so name the clock actually used.
      reference = { clock: ref.clock, dueDate: ref.dueDate };
      counted =
        rule.unit === 'workingDays'
          ? calendar.addWorkingDays(ref.dueDate, -rule.days).date
          : addCalendarDays(ref.dueDate, -rule.days);
      // A deadline counted back must stay before the one it is counted from, so it rolls earlier.
      rollDirection = 'backward';
      crossedFrom = counted;
      crossedTo = ref.dueDate;
      warnings.push(...ref.warnings);
      break;
    }
  }

  let dueDate = counted;
  let rolled: ComputedDeadline['rolled'] = null;
  let rollWhy = '';
  const rolls =
    rule.kind !== 'workingDays' &&
    !(rule.kind === 'offsetBefore' && rule.unit === 'workingDays') &&
    rule.roll !== false;
  if (rolls) {
    const r = calendar.rollToWorkingDay(counted, rollDirection);
    warnings.push(...r.warnings);
    if (r.date !== counted) {
      dueDate = r.date;
      rollWhy = r.skipped[0]?.reason ?? '休息日';
      rolled = {
        from: counted,
        to: dueDate,
        reason:
          rollDirection === 'forward'
            ? `${counted}为${rollWhy}，期限顺延至休假日结束的次日（民法典第二百零三条）`
            : `${counted}为${rollWhy}，倒算的期限提前至此前最近的工作日`,
      };
    }
  }

  const rangeStart =
    rule.kind === 'offsetBefore' ? (dueDate < crossedFrom ? dueDate : crossedFrom) : crossedFrom;
  const rangeEnd = crossedTo ?? dueDate;
  const crossed: CrossedDay[] =
    rangeEnd > rangeStart ? calendar.specialDaysBetween(rangeStart, rangeEnd) : [];
  if (rangeEnd > rangeStart) warnings.push(...calendar.warningsForRange(rangeStart, rangeEnd));
  else warnings.push(...calendar.warningsFor([dueDate]));
  if (dueDate <= startDate) {
    warnings.push(
      `期限${dueDate}不晚于起算日${startDate}：${startEventLabelZh(startEvent)}时该期限已届满或当日届满`,
    );
  }

  const startLabel = startEventLabelZh(startEvent);
  let summary: string;
  if (rule.kind === 'offsetBefore' && reference) {
    summary = `${clockLabelZh(reference.clock)}期限 ${reference.dueDate} 前${rule.days}${rule.unit === 'workingDays' ? '个工作日' : '日'} → ${dueDate}`;
  } else if (rule.kind === 'fixedMonthDay' || rule.kind === 'fixedDate') {
    summary = `${ruleLengthZh(rule)}（${startLabel} ${startDate}）→ ${dueDate}`;
  } else {
    summary = `${ruleLengthZh(rule)}，自${startLabel} ${startDate} 起 → ${dueDate}`;
  }
  if (rolled) summary += `（${rolled.from} ${rollWhy}，${rollDirection === 'forward' ? '顺延' : '提前'}）`;

  const reminders = [...new Set(spec.reminders)]
    .sort((a, b) => b - a)
    .map((daysBefore) => ({ daysBefore, date: addCalendarDays(dueDate, -daysBefore) }));

  return {
    clock: clockId,
    dueDate,
    dueAt: endOfShanghaiDay(dueDate),
    startEvent,
    startAt,
    startDate,
    rule,
    ruleText: ruleTextZh(rule, startEvent),
    ruleTextEn: ruleTextEn(rule, startEvent),
    policyId: ctx.policyId,
    policyVersion: ctx.policyVersion,
    ...(resolved.channel ? { channel: resolved.channel } : {}),
    crossed,
    rolled,
    warnings: uniq(warnings),
    summary,
    ...(reference ? { reference } : {}),
    reminders,
    escalateTo: [...spec.escalateTo],
    ...(spec.note !== undefined ? { note: spec.note } : {}),
  };
}

/**
 * Every deadline of a case under `policy` whose start event is in `events` (ISO instants), in
 * CLOCK_IDS order; offsetBefore clocks are computed after the clock they count back from.
 * This is what a what-if preview and the workflow activities call.
 */
export function computeCaseDeadlines(
  policy: JurisdictionPolicy,
  events: Partial<Record<ClockStartEvent, string>>,
  calendar: WorkingDayCalendar,
  opts: CaseDeadlineOptions,
): ComputedDeadline[] {
  const useComplex = opts.complex === true && policy.clocks.mainReplyComplex !== undefined;
  const extraWarnings: string[] = [];
  if (!policy.channels.includes(opts.channel)) {
    extraWarnings.push(
      `政策${policy.id}未规定${opts.channel === 'npc' ? '人大代表建议' : '政协提案'}的办理期限，仅供参考`,
    );
  }
  const wanted = new Set<ClockId>(opts.clocks ?? CLOCK_IDS.filter((c) => c !== 'mainReplyComplex'));
  // In a complex case the longer clock is the main reply deadline; the ordinary one would only raise false alarms.
  if (useComplex && wanted.delete('mainReply')) wanted.add('mainReplyComplex');

  const results = new Map<ClockId, ComputedDeadline>();
  const visiting = new Set<ClockId>();
  const compute = (id: ClockId): ComputedDeadline | undefined => {
    const effective: ClockId = id === 'mainReply' && useComplex ? 'mainReplyComplex' : id;
    const done = results.get(effective);
    if (done) return done;
    const base = policy.clocks[effective];
    if (!base) return undefined;
    const { spec } = resolveClockSpec(base, opts.channel, opts.duringSession);
    const startAt = events[spec.startsAt];
    if (startAt === undefined) return undefined;
    const refs: Partial<Record<ClockId, ComputedDeadline>> = {};
    if (spec.rule.kind === 'offsetBefore') {
      if (visiting.has(effective))
        throw new Error(`policy ${policy.id}: offsetBefore cycle through ${effective}`);
      visiting.add(effective);
      const ref = compute(spec.rule.clock);
      visiting.delete(effective);
      if (!ref) return undefined;
      refs[spec.rule.clock] = ref;
    }
    const d = computeDeadline(base, effective, startAt, calendar, {
      policyId: policy.id,
      policyVersion: policy.version,
      refs,
      channel: opts.channel,
      duringSession: opts.duringSession,
    });
    if (effective === 'mainReply' && opts.complex === true) {
      d.warnings.push('该政策未规定复杂件（涉及面广、处理难度大）的答复期限，按一般答复期限计算');
    }
    d.warnings.push(...extraWarnings);
    d.warnings = uniq(d.warnings);
    results.set(effective, d);
    return d;
  };

  const out: ComputedDeadline[] = [];
  for (const id of CLOCK_IDS) {
    if (!wanted.has(id)) continue;
    const d = compute(id);
    if (d && d.clock === id) out.push(d);
  }
  return out;
}
