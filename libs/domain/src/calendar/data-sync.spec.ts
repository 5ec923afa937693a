import * as fs from 'fs';
import { CALENDAR_DATA_FILE, generateCalendarFile } from '../../../../scripts/generate-calendar';

// Guards the shipped data against hand edits and package drift: a fresh generation must pass
// every check (spot checks from the notices, day-by-day agreement with chinese-days) and
// reproduce the committed file byte for byte.
describe('cn-mainland.json', () => {
  it('is exactly what scripts/generate-calendar.ts produces, and that output passes its checks', () => {
    const { text, failures } = generateCalendarFile();
    expect(failures).toEqual([]);
    expect(fs.readFileSync(CALENDAR_DATA_FILE, 'utf8')).toBe(text);
  });
});
