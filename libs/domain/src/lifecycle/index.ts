// Proposal lifecycle (domain.md §2): pure reducer, timers and summary. No I/O, no clock.
export * from './types';
export * from './state';
export * from './clocks';
export * from './decide';
export * from './summary';
export * from './replan';
export * from './report-facts';
