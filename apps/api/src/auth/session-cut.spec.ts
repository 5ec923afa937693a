import { sessionCut } from './auth.service';

// A session is refused when (start + 1 s) <= cut, start counted in whole seconds; a login after a
// cut starts at max(now, cut). These cases pin that down.
const refused = (startSec: number, cut: Date) => (startSec + 1) * 1000 <= cut.getTime();

describe('sessionCut', () => {
  it('cuts every session begun up to the second of the change, and none begun after it', () => {
    const now = new Date('2026-11-21T10:00:00.700Z');
    const cut = sessionCut(now, null);
    expect(cut.toISOString()).toBe('2026-11-21T10:00:01.000Z');
    const sec = (iso: string) => Date.parse(iso) / 1000;
    expect(refused(sec('2026-11-21T09:59:59Z'), cut)).toBe(true);
    expect(refused(sec('2026-11-21T10:00:00Z'), cut)).toBe(true);
    expect(refused(sec('2026-11-21T10:00:01Z'), cut)).toBe(false);
  });

  it('a second change in the same second still cuts the session begun at the first cut', () => {
    const first = sessionCut(new Date('2026-11-21T10:00:00.100Z'), null);
    const startAfterFirst = Math.ceil(first.getTime() / 1000); // login right after the first change
    expect(refused(startAfterFirst, first)).toBe(false);
    const second = sessionCut(new Date('2026-11-21T10:00:00.400Z'), first);
    expect(refused(startAfterFirst, second)).toBe(true);
    expect(second.getTime()).toBeGreaterThan(first.getTime());
  });
});
