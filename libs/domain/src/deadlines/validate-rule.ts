import { daysInMonth, isIsoDate, type ConfigFieldError } from '../calendar';
import { CLOCK_IDS } from '../vocabulary/index';

// Upper bounds only catch typos (a year typed as days); no real rule comes near them.
const MAX_DAYS = 3660;
const MAX_MONTHS = 120;
/** A drill's deadline: at most a day. */
export const MAX_MINUTES = 1440;

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function checkCount(v: unknown, max: number, path: string, errors: ConfigFieldError[]): void {
  if (!Number.isInteger(v) || (v as number) < 1 || (v as number) > max) {
    errors.push({ path, message: `must be a whole number from 1 to ${max}` });
  }
}

/** Field errors of a DeadlineRule found at `path` (empty when valid). */
export function validateDeadlineRule(rule: unknown, path = 'rule'): ConfigFieldError[] {
  const errors: ConfigFieldError[] = [];
  if (!isObject(rule)) return [{ path, message: 'must be an object with a kind' }];
  if (rule.roll !== undefined && typeof rule.roll !== 'boolean')
    errors.push({ path: `${path}.roll`, message: 'when present, true or false' });
  switch (rule.kind) {
    case 'calendarDays':
    case 'workingDays':
      checkCount(rule.days, MAX_DAYS, `${path}.days`, errors);
      break;
    case 'months':
      checkCount(rule.months, MAX_MONTHS, `${path}.months`, errors);
      break;
    case 'fixedMonthDay':
      checkCount(rule.month, 12, `${path}.month`, errors);
      // 29 Feb is allowed: in other years it means month end, like Civil Code Art. 202.
      if (Number.isInteger(rule.month) && (rule.month as number) >= 1 && (rule.month as number) <= 12) {
        checkCount(rule.day, daysInMonth(2024, rule.month as number), `${path}.day`, errors);
      }
      break;
    case 'fixedDate':
      if (!isIsoDate(rule.date))
        errors.push({ path: `${path}.date`, message: "must be a real date 'YYYY-MM-DD'" });
      break;
    case 'offsetBefore':
      if (typeof rule.clock !== 'string' || !(CLOCK_IDS as readonly string[]).includes(rule.clock)) {
        errors.push({ path: `${path}.clock`, message: `must be one of ${CLOCK_IDS.join(', ')}` });
      }
      checkCount(rule.days, MAX_DAYS, `${path}.days`, errors);
      if (rule.unit !== undefined && rule.unit !== 'calendarDays' && rule.unit !== 'workingDays') {
        errors.push({ path: `${path}.unit`, message: 'when present, calendarDays or workingDays' });
      }
      break;
    case 'minutes':
      checkCount(rule.minutes, MAX_MINUTES, `${path}.minutes`, errors);
      if (rule.roll !== undefined)
        errors.push({ path: `${path}.roll`, message: 'a minutes rule is never rolled' });
      break;
    default:
      errors.push({
        path: `${path}.kind`,
        message:
          'must be one of calendarDays, workingDays, months, fixedMonthDay, fixedDate, offsetBefore, minutes',
      });
  }
  return errors;
}
