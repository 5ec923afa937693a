export * from './link-token';
export * from './web-links';
