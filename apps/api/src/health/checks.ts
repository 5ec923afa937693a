/** One component of /health. */
export type Check = { status: 'up' | 'down'; ms: number; error?: string };

/** Runs `fn`, timed; a rejection or `timeoutMs` without an answer is "down" with its reason. */
export async function check(fn: () => Promise<unknown>, timeoutMs = 3000): Promise<Check> {
  const t0 = Date.now();
  try {
    await Promise.race([
      fn(),
      new Promise((_, rej) =>
        setTimeout(() => rej(new Error(`timeout after ${timeoutMs} ms`)), timeoutMs).unref(),
      ),
    ]);
    return { status: 'up', ms: Date.now() - t0 };
  } catch (e) {
    return { status: 'down', ms: Date.now() - t0, error: (e as Error).message };
  }
}

/** How long a mail relay check is reused: an "up" for a minute, a "down" for 10 s (a repair shows soon). */
export const SMTP_CHECK_UP_TTL_MS = 60_000;
export const SMTP_CHECK_DOWN_TTL_MS = 10_000;

/**
 * A check that is expensive for the other side (the mail relay: one SMTP session each), shared by
 * every caller: its answer is reused for a while (`ttl`), concurrent callers wait for the same
 * check, and there is never more than one probe running — a probe that outlived its check's
 * timeout is joined by the next check instead of a second one being opened beside it.
 */
export class SharedCheck {
  private last?: { at: number; result: Check & { checkedAt: string } };
  private checking?: Promise<Check & { checkedAt: string }>;
  private probing?: Promise<unknown>;

  constructor(
    private readonly probe: () => Promise<unknown>,
    private readonly ttl = { upMs: SMTP_CHECK_UP_TTL_MS, downMs: SMTP_CHECK_DOWN_TTL_MS },
    private readonly timeoutMs = 3000,
    private readonly now: () => number = Date.now,
  ) {}

  /** The last answer while it is fresh, else a new one; `checkedAt` says when it was found. */
  get(): Promise<Check & { checkedAt: string }> {
    const last = this.last;
    if (last && this.now() - last.at < (last.result.status === 'up' ? this.ttl.upMs : this.ttl.downMs))
      return Promise.resolve(last.result);
    this.checking ??= check(() => this.probeOnce(), this.timeoutMs)
      .then((r) => {
        const at = this.now();
        this.last = { at, result: { ...r, checkedAt: new Date(at).toISOString() } };
        return this.last.result;
      })
      .finally(() => {
        this.checking = undefined;
      });
    return this.checking;
  }

  private probeOnce(): Promise<unknown> {
    this.probing ??= this.probe().finally(() => {
      this.probing = undefined;
    });
    return this.probing;
  }
}
