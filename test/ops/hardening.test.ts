// Issue 11's smaller findings, each as plain function checks: settings that can hold
// credentials are never echoed, and Slack timestamps outside the window either way.
import { describe, expect, it } from 'vitest';
import { ConfigError, displayUrl, loadConfig } from '../../src/config.js';
import { timestampOutOfWindow } from '../../src/adapters/slack/timestamp.js';

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
