import { isIsoDate, isWeekend, yearOf } from './dates';
import type { ConfigFieldError, ConfigValidationResult } from './types';

const KINDS = ['holiday', 'inLieu', 'makeUpWorkday'];

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function nonEmptyString(v: unknown): v is string {
  return typeof v === 'string' && v.trim().length > 0;
}

/** Checks a notice-source object {title, number?, url?}; appends to `errors`. */
export function checkNoticeSource(v: unknown, path: string, errors: ConfigFieldError[]): void {
  if (!isObject(v)) {
    errors.push({ path, message: 'must be an object {title, number?, url?}' });
    return;
  }
  if (!nonEmptyString(v.title)) errors.push({ path: `${path}.title`, message: 'required, non-empty text' });
  if (v.number !== undefined && !nonEmptyString(v.number)) {
    errors.push({
      path: `${path}.number`,
      message: 'when present, non-empty text (leave it out if unknown)',
    });
  }
  if (v.url !== undefined && !(typeof v.url === 'string' && /^https?:\/\/\S+$/.test(v.url))) {
    errors.push({ path: `${path}.url`, message: 'when present, an http(s) URL' });
  }
}

/**
 * Validates one calendar year as uploaded by an administrator (same shape as the shipped data).
 * Returns every field error found, not just the first.
 */
export function validateCalendarYear(obj: unknown): ConfigValidationResult {
  const errors: ConfigFieldError[] = [];
  if (!isObject(obj)) {
    return { ok: false, errors: [{ path: '', message: 'must be an object {year, source, days}' }] };
  }
  const year = obj.year;
  const yearOk = Number.isInteger(year) && (year as number) >= 1950 && (year as number) <= 2200;
  if (!yearOk) errors.push({ path: 'year', message: 'must be an integer year between 1950 and 2200' });
  checkNoticeSource(obj.source, 'source', errors);
  if (obj.amendments !== undefined) {
    if (!Array.isArray(obj.amendments))
      errors.push({ path: 'amendments', message: 'when present, an array' });
    else obj.amendments.forEach((a, i) => checkNoticeSource(a, `amendments[${i}]`, errors));
  }
  if (!Array.isArray(obj.days)) {
    errors.push({ path: 'days', message: 'must be an array of {date, working, name}' });
    return { ok: false, errors };
  }
  const seen = new Set<string>();
  obj.days.forEach((day, i) => {
    const p = `days[${i}]`;
    if (!isObject(day)) {
      errors.push({ path: p, message: 'must be an object {date, working, name}' });
      return;
    }
    const { date, working, name, kind } = day;
    if (!isIsoDate(date)) {
      errors.push({ path: `${p}.date`, message: "must be a real date 'YYYY-MM-DD'" });
    } else {
      if (seen.has(date)) errors.push({ path: `${p}.date`, message: `duplicate date ${date}` });
      seen.add(date);
      // A notice for year Y may start its New Year block in late December of Y-1.
      const y = yearOf(date);
      if (yearOk && !(y === year || (y === (year as number) - 1 && date.slice(5, 7) === '12'))) {
        errors.push({
          path: `${p}.date`,
          message: `must fall in ${String(year)} or in December ${(year as number) - 1}`,
        });
      }
      if (working === true && !isWeekend(date)) {
        errors.push({
          path: `${p}.working`,
          message: `${date} is a weekday: a working weekday is not an exception, leave it out`,
        });
      }
    }
    if (typeof working !== 'boolean') errors.push({ path: `${p}.working`, message: 'must be true or false' });
    if (!nonEmptyString(name))
      errors.push({ path: `${p}.name`, message: 'required, non-empty text such as 春节' });
    if (kind !== undefined) {
      if (typeof kind !== 'string' || !KINDS.includes(kind)) {
        errors.push({ path: `${p}.kind`, message: `when present, one of ${KINDS.join(', ')}` });
      } else if (typeof working === 'boolean' && (kind === 'makeUpWorkday') !== working) {
        errors.push({ path: `${p}.kind`, message: `kind ${kind} contradicts working=${String(working)}` });
      }
    }
  });
  return { ok: errors.length === 0, errors };
}

/** Validates an administrator's override {date, working, reason, source?}. */
export function validateCalendarOverride(obj: unknown): ConfigValidationResult {
  const errors: ConfigFieldError[] = [];
  if (!isObject(obj))
    return { ok: false, errors: [{ path: '', message: 'must be an object {date, working, reason}' }] };
  if (!isIsoDate(obj.date)) errors.push({ path: 'date', message: "must be a real date 'YYYY-MM-DD'" });
  if (typeof obj.working !== 'boolean') errors.push({ path: 'working', message: 'must be true or false' });
  if (!nonEmptyString(obj.reason))
    errors.push({ path: 'reason', message: 'required: say why this day differs' });
  if (obj.source !== undefined) checkNoticeSource(obj.source, 'source', errors);
  return { ok: errors.length === 0, errors };
}
