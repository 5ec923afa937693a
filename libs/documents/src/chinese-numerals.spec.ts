import { chineseNumeral } from './chinese-numerals';

describe('chineseNumeral', () => {
  it.each([
    [1, '一'],
    [2, '二'],
    [8, '八'],
    [10, '十'],
    [11, '十一'],
    [12, '十二'],
    [13, '十三'],
    [19, '十九'],
    [20, '二十'],
    [21, '二十一'],
    [30, '三十'],
    [45, '四十五'],
    [99, '九十九'],
  ])('%i → %s', (n, zh) => {
    expect(chineseNumeral(n)).toBe(zh);
  });

  it.each([0, 100, -1, 1.5, NaN])('refuses %p', (n) => {
    expect(() => chineseNumeral(n)).toThrow(RangeError);
  });
});
