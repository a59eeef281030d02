// The embedded default: the same commands as in Slack or Discord, typed on stdin.
import { createInterface } from 'node:readline';
import { parseChatText } from '../../chat/parse.js';
import { renderReplyText } from '../../chat/render-text.js';
import type { ChatCore, ChatReply, PlatformConnection } from '../../chat/types.js';

export interface ConsoleOptions {
  core: ChatCore;
  input?: NodeJS.ReadableStream;
  output?: NodeJS.WritableStream;
  /** Printed once at start (how to connect Slack or Discord instead). */
  banner?: string;
  /** Resolves when input ends. */
  onEnd?: () => void;
}

export function createConsoleConnection(options: ConsoleOptions): PlatformConnection & { done: Promise<void> } {
  const output = options.output ?? process.stdout;
  const input = options.input ?? process.stdin;
  let open = false;
  let resolveDone: () => void;
  const done = new Promise<void>((r) => (resolveDone = r));
  let rl: ReturnType<typeof createInterface> | undefined;
  const write = (reply: ChatReply) => output.write(renderReplyText(reply) + '\n\n');
  // Consecutive questions are one conversation; `/new` starts a fresh one.
  let conversation = 1;
  return {
    name: 'console',
    done,
    async start() {
      open = true;
      if (options.banner) output.write(options.banner + '\n\n');
      const tty = (input as NodeJS.ReadStream).isTTY === true;
      rl = createInterface({ input, output: tty ? output : undefined, prompt: tty ? 'newsroom> ' : '', terminal: tty });
      // Lines are answered one at a time, in order, even when piped in faster.
      void (async () => {
        if (tty) rl!.prompt();
        for await (const line of rl!) {
          if (/^\s*\/?new\s*$/i.test(line)) {
            conversation += 1;
            output.write('Started a new conversation: the next question is read on its own.\n\n');
          } else if (line.trim()) {
            const { command, text, unknown } = parseChatText(line);
            if (unknown) output.write(`Unknown command ${unknown}.\n`);
            write(await options.core.handle({ command, text, user: { id: 'console', platform: 'console' }, conversation: `console:${conversation}` }));
          }
          if (tty) rl!.prompt();
        }
        open = false;
        resolveDone();
        options.onEnd?.();
      })();
    },
    async stop() {
      open = false;
      rl?.close(); // releases stdin, which would otherwise keep the process alive
      resolveDone();
    },
    ready: () => open,
    async post(_channel, reply) {
      write(reply);
    },
  };
}
