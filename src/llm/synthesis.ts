// Optional LLM synthesis over the extractive excerpts, through any OpenAI-compatible
// endpoint. Whatever the model says is checked (verify.ts) before it is shown; a failure
// of any kind leaves the extractive answer standing alone.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type OpenAI from 'openai';
import { silentLogger, type Logger } from '../log.js';
import type { Disagreement, Excerpt } from '../types.js';
import { looksLikeInstruction, normaliseCitations, verifyDisagreements, verifySummary, type ProposedDisagreement } from './verify.js';

export interface Synthesiser {
  /** Returns a checked summary (and any extra disagreements), or nothing. Never throws. */
  /** `earlier`: the conversation's earlier questions (as read), for context; the answer is still checked against `excerpts` only. */
  synthesise(question: string, excerpts: Excerpt[], earlier?: readonly string[]): Promise<{ summary?: string; disagreements?: Disagreement[] }>;
}

export const PROMPTS_DIR = fileURLToPath(new URL('../../prompts/', import.meta.url));

export interface LlmOptions {
  model: string;
  apiKey?: string;
  baseURL?: string;
  timeoutMs?: number;
  promptsDir?: string;
  logger?: Logger;
  /** Called once per call with its outcome (metrics). */
  onCall?: (outcome: 'ok' | 'rejected' | 'failed') => void;
}

export function fillTemplate(template: string, values: Record<string, string>): string {
  return template.replace(/\{\{(\w+)\}\}/g, (_, k: string) => values[k] ?? '');
}

/** Sources go to the model as quoted data; a source cannot close its own tag. */
export function formatSources(excerpts: Excerpt[]): string {
  const clean = (s: string) => s.replace(/<\/?source/gi, (m) => m.replace('<', '‹'));
  return excerpts.map((e) => `<source n="${e.n}" title="${clean(e.title).replace(/"/g, "'")}">\n${clean(e.quote)}\n</source>`).join('\n');
}

/** A reasoning model's thinking ("<think>…</think>"), unfinished thinking included: not part of the reply. */
export function stripThinking(text: string): string {
  return text.replace(/<(think|thinking|reasoning)>[\s\S]*?<\/\1>/gi, '').replace(/<(?:think|thinking|reasoning)>[\s\S]*$/i, '');
}

/** The first JSON object in a model's reply (some servers wrap it in prose, code fences or thinking). */
export function parseModelJson(reply: string): Record<string, unknown> | null {
  const text = stripThinking(reply);
  const start = text.indexOf('{');
  const end = text.lastIndexOf('}');
  if (start < 0 || end <= start) return null;
  try {
    const v = JSON.parse(text.slice(start, end + 1));
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

export function createLlmSynthesiser(options: LlmOptions): Synthesiser {
  const logger = options.logger ?? silentLogger;
  const dir = options.promptsDir ?? PROMPTS_DIR;
  const system = readFileSync(join(dir, 'synthesis.system.txt'), 'utf8');
  const user = readFileSync(join(dir, 'synthesis.user.txt'), 'utf8');
  // The openai package loads on the first synthesis, not at start-up.
  let client: OpenAI | undefined;
  const getClient = async () =>
    (client ??= new (await import('openai')).default({
      apiKey: options.apiKey ?? 'not-needed',
      baseURL: options.baseURL,
      timeout: options.timeoutMs ?? 20_000,
      maxRetries: 0, // a slow or failing LLM must not hold the answer back
    }));
  return {
    async synthesise(question, excerpts, earlier) {
      // Excerpts holding a sentence that talks to an AI or a reader (an instruction, meta-text) never reach the model.
      const given = excerpts.filter((e) => !looksLikeInstruction(e.quote));
      if (given.length < excerpts.length) logger.warn({ withheld: excerpts.length - given.length }, 'withheld instruction-like source text from the LLM');
      if (!given.length) return {};
      excerpts = given;
      let content: string;
      // One deadline for the whole call, body included: the client's own time-out stops
      // once the headers arrive, and a server may trickle the rest.
      const timeoutMs = options.timeoutMs ?? 20_000;
      const controller = new AbortController();
      let timer: NodeJS.Timeout | undefined;
      const deadline = new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          const err = new Error(`LLM call took longer than ${timeoutMs} ms`);
          controller.abort(err);
          reject(err);
        }, timeoutMs);
      });
      try {
        const call = (async () => {
          const res = await (await getClient()).chat.completions.create(
            {
              model: options.model,
              temperature: 0,
              messages: [
                { role: 'system', content: system },
                { role: 'user', content: fillTemplate(user, { question: withEarlier(question, earlier), sources: formatSources(excerpts) }) },
              ],
            },
            { signal: controller.signal },
          );
          return res.choices?.[0]?.message?.content ?? '';
        })();
        call.catch(() => {}); // settled by the deadline first: nothing left to report
        content = await Promise.race([call, deadline]);
      } catch (err) {
        const status = (err as { status?: number }).status;
        logger.warn({ status, err: (err as Error).message }, 'LLM call failed; answering with excerpts only');
        options.onCall?.('failed');
        return {};
      } finally {
        clearTimeout(timer);
      }
      const parsed = parseModelJson(content);
      if (!parsed) {
        logger.warn({ chars: content.length }, 'LLM reply was not JSON; dropped');
        options.onCall?.('rejected');
        return {};
      }
      const out: { summary?: string; disagreements?: ReturnType<typeof verifyDisagreements> } = {};
      if (parsed.answerable !== false && typeof parsed.summary === 'string' && parsed.summary.trim()) {
        const summary = normaliseCitations(parsed.summary.trim());
        const verdict = verifySummary(summary, excerpts);
        if (verdict.ok) out.summary = summary;
        else logger.warn({ reason: verdict.reason }, 'LLM summary failed the citation check; dropped');
      }
      if (Array.isArray(parsed.disagreements)) out.disagreements = verifyDisagreements(parsed.disagreements as ProposedDisagreement[], excerpts);
      options.onCall?.(out.summary ? 'ok' : 'rejected');
      return out;
    },
  };
}

/** A follow-up with its conversation's earlier questions (issue 21): context for the model, not sources. */
export function withEarlier(question: string, earlier: readonly string[] | undefined): string {
  if (!earlier?.length) return question;
  return `${question}\n(Earlier questions in this conversation, for context only: ${earlier.map((q) => `"${q}"`).join('; ')})`;
}
