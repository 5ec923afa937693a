/**
 * Everything both sides of the Temporal wire must agree on, in one place:
 * task queues, namespace default, workflow ids and search-attribute keys.
 */
export * from './names';
export * from './connection';
