import {
  addCalendarDays,
  addCalendarMonths,
  daysInMonth,
  endOfShanghaiDay,
  isIsoDate,
  shanghaiDateOf,
  yearOf,
  type CrossedDay,
  type IsoDate,
  type WorkingDayCalendar,
} from '../calendar';
import type { ClockSpec, JurisdictionPolicy } from '../policies/types';
import {
  CHANNEL_LABELS,
  CLOCK_IDS,
  clockLabel,
  startEventLabel,
  type Channel,
  type ClockId,
  type StartEvent,
} from '../vocabulary/index';
import { ruleLengthZh, ruleTextEn, ruleTextZh } from './text';
import type { ComputedDeadline, DeadlineRule } from './types';

/** What computeDeadline needs besides the clock itself. */
export interface DeadlineContext {
  policyId: string;
  policyVersion: number;
  /** Deadlines already computed (or known: clock, last day, warnings), for offsetBefore rules. */
  refs?: Partial<Record<ClockId, Pick<ComputedDeadline, 'clock' | 'dueDate' | 'warnings'>>>;
  /** Picks a byChannel variant of the clock. */
  channel?: Channel;
  /** false picks the closedSession variant (items raised between sessions). */
  duringSession?: boolean;
  /** true picks the complex variant (涉及面广、处理难度大) where the clock has one. */
  complex?: boolean;
}

export interface CaseDeadlineOptions {
  channel: Channel;
  /** A "wide or difficult" item: clocks with a complex variant (the main reply) use it. */
  complex?: boolean;
  /** Restrict the result to these clocks (dependencies are still computed). */
  clocks?: ClockId[];
  /** false when the item was raised between sessions (闭会期间); default true. */
  duringSession?: boolean;
  /**
   * Deadlines an offsetBefore rule counts back from as they actually stand (a due instant, or a
   * last day YYYY-MM-DD), e.g. the lead's main reply for a co-handler added later; these win over
   * computing the referenced clock from `events`.
   */
  refs?: Partial<Record<ClockId, string>>;
}

/**
 * The variant of `spec` that applies: the complex variant of a complex item first (its own variants
 * then apply to it), then closedSession, then byChannel, else the spec itself.
 */
export function resolveClockSpec(
  spec: ClockSpec,
  channel?: Channel,
  duringSession?: boolean,
  complex?: boolean,
): { spec: ClockSpec; channel?: Channel; variant: 'base' | 'channel' | 'closedSession'; complex: boolean } {
  const isComplex = complex === true && spec.complex !== undefined;
  const base = isComplex ? spec.complex! : spec;
  if (duringSession === false && base.closedSession)
    return { spec: base.closedSession, variant: 'closedSession', complex: isComplex };
  const byChannel = channel ? base.byChannel?.[channel] : undefined;
  if (byChannel && channel) return { spec: byChannel, channel, variant: 'channel', complex: isComplex };
  return { spec: base, variant: 'base', complex: isComplex };
}

function fixedMonthDayIn(year: number, month: number, day: number): IsoDate {
  const d = Math.min(day, daysInMonth(year, month));
  return `${year}-${String(month).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** The last day a due instant covers (it ends at 24:00 Beijing time of that day); a bare date as is. */
function lastDayOf(due: string): IsoDate {
  if (isIsoDate(due)) return due;
  shanghaiDateOf(due); // throws on anything but an ISO instant with offset
  return shanghaiDateOf(new Date(Date.parse(due) - 1).toISOString());
}

const MINUTE_MS = 60_000;
const MINUTES_PER_DAY = 1440;

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
  const resolved = resolveClockSpec(clockSpec, ctx.channel, ctx.duringSession, ctx.complex);
  const spec = resolved.spec;
  const rule: DeadlineRule = spec.rule;
  const startEvent: StartEvent = spec.startsAt;
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
    case 'minutes':
      counted = lastDayOf(new Date(Date.parse(startAt) + rule.minutes * MINUTE_MS).toISOString());
      break;
    case 'offsetBefore': {
      const ref = ctx.refs?.[rule.clock];
      if (!ref) throw new Error(`${clockId}: needs the ${rule.clock} deadline first (offsetBefore)`);
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
    rule.kind !== 'minutes' &&
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
      `期限${dueDate}不晚于起算日${startDate}：${startEventLabel(startEvent)}时该期限已届满或当日届满`,
    );
  }

  const startLabel = startEventLabel(startEvent);
  let summary: string;
  if (rule.kind === 'offsetBefore' && reference) {
    summary = `${clockLabel(reference.clock)}期限 ${reference.dueDate} 前${rule.days}${rule.unit === 'workingDays' ? '个工作日' : '日'} → ${dueDate}`;
  } else if (rule.kind === 'fixedMonthDay' || rule.kind === 'fixedDate') {
    summary = `${ruleLengthZh(rule)}（${startLabel} ${startDate}）→ ${dueDate}`;
  } else {
    summary = `${ruleLengthZh(rule)}，自${startLabel} ${startDate} 起 → ${dueDate}`;
  }
  if (rolled) summary += `（${rolled.from} ${rollWhy}，${rollDirection === 'forward' ? '顺延' : '提前'}）`;

  // a minutes rule is due at its instant and its reminders count minutes (kept as fractions of a day)
  const dueAt =
    rule.kind === 'minutes'
      ? new Date(Date.parse(startAt) + rule.minutes * MINUTE_MS).toISOString()
      : endOfShanghaiDay(dueDate);
  const reminders = [...new Set(spec.reminders)]
    .sort((a, b) => b - a)
    .map((n) =>
      rule.kind === 'minutes'
        ? {
            daysBefore: n / MINUTES_PER_DAY,
            date: lastDayOf(new Date(Date.parse(dueAt) - n * MINUTE_MS + 1).toISOString()),
          }
        : { daysBefore: n, date: addCalendarDays(dueDate, -n) },
    );

  return {
    clock: clockId,
    dueDate,
    dueAt,
    startEvent,
    startAt,
    startDate,
    rule,
    ruleText: ruleTextZh(rule, startEvent),
    ruleTextEn: ruleTextEn(rule, startEvent),
    policyId: ctx.policyId,
    policyVersion: ctx.policyVersion,
    ...(resolved.channel ? { channel: resolved.channel } : {}),
    ...(resolved.complex ? { complex: true } : {}),
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
  events: Partial<Record<StartEvent, string>>,
  calendar: WorkingDayCalendar,
  opts: CaseDeadlineOptions,
): ComputedDeadline[] {
  const extraWarnings: string[] = [];
  if (!policy.channels.includes(opts.channel)) {
    extraWarnings.push(`政策${policy.id}未规定${CHANNEL_LABELS[opts.channel].zh}的办理期限，仅供参考`);
  }
  const wanted = new Set<ClockId>(opts.clocks ?? CLOCK_IDS);

  const results = new Map<ClockId, ComputedDeadline>();
  const visiting = new Set<ClockId>();
  const compute = (id: ClockId): ComputedDeadline | undefined => {
    const done = results.get(id);
    if (done) return done;
    const declared = policy.clocks[id];
    if (!declared) return undefined;
    // a repeating clock (tracking report) counts from its own event once that event has happened
    const base =
      declared.repeat && events[declared.repeat.startsAt] !== undefined ? declared.repeat : declared;
    const { spec } = resolveClockSpec(base, opts.channel, opts.duringSession, opts.complex);
    const startAt = events[spec.startsAt];
    if (startAt === undefined) return undefined;
    const refs: NonNullable<DeadlineContext['refs']> = {};
    if (spec.rule.kind === 'offsetBefore') {
      const given = opts.refs?.[spec.rule.clock];
      if (given !== undefined) {
        refs[spec.rule.clock] = {
          clock: spec.rule.clock,
          dueDate: lastDayOf(given),
          warnings: calendar.warningsFor([lastDayOf(given)]),
        };
      } else {
        if (visiting.has(id)) throw new Error(`policy ${policy.id}: offsetBefore cycle through ${id}`);
        visiting.add(id);
        const ref = compute(spec.rule.clock);
        visiting.delete(id);
        if (!ref) return undefined;
        refs[spec.rule.clock] = ref;
      }
    }
    const d = computeDeadline(base, id, startAt, calendar, {
      policyId: policy.id,
      policyVersion: policy.version,
      refs,
      channel: opts.channel,
      duringSession: opts.duringSession,
      complex: opts.complex,
    });
    if (id === 'mainReply' && opts.complex === true && !base.complex) {
      d.warnings.push('该政策未规定复杂件（涉及面广、处理难度大）的答复期限，按一般答复期限计算');
    }
    d.warnings.push(...extraWarnings);
    d.warnings = uniq(d.warnings);
    results.set(id, d);
    return d;
  };

  const out: ComputedDeadline[] = [];
  for (const id of CLOCK_IDS) {
    if (!wanted.has(id)) continue;
    const d = compute(id);
    if (d) out.push(d);
  }
  return out;
}
