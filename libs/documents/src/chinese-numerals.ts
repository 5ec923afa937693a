/**
 * Chinese numerals as session labels print them: 一 … 十, 十一, 二十, 二十一 … 九十九.
 * Terms and sessions never exceed two digits, so 1–99 is all that is needed.
 */

const DIGITS = ['〇', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/** 13 → 十三, 20 → 二十, 21 → 二十一. Throws outside 1–99. */
export function chineseNumeral(n: number): string {
  if (!Number.isInteger(n) || n < 1 || n > 99) {
    throw new RangeError(`chineseNumeral: ${n} is not an integer from 1 to 99`);
  }
  if (n < 10) return DIGITS[n];
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  return `${tens === 1 ? '' : DIGITS[tens]}十${ones === 0 ? '' : DIGITS[ones]}`;
}
