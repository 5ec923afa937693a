/**
 * Who is signed in, kept in this browser tab's sessionStorage only (gone when the tab closes).
 * Access tokens are short-lived: while someone is working (requests, typing, clicking) the token is
 * swapped for a fresh one a few minutes before it runs out (POST /auth/refresh), until the
 * session's maximum age; an idle tab simply lets it expire.
 */
import { reactive } from 'vue';
import type { UserRole } from '@banli/domain/vocabulary';

const KEY = 'banli.session';
/** Refresh this long before the token expires. */
const REFRESH_AHEAD_MS = 5 * 60_000;

export interface SessionUser {
  id: string;
  username: string;
  displayName: string;
  role: UserRole;
  unitId?: string | null;
  partyId?: string | null;
}

interface Stored {
  token: string;
  user: SessionUser;
  expiresAt: number;
  sessionExpiresAt: number | null;
}

/** A token answer of POST /auth/login or /auth/refresh. */
export interface TokenAnswer {
  accessToken: string;
  expiresIn?: number;
  sessionExpiresAt?: string | null;
  user: SessionUser;
}

function read(): Stored | null {
  try {
    return JSON.parse(sessionStorage.getItem(KEY) ?? 'null') as Stored | null;
  } catch {
    return null;
  }
}

/** The signed-in person, reactive for the pages (re-read on every change this tab makes). */
export const session = reactive({
  user: read()?.user ?? null,
  get token(): string | null {
    return read()?.token ?? null;
  },
  save(res: TokenAnswer) {
    const stored: Stored = {
      token: res.accessToken,
      user: res.user,
      expiresAt: Date.now() + (res.expiresIn ?? 0) * 1000,
      sessionExpiresAt: res.sessionExpiresAt ? Date.parse(res.sessionExpiresAt) : null,
    };
    sessionStorage.setItem(KEY, JSON.stringify(stored));
    this.user = res.user;
  },
  clear() {
    sessionStorage.removeItem(KEY);
    this.user = null;
  },
  /** Whether the person's role is one of `roles`. */
  can(...roles: UserRole[]): boolean {
    return !!this.user && roles.includes(this.user.role);
  },
  /** Whether the token should be swapped now: it runs out soon and the session may still grow. */
  dueForRefresh(now = Date.now()): boolean {
    const s = read();
    if (!s?.token || !s.expiresAt) return false;
    if (s.sessionExpiresAt && now >= s.sessionExpiresAt) return false;
    return s.expiresAt - now < REFRESH_AHEAD_MS && s.expiresAt > now;
  },
  /** Re-reads storage (another script, or a test, may have changed it). */
  sync() {
    this.user = read()?.user ?? null;
  },
});

let activeSince = 0;
/** Typing and clicking count as work, so a long reply draft does not lose its session. */
export function keepSessionWhileActive(refresh: () => Promise<void>) {
  const mark = () => {
    activeSince = Date.now();
  };
  for (const ev of ['keydown', 'pointerdown', 'input']) addEventListener(ev, mark, { passive: true });
  setInterval(() => {
    if (activeSince && session.dueForRefresh()) {
      activeSince = 0;
      void refresh();
    }
  }, 30_000);
}
