export * from './dates';
export * from './case-ref';
