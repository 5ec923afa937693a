import { escapeHtml } from './format';

// A tiny document model: each kind composes blocks once per language, and the same blocks become
// the plain-text and the HTML part, so both always say the same thing and every piece of user
// text passes through one escaping function.

/** One block of a mail body. Strings are plain text: never HTML. */
export type Block =
  | { type: 'p'; text: string }
  | { type: 'heading'; text: string }
  | { type: 'fields'; rows: [label: string, value: string][] }
  | { type: 'list'; items: string[] }
  | { type: 'quote'; text: string }
  | { type: 'link'; label: string; url: string }
  | { type: 'table'; head: string[]; rows: string[][]; empty: string };

/** A body in one language. */
export interface Section {
  lang: 'zh-CN' | 'en';
  blocks: Block[];
}

const HTTP_URL = /^https?:\/\/[^\s"'<>]+$/i;

function indent(s: string, prefix: string): string {
  return s
    .split(/\r?\n/)
    .map((l) => prefix + l)
    .join('\n');
}

function blockText(b: Block, lang: Section['lang']): string {
  const colon = lang === 'en' ? ': ' : '：';
  switch (b.type) {
    case 'p':
      return b.text;
    case 'heading':
      return lang === 'en' ? `== ${b.text} ==` : `【${b.text}】`;
    case 'fields':
      return b.rows
        .map(([k, v]) => `${k}${colon}${v.includes('\n') ? `\n${indent(v, '  ')}` : v}`)
        .join('\n');
    case 'list':
      return b.items.map((i) => `- ${i}`).join('\n');
    case 'quote':
      return indent(b.text, '> ');
    case 'link':
      return `${b.label}${colon}${b.url}`;
    case 'table':
      return b.rows.length
        ? b.rows.map((r, i) => `${i + 1}. ${r.filter(Boolean).join(' | ')}`).join('\n')
        : b.empty;
  }
}

/** Plain-text rendering of sections; later sections follow a rule line. */
export function toText(sections: Section[]): string {
  return (
    sections
      .map(
        (s, i) =>
          (i > 0 ? `${'—'.repeat(24)}\n${s.lang === 'en' ? 'English version' : '中文'}\n\n` : '') +
          s.blocks.map((b) => blockText(b, s.lang)).join('\n\n'),
      )
      .join('\n\n\n') + '\n'
  );
}

function multiline(s: string): string {
  return escapeHtml(s).replace(/\r?\n/g, '<br>');
}

function linkHtml(label: string, url: string, lang: Section['lang']): string {
  // Only http(s) becomes a live link: a javascript: or data: URL stays inert text.
  if (!HTTP_URL.test(url)) return `${escapeHtml(label)}${lang === 'en' ? ': ' : '：'}${escapeHtml(url)}`;
  const u = escapeHtml(url);
  return `<a href="${u}" style="display:inline-block;padding:8px 16px;background:#b71c1c;color:#fff;text-decoration:none;border-radius:4px">${escapeHtml(label)}</a><br><span style="color:#666;font-size:12px">${u}</span>`;
}

function blockHtml(b: Block, lang: Section['lang']): string {
  switch (b.type) {
    case 'p':
      return `<p>${multiline(b.text)}</p>`;
    case 'heading':
      return `<h3 style="margin:16px 0 8px">${escapeHtml(b.text)}</h3>`;
    case 'fields':
      return (
        '<table cellpadding="4" style="border-collapse:collapse">' +
        b.rows
          .map(
            ([k, v]) =>
              `<tr><th align="left" valign="top" style="white-space:nowrap;color:#555">${escapeHtml(k)}</th><td>${multiline(v)}</td></tr>`,
          )
          .join('') +
        '</table>'
      );
    case 'list':
      return `<ul>${b.items.map((i) => `<li>${multiline(i)}</li>`).join('')}</ul>`;
    case 'quote':
      return `<blockquote style="margin:8px 0;padding:4px 12px;border-left:3px solid #ccc;color:#333">${multiline(b.text)}</blockquote>`;
    case 'link':
      return `<p>${linkHtml(b.label, b.url, lang)}</p>`;
    case 'table':
      if (!b.rows.length) return `<p>${escapeHtml(b.empty)}</p>`;
      return (
        '<table border="1" cellpadding="4" style="border-collapse:collapse">' +
        `<tr>${b.head.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr>` +
        b.rows.map((r) => `<tr>${r.map((c) => `<td>${multiline(c)}</td>`).join('')}</tr>`).join('') +
        '</table>'
      );
  }
}

/** HTML rendering of sections as a complete document; `title` is the subject. */
export function toHtml(title: string, sections: Section[]): string {
  const body = sections
    .map(
      (s, i) =>
        (i > 0 ? '<hr style="margin:24px 0;border:0;border-top:1px solid #ddd">' : '') +
        `<div lang="${s.lang}">${s.blocks.map((b) => blockHtml(b, s.lang)).join('\n')}</div>`,
    )
    .join('\n');
  return (
    `<!doctype html>\n<html lang="${sections[0]?.lang ?? 'zh-CN'}"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head>\n` +
    `<body style="font-family:'PingFang SC','Microsoft YaHei','Noto Sans CJK SC',sans-serif;font-size:14px;line-height:1.6;color:#222">\n${body}\n</body></html>\n`
  );
}
