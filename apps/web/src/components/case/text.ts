/**
 * Moved to apps/web/src/format.ts: kept only so pages not yet switched (PreviewView) still compile.
 * Import from '../../format' instead.
 */
export { citation, dateTime, datesIn, day, dueDay, nameOf, type Citable } from '../../format';
