export * from './env';
export * from './token';
export * from './local-secrets';
export * from './observability-env';
