/**
 * Contact details inside a published letter's text (the clerk's phone under the signature, a
 * fax, a mobile): their digits become ＊ before the text leaves the server, as Anhui's rule for
 * full-text publication asks (domain.md §4 "Publication"). Pure; the words around a number stay.
 *
 * Masked: mobile numbers (13812345678, 138 1234 5678, +86 138-1234-5678), fixed lines with an area
 * code (0571-85159162, (010) 12345678, 021 6123 4567 转 8), every number within the phrase after
 * 电话 / 传真 / 联系 / 手机 / 热线 / Tel / Fax / Phone (85159162, 7761832), and any other standalone run of
 * 7 or 8 digits — the shape of a local number without its area code. E-mail addresses keep only
 * their domain.
 */

/** What replaces each digit of a phone number (a full-width asterisk). */
export const MASK = '＊';

/** Not inside a longer number or a decimal. */
const BEFORE = String.raw`(?<![\d.])`;
const AFTER = String.raw`(?![\d]|\.\d)`;

const MOBILE = String.raw`(?:(?:\+|00)\s?86[\s-]?)?1[3-9]\d(?:[\s-]?\d{4}){2}`;
const FIXED = String.raw`(?:(?:\+|00)\s?86[\s-]?)?(?:\(0\d{2,3}\)|0\d{2,3})[\s-]?\d{3,4}[\s-]?\d{4}(?:\s?(?:-|转|ext\.?)\s?\d{1,6})?`;
const LOCAL = String.raw`\d{7,8}`;
const NUMBER = new RegExp(`${BEFORE}(?:${MOBILE}|${FIXED}|${LOCAL})${AFTER}`, 'g');

/**
 * A contact word and the phrase after it, up to the end of the sentence or clause (at most 60
 * characters): every group of 5 or more digits in it is a number to mask.
 */
const CONTACT = /(电话|传真|联系|手机|热线|座机|tel|fax|phone)[^。；;\n]{0,60}/gi;
const DIGIT_GROUP = /\d(?:[\d\s()（）-]*\d)?/g;

const EMAIL = /[\w.%+-]+@([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,})/g;

const maskDigits = (s: string) => s.replace(/\d/g, MASK);

/** `text` with phone and fax numbers masked digit by digit, and e-mail addresses' local parts. */
export function redactContacts(text: string): string {
  return text
    .replace(EMAIL, (_m, domain: string) => `${MASK.repeat(3)}@${domain}`)
    .replace(CONTACT, (phrase) =>
      phrase.replace(DIGIT_GROUP, (g) => (g.replace(/\D/g, '').length >= 5 ? maskDigits(g) : g)),
    )
    .replace(NUMBER, maskDigits);
}

/** The first `n` characters of a redacted text, on one line (an Atom summary, a list excerpt). */
export function excerpt(text: string, n = 200): string {
  const flat = redactContacts(text).replace(/\s+/g, ' ').trim();
  const chars = [...flat];
  return chars.length > n ? `${chars.slice(0, n).join('')}…` : flat;
}
