export * from './transport';
export * from './render';
