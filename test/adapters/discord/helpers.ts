// Shared checks for the Discord adapter tests: what every recorded payload must satisfy.
import { expect } from 'vitest';
import type { FakeDiscord, RecordedCall } from '../../fakes/discord-server.js';

/** The message body of a recorded call, when it carries one (null for acks without content). */
export function messageBody(c: RecordedCall): Record<string, unknown> | null {
  if (c.method === 'POST' && /^\/channels\/\d+\/messages$/.test(c.path)) return c.body;
  if (c.method === 'PATCH' && /^\/webhooks\/\d+\/[^/]+\/messages\/@original$/.test(c.path)) return c.body;
  if (c.method === 'POST' && /^\/webhooks\/\d+\/[^/]+$/.test(c.path)) return c.body;
  if (c.method === 'POST' && /\/callback$/.test(c.path)) {
    // 4 = message, 7 = update message: they carry content; 5 and 6 (deferrals) carry none.
    return c.body?.type === 4 || c.body?.type === 7 ? (c.body.data ?? {}) : null;
  }
  return null;
}

/** Every outgoing payload: allowed_mentions { parse: [] } where a message goes out; deferrals carry no content. */
export function expectNoPings(fake: FakeDiscord): number {
  let checked = 0;
  for (const c of fake.calls) {
    if (c.method === 'POST' && /\/callback$/.test(c.path) && (c.body?.type === 5 || c.body?.type === 6)) {
      expect(c.body.data?.content, `${c.method} ${c.path}`).toBeUndefined();
      expect(c.body.data?.embeds, `${c.method} ${c.path}`).toBeUndefined();
      continue;
    }
    const body = messageBody(c);
    if (!body) continue;
    checked++;
    expect(body.allowed_mentions, `${c.method} ${c.path}`).toEqual(expect.objectContaining({ parse: [] }));
    const am = body.allowed_mentions as { users?: unknown[]; roles?: unknown[]; replied_user?: boolean };
    expect(am.users ?? [], `${c.method} ${c.path}`).toEqual([]);
    expect(am.roles ?? [], `${c.method} ${c.path}`).toEqual([]);
    expect(am.replied_user ?? false).toBe(false);
  }
  return checked;
}

interface EmbedJson {
  title?: string;
  description?: string;
  footer?: { text: string };
  author?: { name: string };
  fields?: { name: string; value: string }[];
}

/** Discord's limits, checked on every message payload that was sent. */
export function expectWithinLimits(fake: FakeDiscord): number {
  let checked = 0;
  for (const c of fake.calls) {
    const body = messageBody(c);
    if (!body) continue;
    checked++;
    const where = `${c.method} ${c.path}`;
    const content = (body.content as string | undefined) ?? '';
    expect(content.length, where).toBeLessThanOrEqual(2000);
    const embeds = (body.embeds as EmbedJson[] | undefined) ?? [];
    expect(embeds.length, where).toBeLessThanOrEqual(10);
    let total = 0;
    for (const e of embeds) {
      expect(e.title?.length ?? 0, where).toBeLessThanOrEqual(256);
      expect(e.description?.length ?? 0, where).toBeLessThanOrEqual(4096);
      expect(e.footer?.text.length ?? 0, where).toBeLessThanOrEqual(2048);
      expect(e.fields?.length ?? 0, where).toBeLessThanOrEqual(25);
      for (const f of e.fields ?? []) {
        expect(f.name.length, where).toBeLessThanOrEqual(256);
        expect(f.value.length, where).toBeLessThanOrEqual(1024);
      }
      total += (e.title?.length ?? 0) + (e.description?.length ?? 0) + (e.footer?.text.length ?? 0) + (e.author?.name.length ?? 0);
      total += (e.fields ?? []).reduce((s, f) => s + f.name.length + f.value.length, 0);
    }
    expect(total, where).toBeLessThanOrEqual(6000);
  }
  return checked;
}

/** All the text of a message payload's embeds and content, joined. */
export function allText(body: Record<string, unknown> | null | undefined): string {
  if (!body) return '';
  const embeds = (body.embeds as EmbedJson[] | undefined) ?? [];
  return [body.content ?? '', ...embeds.flatMap((e) => [e.title ?? '', e.description ?? '', e.footer?.text ?? ''])].join('\n');
}
