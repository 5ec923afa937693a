import { hostname } from 'node:os';
import pino, { type DestinationStream, type Logger } from 'pino';
import type { ObservabilityConfig } from './observability-env';

/**
 * The one way the API and the worker log: pino, one JSON object a line (LOG_FORMAT=pretty: one
 * readable line), at LOG_LEVEL, with no personal contact data. Imported as `@banli/config/logging`
 * (not from the package index, so what only needs the configuration does not load pino).
 *
 * Contact data is kept out twice: known fields are redacted by path (REDACT_PATHS), and every
 * string in every line — message, bindings, error, URL — has anything shaped like an e-mail address
 * or a phone number masked just before the line is written (maskJsonLine), wherever it came from
 * (an SMTP rejection naming the recipient, a search query in a URL, a database error). So is the
 * token of a one-click task link in a path (`/links/[token]`), wherever a URL is logged.
 */

/** Replaces a masked e-mail address. */
export const EMAIL_MASK = '[email]';
/** Replaces a masked phone number. */
export const PHONE_MASK = '[phone]';

/** Fields that carry contact data or secrets, wherever a log object has them (pino `redact`). */
export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  'body.contactPhone',
  'body.contactEmail',
  'body.phone',
  'body.email',
  'body.password',
  'body.proposers[*].phone',
  'body.proposers[*].email',
  'body.contacts[*].phone',
  'body.contacts[*].email',
  'proposers[*].phone',
  'proposers[*].email',
  'contacts[*].phone',
  'contacts[*].email',
  'contactPhone',
  'contactEmail',
  'phone',
  'email',
  'password',
  'recipient',
  'authorization',
  '*.contactPhone',
  '*.contactEmail',
  '*.phone',
  '*.email',
  '*.password',
  '*.recipient',
  '*.authorization',
];

const EMAIL = /(?<![\w.%+-])[\w.%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;
// A phone number stands alone: not inside a word, a uuid, a longer number or a decimal.
const ALONE_BEFORE = '(?<![\\w.+-])';
const ALONE_AFTER = '(?![\\w-]|\\.\\d)';
const PHONES = [
  // mobile, optionally +86 / 0086: 13812345678, 138 1234 5678, +86-138-1234-5678
  `(?:(?:\\+|00)86[\\s-]?)?1[3-9]\\d(?:[\\s-]?\\d{4}){2}`,
  // fixed line with area code and optional extension: 0437-3222222, (010) 12345678, 021 6123 4567-8
  `(?:(?:\\+|00)86[\\s-]?)?\\(?0\\d{2,3}\\)?[\\s-]?\\d{3,4}[\\s-]?\\d{4}(?:[\\s-]?(?:ext\\.?|转)?\\d{1,6})?`,
  // international: +44 20 7946 0958
  `\\+\\d{1,3}(?:[\\s-]?\\d){6,14}`,
];
const PHONE = new RegExp(PHONES.map((p) => `${ALONE_BEFORE}(?:${p})${ALONE_AFTER}`).join('|'), 'g');

/** `text` with every e-mail address and phone number masked. */
export function maskPersonalData(text: string): string {
  return text.replace(EMAIL, EMAIL_MASK).replace(PHONE, PHONE_MASK);
}

/** The capability token of a one-click task link in a path: `/links/<token>`. */
const LINK_TOKEN = /(\/links\/)[\w.~-]{16,}/g;

/** `text` with contact data and task-link tokens masked. */
function maskText(text: string): string {
  return maskPersonalData(text.replace(LINK_TOKEN, '$1[token]'));
}

const MAY_HOLD_CONTACT = /@|\d{3}|\/links\//;
const JSON_STRING = /"(?:[^"\\]|\\.)*"/g;

/**
 * A serialized log line with contact data (and task-link tokens) masked inside its strings (keys
 * and values; numbers and the structure are left alone, so the line stays valid JSON).
 */
export function maskJsonLine(line: string): string {
  if (!MAY_HOLD_CONTACT.test(line)) return line;
  return line.replace(JSON_STRING, (literal) => {
    if (!MAY_HOLD_CONTACT.test(literal)) return literal;
    let text: string;
    try {
      text = JSON.parse(literal) as string;
    } catch {
      return maskPersonalData(literal);
    }
    const masked = maskText(text);
    return masked === text ? literal : JSON.stringify(masked);
  });
}

/** A path with the capability token of a one-click task link (`/links/<token>…`) masked. */
export function maskUrl(url: string): string {
  return maskText(url.replace(/^(\/links\/)[^/?#]+/, '$1[token]'));
}

/** One readable line for a terminal (LOG_FORMAT=pretty): time, level, app, context, message, the rest. */
export function prettyLine(jsonLine: string): string {
  let o: Record<string, unknown>;
  try {
    o = JSON.parse(jsonLine) as Record<string, unknown>;
  } catch {
    return jsonLine;
  }
  const { time, level, app, context, msg, pid: _pid, hostname: _hostname, ...rest } = o;
  const head = [
    time,
    String(level ?? '')
      .toUpperCase()
      .padEnd(5),
    app ? `[${app}]` : '',
  ]
    .filter(Boolean)
    .join(' ');
  const extra = Object.keys(rest).length ? ` ${JSON.stringify(rest)}` : '';
  return `${head} ${context ? `${context}: ` : ''}${msg ?? ''}${extra}\n`;
}

/** Where lines go: `destination` (tests), else standard output; through prettyLine when asked. */
function sink(format: 'json' | 'pretty', destination?: DestinationStream): DestinationStream {
  const out = destination ?? pino.destination({ dest: 1, sync: true });
  if (format !== 'pretty') return out;
  return { write: (line: string) => out.write(prettyLine(line)) };
}

export interface LoggerOptions {
  /** `app` on every line: which process wrote it. */
  app: 'api' | 'worker';
  /** Lines go here instead of standard output (the e2e tests read them). */
  destination?: DestinationStream;
  /** false: log nothing (level `silent`). */
  enabled?: boolean;
}

/** The process logger: pino over `cfg` (LOG_LEVEL, LOG_FORMAT). */
export function createLogger(cfg: ObservabilityConfig['log'], opts: LoggerOptions): Logger {
  return pino(
    {
      level: opts.enabled === false ? 'silent' : cfg.level,
      base: { app: opts.app, pid: process.pid, hostname: hostname() },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      hooks: { streamWrite: maskJsonLine },
    },
    sink(cfg.format, opts.destination),
  );
}

export type { Logger as PinoLogger, DestinationStream } from 'pino';
