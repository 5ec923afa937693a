/** The shape of an outbox message as the API gives it, and what the mail screens say of it. */
import type { components } from '../../api/schema';
import { outboxKindLabel } from '@banli/domain/vocabulary';
import { LABELS, lang, t, word } from '../../ui';

export type MailMessage = components['schemas']['MailMessageDto'];

// The same loose check as the outbox: a recipient such as "(无收件人) 市林业局" is no address.
const ADDRESS_RE = /^[^\s@<>()[\]",;:\\]+@[^\s@<>()[\]",;:\\]+$/;

export const isAddress = (s: string | null | undefined) => !!s && ADDRESS_RE.test(s);

/** A message's delivery status in words; a pending one that already failed once waits to be retried. */
/** The API's label of a message's kind; in English the domain's own English label of the same kind. */
export const mailKindText = (m: Pick<MailMessage, 'kind' | 'kindLabel'>) =>
  lang.value === 'en' ? outboxKindLabel(m.kind, 'en') : m.kindLabel;

export const mailStatusText = (m: { status: string; attempts: number }) =>
  m.status === 'pending' && m.attempts > 0 ? t('待重试', 'retrying') : word(LABELS.mailStatus, m.status);
