/** A handling unit as the import matches it. */
export interface UnitRef {
  id: string;
  code: string;
  name: string;
  shortName: string | null;
}

/** A known unit close to a name that matched none, best first. */
export interface UnitSuggestion {
  id: string;
  code: string;
  name: string;
  shortName: string | null;
  /** 0..1, 1 = same text. */
  score: number;
}

/** Unit text reduced for matching: NFKC, no whitespace, lower case (codes are case-blind). */
export const normalizeUnitText = (s: string) => s.normalize('NFKC').replace(/\s+/g, '').toLowerCase();

/** Levenshtein distance over code points. */
export function editDistance(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  let prev = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const cur = [i];
    for (let j = 1; j <= y.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (x[i - 1] === y[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[y.length];
}

function similarity(a: string, b: string): number {
  if (!a || !b) return 0;
  const len = Math.max([...a].length, [...b].length);
  let s = 1 - editDistance(a, b) / len;
  // "教育局" for "辽源市教育局": one contains the other, a likely match however short.
  if (a.includes(b) || b.includes(a))
    s = Math.max(s, 0.6 + 0.4 * (Math.min([...a].length, [...b].length) / len));
  return s;
}

/** Finds units by exact name, short name or code; suggests close ones for a miss. */
export class UnitIndex {
  private readonly byKey = new Map<string, UnitRef[]>();

  constructor(private readonly units: readonly UnitRef[]) {
    for (const u of units) {
      for (const k of new Set(
        [u.name, u.shortName, u.code].filter((v): v is string => !!v).map(normalizeUnitText),
      )) {
        const list = this.byKey.get(k) ?? [];
        list.push(u);
        this.byKey.set(k, list);
      }
    }
  }

  /** Every unit the text names exactly (more than one when a short name is shared). */
  find(text: string): UnitRef[] {
    return this.byKey.get(normalizeUnitText(text)) ?? [];
  }

  /** Up to `limit` units whose name, short name or code is close to `text`. */
  suggest(text: string, limit = 3, minScore = 0.4): UnitSuggestion[] {
    const t = normalizeUnitText(text);
    return this.units
      .map((u) => ({
        u,
        score: Math.max(
          ...[u.name, u.shortName, u.code]
            .filter((v): v is string => !!v)
            .map((v) => similarity(t, normalizeUnitText(v))),
        ),
      }))
      .filter((s) => s.score >= minScore)
      .sort((a, b) => b.score - a.score || a.u.name.localeCompare(b.u.name))
      .slice(0, limit)
      .map(({ u, score }) => ({
        id: u.id,
        code: u.code,
        name: u.name,
        shortName: u.shortName,
        score: Math.round(score * 100) / 100,
      }));
  }
}
