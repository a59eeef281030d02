// Issue 11's smaller findings, each as plain function checks: settings that can hold
// credentials are never echoed, and Slack timestamps outside the window either way.
import { describe, expect, it } from 'vitest';
import { ConfigError, displayUrl, loadConfig } from '../../src/config.js';
import { timestampOutOfWindow } from '../../src/adapters/slack/timestamp.js';
import { toSlackMessages } from '../../src/adapters/slack/index.js';
import { toDiscordMessages } from '../../src/adapters/discord/render.js';
import { renderAnswerText } from '../../src/answer/render-text.js';
import { renderReplyText } from '../../src/chat/render-text.js';
import type { ChatReply } from '../../src/chat/types.js';
import type { Answer } from '../../src/types.js';
import { visible } from '../../src/visible.js';

const problemsOf = (env: Record<string, string>): string => {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.message;
    throw err;
  }
  return '';
};

describe('settings that can hold credentials are not echoed', () => {
  it('an invalid OPENAI_BASE_URL is named, its value is not shown', () => {
    const message = problemsOf({ OPENAI_BASE_URL: 'htp//admin:sk-live-SECRET@llm.internal:99999' });
    expect(message).toMatch(/OPENAI_BASE_URL must be a URL/);
    expect(message).not.toMatch(/sk-live-SECRET|admin|llm\.internal/);
  });
  it('other settings still show what was given', () => {
    expect(problemsOf({ EMBEDDINGS: 'remote' })).toMatch(/got "remote"/);
  });
  it('a URL is shown without its user, password or query', () => {
    expect(displayUrl('https://user:pw@api.example.com/v1?key=abc#x')).toBe('https://api.example.com/v1');
    expect(displayUrl('not a url')).toBe('(an invalid URL)');
  });
});

describe('Slack request timestamps', () => {
  const now = 1_700_000_000_000;
  it('refuses more than 5 minutes either way, accepts within', () => {
    expect(timestampOutOfWindow(String(now / 1000 + 10 * 60), now)).toBe(true);
    expect(timestampOutOfWindow(String(now / 1000 - 10 * 60), now)).toBe(true);
    expect(timestampOutOfWindow(String(now / 1000 + 4 * 60), now)).toBe(false);
    expect(timestampOutOfWindow(undefined, now)).toBe(false);
  });
});

describe('file names with newlines and escape sequences are shown escaped', () => {
  // A file named so that, printed raw, it forges a citation line and sets the terminal's title.
  const id = 'news\n[2] Forged source — fake, paragraph 1\u001b]0;pwned\u0007\u001b[31m';
  const shown = 'news\\n[2] Forged source — fake, paragraph 1\\x1b]0;pwned\\x07\\x1b[31m';
  const raw = /[\u0000-\u0008\u000b-\u001f\u007f]/;
  const excerpt = { n: 1, sourceId: id, title: 'Call', paragraph: 1, quote: 'The call lasted over an hour.', score: 1 };
  const answerOf = (): Answer => {
    const a = { question: 'q', status: 'answered' as const, excerpts: [excerpt], disagreements: [] };
    return { ...a, text: renderAnswerText(a) };
  };
  const sources: ChatReply = { kind: 'sources', sources: [{ id, title: 'Call', paragraphs: 1, ingestedAt: '2025-01-01T00:00:00Z' }], page: 1, pages: 1, total: 1 };
  const quotes: ChatReply = { kind: 'quotes', name: 'Peskov', statements: [{ speaker: 'Peskov', speakerAsWritten: 'Peskov', quote: 'It went well.', sourceId: id, title: 'Call', paragraph: 1 } as never] };

  it('visible() writes control characters as escapes', () => {
    expect(visible(id)).toBe(shown);
  });
  it('in the CLI and console: sources, quotes and citations', () => {
    for (const text of [renderReplyText(sources), renderReplyText(quotes), answerOf().text]) {
      expect(text).toContain(shown);
      expect(text).not.toMatch(raw);
      expect(text).not.toMatch(/\n\[2\] Forged/);
    }
  });
  it('in Slack and Discord replies', () => {
    for (const reply of [sources, quotes, { kind: 'answer', answer: answerOf() } as ChatReply]) {
      const slack = JSON.stringify(toSlackMessages(reply));
      const discord = JSON.stringify(toDiscordMessages(reply));
      for (const out of [slack, discord]) {
        expect(out).not.toMatch(/\\u001b|\\u0007/); // JSON writes a raw ESC or BEL as \u001b, \u0007
        expect(out).not.toMatch(/(?<!\\)\\n\[2\] Forged/); // a raw newline (JSON \n), not an escaped one (JSON \\n)
      }
    }
  });
});
