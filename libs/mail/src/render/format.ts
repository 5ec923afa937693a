// Pure formatting helpers for mail: dates on the Asia/Shanghai calendar, Chinese numerals,
// clock and role labels. No I/O and no clock: every instant is passed in.
import type { Lang } from '@banli/domain';

/** Languages a mail can be rendered in. */
export type MailLang = Lang;

export {
  daysUntilDue,
  formatDate,
  formatDateEn,
  formatDateZh,
  formatDueDateEn,
  formatDueDateZh,
  ordinalEn,
  zhNumber,
  type DateInput,
} from '@banli/domain';

/** Clock and role names come from the one label table of the domain. */
export { clockLabel, UNIT_ROLE_LABELS, type UnitRole as HandlingRole } from '@banli/domain';

/** Escapes text for HTML element content and double-quoted attributes. */
export function escapeHtml(s: string): string {
  return s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );
}

/** Collapses whitespace (incl. newlines) and caps the length: safe for a Subject line. */
export function oneLine(s: string, max = 200): string {
  const t = s.replace(/\s+/g, ' ').trim();
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
}
