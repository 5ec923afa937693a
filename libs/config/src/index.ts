export * from './env';
export * from './token';
