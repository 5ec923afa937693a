/**
 * 补录: a past case's actions entered by the office, in the order they happened — each a type, the
 * instant it happened (Beijing date and time), its unit, and the rest of that action's fields as
 * the API takes them (a JSON object the screen starts from a template of the type).
 */
import { beijingInstant } from '../../format';

/** The actions that may be entered afterwards, in the order a case usually goes. */
export const PAST_TYPES = [
  'file',
  'assign',
  'addUnit',
  'recordDelivery',
  'signFor',
  'sendOpinion',
  'recordContact',
  'draftReply',
  'countersign',
  'signOffReply',
  'reviewReply',
  'reply',
  'requestExtension',
  'decideExtension',
  'giveFeedback',
  'reportTracking',
  'closeUnit',
  'publishReply',
  'declinePublication',
] as const;
export type PastType = (typeof PAST_TYPES)[number];

/** Types that name no unit of their own (the rest act for one unit). */
export const NO_UNIT: readonly PastType[] = ['file', 'assign'];

/** The fields each type takes besides type, occurredAt and unitId, as a starting point. */
export function templateOf(type: PastType, unitId: string): Record<string, unknown> {
  switch (type) {
    case 'file':
      return { number: '', category: '' };
    case 'assign':
      return { mode: 'sole', units: [{ unitId }] };
    case 'addUnit':
      return { role: 'co' };
    case 'recordDelivery':
      return { deliveredAt: '' };
    case 'sendOpinion':
      return { text: '', docNumber: '', letterDate: '' };
    case 'recordContact':
      return { method: 'faceToFace', date: '', by: '' };
    case 'draftReply':
      return { class: 'A', text: '', contactPerson: '', contactPhone: '', docNumber: '', letterDate: '' };
    case 'countersign':
      return { agree: true };
    case 'reviewReply':
      return { accept: true };
    case 'reply':
      return {};
    case 'requestExtension':
      return { reason: '' };
    case 'decideExtension':
      return { approve: true };
    case 'giveFeedback':
      return { proposerId: '', rating: 'satisfied' };
    case 'reportTracking':
      return { text: '', resolved: true };
    case 'closeUnit':
      return { reason: '' };
    case 'publishReply':
      return { indexNo: '', publisher: '' };
    case 'declinePublication':
      return { reason: '' };
    default:
      return {};
  }
}

export interface PastRow {
  key: number;
  type: PastType;
  date: string;
  time: string;
  unitId: string;
  /** The other fields, as JSON text. */
  fields: string;
}

/** One row as the API takes it, or the reason it cannot be sent (in Chinese first). */
export function actionOf(r: PastRow, n: number): Record<string, unknown> {
  if (!r.date) throw new Error(`第${n}项：请填写发生日期 (date missing)`);
  let fields: unknown;
  try {
    fields = r.fields.trim() ? JSON.parse(r.fields) : {};
  } catch {
    throw new Error(`第${n}项：其他内容须为 JSON 对象 (the other fields are not JSON)`);
  }
  if (!fields || typeof fields !== 'object' || Array.isArray(fields))
    throw new Error(`第${n}项：其他内容须为 JSON 对象 (the other fields must be an object)`);
  // empty texts are left out: the API refuses empty strings for optional fields
  const given = Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== ''));
  return {
    type: r.type,
    occurredAt: new Date(beijingInstant(r.date, r.time || '09:00')).toISOString(),
    ...(NO_UNIT.includes(r.type) || !r.unitId ? {} : { unitId: r.unitId }),
    ...given,
  };
}
