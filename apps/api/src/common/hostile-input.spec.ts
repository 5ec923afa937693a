import { QueryFailedError } from 'typeorm';
import { BODY_MAX_DEPTH, bodyParserProblem, nestsDeeperThan, verifyJsonDepth } from './body-parser';
import { databaseUnavailable } from './database-errors';

const deeper = (text: string, max = BODY_MAX_DEPTH) =>
  nestsDeeperThan(text.length, (i) => text.charCodeAt(i), max);
const verify = (text: string, encoding = 'utf-8') =>
  verifyJsonDepth(undefined as never, undefined as never, Buffer.from(text, 'utf8'), encoding);

describe('the nesting depth of a JSON body', () => {
  it('counts objects and arrays, not brackets inside strings or after escaped quotes', () => {
    expect(deeper('{"a":[{"b":[]}]}', 4)).toBe(false);
    expect(deeper('{"a":[{"b":[]}]}', 3)).toBe(true);
    expect(deeper(JSON.stringify({ a: '[[[[{{{{' }), 1)).toBe(false);
    expect(deeper(JSON.stringify({ a: '\\"[[[[', b: '"{{{{' }), 1)).toBe(false);
    // siblings do not add up
    expect(deeper(`[${'[],'.repeat(100)}[]]`, 2)).toBe(false);
  });

  it('refuses a body over the limit before parsing, as a parser error the filter answers 400', () => {
    const at = '['.repeat(BODY_MAX_DEPTH) + ']'.repeat(BODY_MAX_DEPTH);
    expect(() => verify(at)).not.toThrow();
    const err = (() => {
      try {
        verify(`[${at}]`);
      } catch (e) {
        return e;
      }
    })();
    expect(err).toMatchObject({ type: 'entity.too.deep', status: 400 });
    expect(bodyParserProblem(err)).toMatchObject({ status: 400, code: 'JSON_TOO_DEEP' });
    // UTF-8 multi-byte characters hold no ASCII bytes; UTF-16 bodies are decoded first
    expect(() => verify(JSON.stringify({ 名: '答[{'.repeat(1000) }))).not.toThrow();
    const utf16 = Buffer.from('['.repeat(40) + ']'.repeat(40), 'utf16le');
    expect(() => verifyJsonDepth(undefined as never, undefined as never, utf16, 'utf-16le')).toThrow();
  });
});

describe('what counts as a database outage', () => {
  const mysql = (code: string, fatal = true) => Object.assign(new Error(code), { code, fatal });

  it('knows the connection errors of mysql2, raw or wrapped by TypeORM', () => {
    for (const code of ['ECONNREFUSED', 'ETIMEDOUT', 'PROTOCOL_CONNECTION_LOST', 'PROTOCOL_SEQUENCE_TIMEOUT'])
      expect([code, databaseUnavailable(mysql(code))]).toEqual([code, true]);
    const wrapped = new QueryFailedError('SELECT 1', [], mysql('PROTOCOL_CONNECTION_LOST'));
    expect(databaseUnavailable(wrapped)).toBe(true);
    expect(databaseUnavailable(new Error('Pool is closed.'))).toBe(true);
    expect(
      databaseUnavailable(Object.assign(new Error('x'), { name: 'CannotExecuteNotConnectedError' })),
    ).toBe(true);
  });

  it('leaves statement errors and other services’ socket errors alone', () => {
    const duplicate = new QueryFailedError('INSERT', [], mysql('ER_DUP_ENTRY', false));
    expect(databaseUnavailable(duplicate)).toBe(false);
    // an SMTP or Temporal socket error is not mysql2's (not marked fatal, not wrapped)
    expect(databaseUnavailable(Object.assign(new Error('connect'), { code: 'ECONNREFUSED' }))).toBe(false);
    expect(databaseUnavailable(new Error('boom'))).toBe(false);
    expect(databaseUnavailable(undefined)).toBe(false);
  });
});
