import { toHtml, toText, type Section } from './document';
import { COMPOSERS, type Bilingual } from './kinds';
import { oneLine, type MailLang } from './format';
import type { MailDataByKind, MailInput, MailKind, RenderedMail } from './types';

export * from './types';
export {
  UNIT_ROLE_LABELS,
  clockLabel,
  daysUntilDue,
  escapeHtml,
  formatDate,
  formatDateEn,
  formatDateZh,
  formatDueDateEn,
  formatDueDateZh,
  zhNumber,
  type DateInput,
  type HandlingRole,
  type MailLang,
} from './format';
export { caseRefEn, caseRefZh } from './kinds';

/** Options of renderMail. */
export interface RenderOptions {
  /** 'zh-CN' (default): Chinese, then an English version below; 'en': English only. */
  lang?: MailLang;
}

/** Every mail kind, in the vocabulary's order (each has a composer: COMPOSERS is typed over them). */
export { MAIL_KINDS } from '@banli/domain';

/**
 * Renders a notification mail: subject, plain text and HTML (user text escaped). Pure: no I/O and
 * no clock — instants such as `now` come in the data. Throws RangeError on an unknown kind or a
 * malformed instant.
 */
export function renderMail<K extends MailKind>(
  kind: K,
  data: MailDataByKind[K],
  opts: RenderOptions = {},
): RenderedMail {
  const compose: ((d: MailDataByKind[K]) => Bilingual) | undefined = COMPOSERS[kind];
  if (!compose) throw new RangeError(`unknown mail kind: ${String(kind)}`);
  const { zh, en } = compose(data);
  const lang = opts.lang ?? 'zh-CN';
  const subject = oneLine(lang === 'en' ? en.subject : zh.subject, 240);
  const sections: Section[] =
    lang === 'en'
      ? [{ lang: 'en', blocks: en.blocks }]
      : [
          { lang: 'zh-CN', blocks: zh.blocks },
          { lang: 'en', blocks: en.blocks },
        ];
  return { subject, text: toText(sections), html: toHtml(subject, sections) };
}

/** renderMail for a `{ kind, data }` value (e.g. an activity input). */
export function renderMailInput(input: MailInput, opts?: RenderOptions): RenderedMail {
  return renderMail(input.kind, input.data as never, opts);
}
