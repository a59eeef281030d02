// Plain-text rendering of every chat reply (the console adapter, and notification text).
import { visible } from '../visible.js';
import { disagreementLine, excerptDate, sourceLine, sourceNotes } from '../answer/render-text.js';
import { languageName } from '../corpus/language.js';
import { readableDate } from '../time.js';
import type { Digest } from '../types.js';
import type { ChatReply } from './types.js';

export function renderDigestText(d: Digest): string {
  return d.text;
}

export function renderReplyText(reply: ChatReply): string {
  switch (reply.kind) {
    case 'answer':
      return reply.answer.text;
    case 'notice':
      return reply.text;
    case 'help':
      return ['I answer from the indexed news articles only, quoting them word for word.', '', ...reply.entries.map((e) => `/${e.usage} — ${e.description}\n    e.g. /${e.example}`)].join('\n');
    case 'sources':
      if (!reply.total) return 'Nothing is indexed yet.';
      return [
        `Indexed sources (${reply.total}), newest first${reply.pages > 1 ? ` — page ${reply.page} of ${reply.pages}` : ''}:`,
        ...reply.sources.map((s) => `• ${visible(s.title)} — ${[visible(s.id), s.published && readableDate(s.published), s.outlet && visible(s.outlet), s.language && languageName(s.language)].filter(Boolean).join(', ')}${sourceNotes(s)} (${s.paragraphs} paragraph${s.paragraphs === 1 ? '' : 's'})`),
        ...(reply.page < reply.pages ? [`More: /sources ${reply.page + 1}`] : []),
      ].join('\n');
    case 'quotes':
      if (!reply.statements.length) return `No attributed statements by “${reply.name}” in the indexed sources.`;
      return [
        `${reply.statements[0].speaker} — ${reply.statements.length} statement${reply.statements.length === 1 ? '' : 's'}:`,
        ...reply.statements.map((s, i) => `[${i + 1}] “${s.quote}”\n    — ${visible(s.title)}, ${visible(s.sourceId)}, paragraph ${s.paragraph}`),
      ].join('\n');
    case 'digest':
      return renderDigestText(reply.digest);
  }
}

export { disagreementLine, excerptDate, sourceLine, sourceNotes };
