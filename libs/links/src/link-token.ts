/**
 * Signed one-click links for task mail (签收链接): an HMAC-SHA256 signed, expiring token bound to
 * one case, one unit and the actions it allows. Pure functions over node:crypto with the secret
 * passed in, so the API (which verifies) and the worker's mail code (which signs) share them
 * without sharing a module graph. The secret is `BanliConfig.auth.linkSecret` (LINK_SECRET).
 *
 * Token: `v1.<payload>.<signature>`, both parts base64url; payload is JSON
 * `{ c: caseId, u: unitId, a: actions, iat, exp }` (epoch seconds).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const LINK_ACTIONS = ['open', 'signFor'] as const;
export type LinkAction = (typeof LINK_ACTIONS)[number];

export interface LinkClaims {
  caseId: string;
  unitId: string;
  actions: LinkAction[];
  /** Issued at (ms since epoch). */
  issuedAt: number;
  /** Expires at (ms since epoch). */
  expiresAt: number;
}

export type LinkVerification =
  { ok: true; claims: LinkClaims } | { ok: false; reason: 'invalid' | 'expired' };

const VERSION = 'v1';

/**
 * The longest lifetime a link may have (a year and a day; the worker gives task links 30 days). A
 * token claiming more — an expiry centuries away — is refused like one without an expiry: it
 * would never really expire.
 */
export const MAX_LINK_LIFETIME_MS = 366 * 86_400_000;

const b64url = (b: Buffer) => b.toString('base64url');
const sign = (secret: string, body: string) =>
  createHmac('sha256', secret).update(`banli-link.${body}`).digest();

/** Signs claims into a token. `secret` must be the same on the signing and verifying side. */
export function signLinkToken(secret: string, claims: LinkClaims): string {
  if (!secret) throw new Error('link secret is empty');
  const payload = b64url(
    Buffer.from(
      JSON.stringify({
        c: claims.caseId,
        u: claims.unitId,
        a: claims.actions,
        iat: Math.floor(claims.issuedAt / 1000),
        exp: Math.floor(claims.expiresAt / 1000),
      }),
    ),
  );
  const body = `${VERSION}.${payload}`;
  return `${body}.${b64url(sign(secret, body))}`;
}

/**
 * Checks a token's signature (constant time), then its expiry. A token that is malformed, signed
 * with another secret or altered is `invalid`; a genuine one past its expiry is `expired`.
 */
export function verifyLinkToken(secret: string, token: string, now: number = Date.now()): LinkVerification {
  const parts = typeof token === 'string' ? token.split('.') : [];
  if (parts.length !== 3 || parts[0] !== VERSION || !secret) return { ok: false, reason: 'invalid' };
  const body = `${parts[0]}.${parts[1]}`;
  const given = Buffer.from(parts[2], 'base64url');
  const expected = sign(secret, body);
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    return { ok: false, reason: 'invalid' };
  let raw: { c?: unknown; u?: unknown; a?: unknown; iat?: unknown; exp?: unknown };
  try {
    raw = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
  } catch {
    return { ok: false, reason: 'invalid' };
  }
  const actions = Array.isArray(raw.a)
    ? raw.a.filter((x): x is LinkAction => (LINK_ACTIONS as readonly unknown[]).includes(x))
    : [];
  if (
    typeof raw.c !== 'string' ||
    typeof raw.u !== 'string' ||
    // every link carries its issue and expiry instants, whole seconds, the expiry after the issue
    // and not further from it than any link is ever given
    !Number.isSafeInteger(raw.exp) ||
    !Number.isSafeInteger(raw.iat) ||
    (raw.exp as number) <= (raw.iat as number) ||
    ((raw.exp as number) - (raw.iat as number)) * 1000 > MAX_LINK_LIFETIME_MS
  ) {
    return { ok: false, reason: 'invalid' };
  }
  const claims: LinkClaims = {
    caseId: raw.c,
    unitId: raw.u,
    actions,
    issuedAt: (raw.iat as number) * 1000,
    expiresAt: (raw.exp as number) * 1000,
  };
  if (now >= claims.expiresAt) return { ok: false, reason: 'expired' };
  return { ok: true, claims };
}

export interface TaskLinkOptions {
  /** HMAC secret (BanliConfig.auth.linkSecret). */
  secret: string;
  /** Base URL of the API (BanliConfig.api.publicUrl); the link is `<publicUrl>/links/<token>`. */
  publicUrl?: string;
  /** Defaults to open + signFor. */
  actions?: LinkAction[];
  /** Clock for tests (ms since epoch). */
  now?: number;
}

/**
 * A task link for a unit's mail about a case: opens the unit's task view and, by default, lets
 * the unit sign for the case (签收) in one click. `ttlMs` is the lifetime in milliseconds.
 */
export function createTaskLink(
  caseId: string,
  unitId: string,
  ttlMs: number,
  opts: TaskLinkOptions,
): { token: string; url: string; expiresAt: string } {
  if (!(ttlMs > 0)) throw new Error('ttlMs must be positive');
  if (ttlMs > MAX_LINK_LIFETIME_MS)
    throw new Error(`link lifetime ${ttlMs} ms is longer than MAX_LINK_LIFETIME_MS`);
  const now = opts.now ?? Date.now();
  const expiresAt = now + ttlMs;
  const token = signLinkToken(opts.secret, {
    caseId,
    unitId,
    actions: opts.actions ?? ['open', 'signFor'],
    issuedAt: now,
    expiresAt,
  });
  const base = (opts.publicUrl ?? '').replace(/\/$/, '');
  return {
    token,
    url: `${base}/links/${token}`,
    expiresAt: new Date(Math.floor(expiresAt / 1000) * 1000).toISOString(),
  };
}
