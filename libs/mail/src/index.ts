export * from './transport';
export * from './render';
export * from './outbox';
