import type { ConfigFieldError, ConfigValidationResult } from '../calendar';
import { validateDeadlineRule } from '../deadlines/validate-rule';
import { CHANNELS, CLOCK_IDS, START_EVENTS, type ClockId } from '../vocabulary/index';
import { ESCALATION_TARGETS } from './types';

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function nonEmptyString(v: unknown): v is string {
  return typeof v === 'string' && v.trim().length > 0;
}

function checkSource(v: unknown, path: string, errors: ConfigFieldError[]): void {
  if (!isObject(v)) {
    errors.push({ path, message: 'must be an object {title, url}' });
    return;
  }
  if (!nonEmptyString(v.title)) errors.push({ path: `${path}.title`, message: 'required, non-empty text' });
  if (!(typeof v.url === 'string' && /^https?:\/\/\S+$/.test(v.url)))
    errors.push({ path: `${path}.url`, message: 'must be an http(s) URL' });
  if (v.article !== undefined && !nonEmptyString(v.article))
    errors.push({ path: `${path}.article`, message: 'when present, non-empty text' });
}

function checkEnumList(
  v: unknown,
  allowed: readonly string[],
  path: string,
  errors: ConfigFieldError[],
  nonEmpty: boolean,
): void {
  if (!Array.isArray(v)) {
    errors.push({ path, message: `must be an array of ${allowed.join(' | ')}` });
    return;
  }
  if (nonEmpty && v.length === 0) errors.push({ path, message: 'must not be empty' });
  const seen = new Set<unknown>();
  v.forEach((x, i) => {
    if (typeof x !== 'string' || !allowed.includes(x))
      errors.push({ path: `${path}[${i}]`, message: `must be one of ${allowed.join(', ')}` });
    if (seen.has(x)) errors.push({ path: `${path}[${i}]`, message: `duplicate ${String(x)}` });
    seen.add(x);
  });
}

/**
 * A clock spec at `level`: 'clock' may have every variant; the complex variant may have byChannel
 * and closedSession variants; those ('leaf') have none.
 */
function checkClockSpec(
  v: unknown,
  path: string,
  errors: ConfigFieldError[],
  level: 'clock' | 'complex' | 'leaf',
): void {
  if (!isObject(v)) {
    errors.push({ path, message: 'must be an object {startsAt, rule, reminders, escalateTo}' });
    return;
  }
  if (typeof v.startsAt !== 'string' || !(START_EVENTS as readonly string[]).includes(v.startsAt)) {
    errors.push({ path: `${path}.startsAt`, message: `must be one of ${START_EVENTS.join(', ')}` });
  }
  errors.push(...validateDeadlineRule(v.rule, `${path}.rule`));
  if (!Array.isArray(v.reminders)) {
    errors.push({
      path: `${path}.reminders`,
      message: 'must be an array of whole days before the due date, e.g. [7, 3, 1]',
    });
  } else {
    v.reminders.forEach((r, i) => {
      if (!Number.isInteger(r) || (r as number) < 1 || (r as number) > 366) {
        errors.push({
          path: `${path}.reminders[${i}]`,
          message: 'must be a whole number of days from 1 to 366',
        });
      }
    });
    if (new Set(v.reminders).size !== v.reminders.length)
      errors.push({ path: `${path}.reminders`, message: 'has duplicates' });
  }
  checkEnumList(v.escalateTo, ESCALATION_TARGETS, `${path}.escalateTo`, errors, false);
  if (v.source !== undefined) checkSource(v.source, `${path}.source`, errors);
  if (v.note !== undefined && !nonEmptyString(v.note))
    errors.push({ path: `${path}.note`, message: 'when present, non-empty text' });
  if (v.repeat !== undefined) {
    if (level !== 'clock' || !path.endsWith('clocks.trackingReport')) {
      errors.push({ path: `${path}.repeat`, message: 'only the trackingReport clock itself may repeat' });
    } else {
      checkClockSpec(v.repeat, `${path}.repeat`, errors, 'leaf');
      if (isObject(v.repeat) && v.repeat.startsAt !== 'trackingReported')
        errors.push({ path: `${path}.repeat.startsAt`, message: 'must be trackingReported' });
    }
  }
  for (const key of ['complex', 'byChannel', 'closedSession'] as const) {
    if (v[key] === undefined) continue;
    // Complex, then session or channel is enough for every source seen; deeper nesting would hide which rule applies.
    if (level === 'leaf' || (level === 'complex' && key === 'complex')) {
      errors.push({ path: `${path}.${key}`, message: 'a variant cannot have variants of its own' });
      continue;
    }
    const sub = key === 'complex' ? 'complex' : 'leaf';
    if (key !== 'byChannel') {
      checkClockSpec(v[key], `${path}.${key}`, errors, sub);
    } else if (!isObject(v.byChannel)) {
      errors.push({ path: `${path}.byChannel`, message: 'must be an object {npc?, cppcc?}' });
    } else {
      for (const [ch, spec] of Object.entries(v.byChannel)) {
        if (!(CHANNELS as readonly string[]).includes(ch))
          errors.push({ path: `${path}.byChannel.${ch}`, message: 'channel must be npc or cppcc' });
        else checkClockSpec(spec, `${path}.byChannel.${ch}`, errors, sub);
      }
    }
  }
}

/** offsetBefore targets of a clock spec and its variants. */
function offsetTargets(spec: Record<string, unknown>): string[] {
  const out: string[] = [];
  const visit = (s: unknown) => {
    if (isObject(s) && isObject(s.rule) && s.rule.kind === 'offsetBefore' && typeof s.rule.clock === 'string')
      out.push(s.rule.clock);
  };
  const variants = (s: Record<string, unknown>) => {
    visit(s);
    visit(s.closedSession);
    if (isObject(s.byChannel)) Object.values(s.byChannel).forEach(visit);
  };
  variants(spec);
  if (isObject(spec.complex)) variants(spec.complex);
  return out;
}

/**
 * Validates a jurisdiction policy (e.g. one uploaded by an administrator) and returns every
 * field error, each with a path such as clocks.mainReply.rule.months.
 */
export function validatePolicy(obj: unknown): ConfigValidationResult {
  const errors: ConfigFieldError[] = [];
  if (!isObject(obj)) return { ok: false, errors: [{ path: '', message: 'must be an object' }] };

  if (!(typeof obj.id === 'string' && /^[a-z0-9][a-z0-9-]{0,63}$/.test(obj.id))) {
    errors.push({ path: 'id', message: 'must be lower-case letters, digits and hyphens, e.g. cn-national' });
  }
  if (!Number.isInteger(obj.version) || (obj.version as number) < 1)
    errors.push({ path: 'version', message: 'must be a whole number ≥ 1' });
  if (!nonEmptyString(obj.name)) errors.push({ path: 'name', message: 'required (Chinese name)' });
  if (!nonEmptyString(obj.nameEn)) errors.push({ path: 'nameEn', message: 'required (English name)' });
  if (!Array.isArray(obj.sources) || obj.sources.length === 0) {
    errors.push({ path: 'sources', message: 'must list at least one source {title, url}' });
  } else {
    obj.sources.forEach((s, i) => checkSource(s, `sources[${i}]`, errors));
  }
  checkEnumList(obj.channels, CHANNELS, 'channels', errors, true);

  if (!isObject(obj.clocks)) {
    errors.push({ path: 'clocks', message: 'must be an object keyed by clock id' });
  } else {
    const clocks = obj.clocks;
    if (clocks.mainReply === undefined)
      errors.push({
        path: 'clocks.mainReply',
        message: 'required: every policy needs a main reply deadline',
      });
    for (const [id, spec] of Object.entries(clocks)) {
      if (!(CLOCK_IDS as readonly string[]).includes(id)) {
        errors.push({
          path: `clocks.${id}`,
          message: `unknown clock; must be one of ${CLOCK_IDS.join(', ')}`,
        });
        continue;
      }
      checkClockSpec(spec, `clocks.${id}`, errors, 'clock');
    }
    // offsetBefore must point at a defined clock, and the references must not loop.
    const graph = new Map<string, string[]>();
    for (const [id, spec] of Object.entries(clocks)) {
      if (!isObject(spec)) continue;
      const targets = offsetTargets(spec);
      graph.set(id, targets);
      for (const t of targets) {
        if (t === id)
          errors.push({ path: `clocks.${id}.rule.clock`, message: 'cannot count back from itself' });
        else if ((CLOCK_IDS as readonly string[]).includes(t) && clocks[t] === undefined) {
          errors.push({
            path: `clocks.${id}.rule.clock`,
            message: `refers to ${t}, which this policy does not define`,
          });
        }
      }
    }
    const state = new Map<string, 'visiting' | 'done'>();
    const walk = (id: string, trail: string[]): void => {
      if (state.get(id) === 'done') return;
      if (state.get(id) === 'visiting') {
        errors.push({
          path: `clocks.${id}.rule.clock`,
          message: `offsetBefore cycle: ${[...trail, id].join(' → ')}`,
        });
        return;
      }
      state.set(id, 'visiting');
      for (const t of graph.get(id) ?? []) if (t !== id) walk(t, [...trail, id]);
      state.set(id, 'done');
    };
    for (const id of graph.keys()) walk(id as ClockId, []);
  }

  if (typeof obj.contactRequiredBeforeReply !== 'boolean')
    errors.push({ path: 'contactRequiredBeforeReply', message: 'must be true or false' });
  if (typeof obj.rehandlingOnBasicallySatisfied !== 'boolean')
    errors.push({ path: 'rehandlingOnBasicallySatisfied', message: 'must be true or false' });
  if (obj.leadWaitsForCoOpinions !== undefined && typeof obj.leadWaitsForCoOpinions !== 'boolean')
    errors.push({ path: 'leadWaitsForCoOpinions', message: 'when present, true or false' });
  for (const flag of ['notifyProposerOfExtension', 'jointReply', 'officeReview', 'replyPerProposer'])
    if (obj[flag] !== undefined && typeof obj[flag] !== 'boolean')
      errors.push({ path: flag, message: 'when present, true or false' });
  if (
    obj.copies !== undefined &&
    !(
      Array.isArray(obj.copies) &&
      obj.copies.length <= 20 &&
      obj.copies.every((c) => nonEmptyString(c) && c.length <= 100)
    )
  )
    errors.push({
      path: 'copies',
      message: 'when present, at most 20 recipient names of up to 100 characters',
    });
  if (obj.feedbackNoAnswer !== 'recordedAsNoAnswer' && obj.feedbackNoAnswer !== 'deemedSatisfied') {
    errors.push({ path: 'feedbackNoAnswer', message: 'must be recordedAsNoAnswer or deemedSatisfied' });
  }
  const codes = new Set<string>();
  if (!Array.isArray(obj.replyClasses) || obj.replyClasses.length === 0) {
    errors.push({ path: 'replyClasses', message: 'must list at least one class {code, label}' });
  } else {
    obj.replyClasses.forEach((c, i) => {
      if (!isObject(c)) {
        errors.push({ path: `replyClasses[${i}]`, message: 'must be an object {code, label}' });
        return;
      }
      if (!nonEmptyString(c.code))
        errors.push({ path: `replyClasses[${i}].code`, message: 'required, e.g. A' });
      else if (codes.has(c.code))
        errors.push({ path: `replyClasses[${i}].code`, message: `duplicate code ${c.code}` });
      else codes.add(c.code);
      if (!nonEmptyString(c.label))
        errors.push({ path: `replyClasses[${i}].label`, message: 'required, Chinese label' });
      if (c.labelEn !== undefined && !nonEmptyString(c.labelEn))
        errors.push({ path: `replyClasses[${i}].labelEn`, message: 'when present, non-empty text' });
    });
  }
  if (!Array.isArray(obj.trackingClasses)) {
    errors.push({ path: 'trackingClasses', message: 'must be an array of reply class codes' });
  } else {
    obj.trackingClasses.forEach((c, i) => {
      if (typeof c !== 'string' || !codes.has(c))
        errors.push({ path: `trackingClasses[${i}]`, message: 'must be one of the replyClasses codes' });
    });
  }
  if (obj.notes !== undefined && !(Array.isArray(obj.notes) && obj.notes.every(nonEmptyString))) {
    errors.push({ path: 'notes', message: 'when present, an array of non-empty text' });
  }
  return { ok: errors.length === 0, errors };
}
