// Pure domain: no I/O, no clock. `now` is always a parameter.
export * from './calendar';
export * from './deadlines';
export * from './policies';
export * from './jurisdictions';
export * from './lifecycle';
export * from './vocabulary';
export * from './format';
export * from './scoring';
