// Scoring of handling units (考核评分), optional per jurisdiction. Pure.
export * from './types';
export { scoreUnit } from './score';
export { validateScoringScheme } from './validate';
export { findScoringScheme, shippedScoringSchemes } from './shipped';
