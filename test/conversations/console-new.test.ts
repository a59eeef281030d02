// The console: consecutive questions are one conversation; `/new` starts a fresh one.
import { PassThrough } from 'node:stream';
import { expect, it } from 'vitest';
import { createConsoleConnection } from '../../src/adapters/console/index.js';
import { createAnswerer } from '../../src/answer/answerer.js';
import { memoryConversations } from '../../src/chat/conversations.js';
import { createChatCore } from '../../src/chat/core.js';
import { smallIndex } from './helpers.js';

it('reads a follow-up with the question before it, and not after /new', async () => {
  const index = await smallIndex();
  const core = createChatCore({ answerer: createAnswerer({ index: () => index, embedder: null }), index: () => index, conversations: memoryConversations() });
  const input = new PassThrough();
  const output = new PassThrough();
  let text = '';
  output.on('data', (d) => (text += d));
  const c = createConsoleConnection({ core, input, output });
  await c.start();
  input.end('What did Pete Hegseth say about the Senate vote?\nWhat did he say about the borders?\n/new\nWhat did he say about the borders?\n');
  await c.done;
  const readings = text.match(/Reading this as: [^\n]*/g) ?? [];
  expect(readings).toEqual(['Reading this as: What did Pete Hegseth say about the borders?']);
  expect(text).toContain('Started a new conversation');
});
