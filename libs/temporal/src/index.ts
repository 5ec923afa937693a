/**
 * Everything both sides of the Temporal wire must agree on, in one place:
 * task queues, namespace default, workflow ids, search-attribute keys, connection options.
 */
export * from './names';
export * from './connection';
export * from './search-attributes';
