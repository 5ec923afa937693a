export * from './types';
export * from './chinese-numerals';
export * from './title';
export * from './letter-docx';
export * from './read-docx';
