import type { ConfigFieldError, ConfigValidationResult } from '../calendar';
import { SCORE_COUNTS, SCORE_RATES, type ScoringScheme } from './types';

const isObj = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const positive = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v > 0;

/** Checks a scoring scheme as data (an administrator's file, or one shipped with the code). */
export function validateScoringScheme(obj: unknown): ConfigValidationResult {
  const errors: ConfigFieldError[] = [];
  const err = (path: string, message: string) => errors.push({ path, message });
  if (!isObj(obj)) return { ok: false, errors: [{ path: '', message: 'must be an object' }] };
  const s = obj as Partial<ScoringScheme> & Record<string, unknown>;
  if (typeof s.policyId !== 'string' || !/^[a-z0-9-]{2,64}$/.test(s.policyId))
    err('policyId', 'must be a policy id such as fengyang');
  if (!Number.isInteger(s.version) || (s.version as number) < 1)
    err('version', 'must be a whole number from 1');
  if (typeof s.name !== 'string' || !s.name.trim()) err('name', 'must be given');
  if (!Array.isArray(s.sources) || !s.sources.length) err('sources', 'must name at least one source');
  if (!positive(s.fullMarks)) err('fullMarks', 'must be a positive number');
  if (!Array.isArray(s.items) || !s.items.length) err('items', 'must list at least one item');
  else {
    s.items.forEach((item, i) => {
      const at = `items.${i}`;
      if (!isObj(item)) return err(at, 'must be an object');
      if (typeof item.label !== 'string' || !item.label.trim()) err(`${at}.label`, 'must be given');
      if (!(SCORE_RATES as readonly unknown[]).includes(item.rate))
        err(`${at}.rate`, `must be one of ${SCORE_RATES.join(', ')}`);
      if (!positive(item.points)) err(`${at}.points`, 'must be a positive number');
      if (
        item.target !== undefined &&
        !(typeof item.target === 'number' && item.target > 0 && item.target <= 1)
      )
        err(`${at}.target`, 'when present, a share above 0 and at most 1');
      if (item.perPointBelow !== undefined && !positive(item.perPointBelow))
        err(`${at}.perPointBelow`, 'when present, a positive number');
      if (item.perPointBelow !== undefined && item.target === undefined)
        err(`${at}.perPointBelow`, 'needs a target');
    });
    const sum = s.items.reduce((n, i) => n + (isObj(i) && positive(i.points) ? i.points : 0), 0);
    if (positive(s.fullMarks) && Math.abs(sum - s.fullMarks) > 1e-9)
      err('fullMarks', `must equal the sum of the items' points (${sum})`);
  }
  if (!Array.isArray(s.deductions)) err('deductions', 'must be a list (may be empty)');
  else
    s.deductions.forEach((d, i) => {
      const at = `deductions.${i}`;
      if (!isObj(d)) return err(at, 'must be an object');
      if (typeof d.label !== 'string' || !d.label.trim()) err(`${at}.label`, 'must be given');
      if (!(SCORE_COUNTS as readonly unknown[]).includes(d.count))
        err(`${at}.count`, `must be one of ${SCORE_COUNTS.join(', ')}`);
      if (!positive(d.pointsEach)) err(`${at}.pointsEach`, 'must be a positive number');
      if (d.max !== undefined && !positive(d.max)) err(`${at}.max`, 'when present, a positive number');
    });
  return { ok: errors.length === 0, errors };
}
