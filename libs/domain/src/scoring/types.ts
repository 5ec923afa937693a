import type { PolicySource } from '../policies/types';

/**
 * Rates a scheme can score (each as numerator ÷ denominator, README "Report figures"): the two
 * satisfaction rates count 满意 and 基本满意 together.
 */
export const SCORE_RATES = [
  'replyRate',
  'closeRate',
  'onTimeRate',
  'contactRate',
  'faceToFaceRate',
  'satisfactionFirst',
  'satisfactionFinal',
] as const;
export type ScoreRate = (typeof SCORE_RATES)[number];

/** Counts a scheme can deduct for, per item. */
export const SCORE_COUNTS = ['lateReplies', 'dissatisfiedFinal', 'overdueNow', 'rehandled'] as const;
export type ScoreCount = (typeof SCORE_COUNTS)[number];

/**
 * One scored item. Without `target` it earns `points × rate`; with one, the full `points` at or
 * above the target and `perPointBelow` less for every percentage point below it (never below 0).
 * With nothing to count (denominator 0) it earns its full points.
 */
export interface ScoreItem {
  label: string;
  rate: ScoreRate;
  points: number;
  /** 0–1, e.g. 1 for 面商率 100%. */
  target?: number;
  perPointBelow?: number;
}

/** Points taken off per counted case, up to `max` in all. */
export interface ScoreDeduction {
  label: string;
  count: ScoreCount;
  pointsEach: number;
  max?: number;
}

/** How a jurisdiction scores its handling units (考核评分办法), versioned like a policy. */
export interface ScoringScheme {
  /** The jurisdiction policy it belongs to, e.g. fengyang. */
  policyId: string;
  version: number;
  name: string;
  sources: PolicySource[];
  /** The sum of the items' points. */
  fullMarks: number;
  items: ScoreItem[];
  deductions: ScoreDeduction[];
  notes?: string[];
}

/** A unit's figures as the statistics give them. */
export interface UnitFigures {
  rates: Record<ScoreRate, { numerator: number; denominator: number }>;
  counts: Record<ScoreCount, number>;
}

export interface ScoredItem {
  label: string;
  points: number;
  earned: number;
  /** Why it earned less than its points (empty when it earned them all). */
  reason: string;
}

export interface ScoredDeduction {
  label: string;
  count: number;
  points: number;
  reason: string;
}

export interface UnitScore {
  score: number;
  items: ScoredItem[];
  deductions: ScoredDeduction[];
}
