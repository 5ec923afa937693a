// The one vocabulary of Banli: clock ids, start events, stages, roles, mail kinds, refusal codes,
// and their labels (zh-CN + English). Pure data, safe in workflow code and in the browser.
export * from './clocks';
export * from './stages';
export * from './mail-kinds';
export * from './labels';
