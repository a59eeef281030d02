// Desks (DESKS_FILE): each names the sources it sees (corpus folders, outlets, feeds, front
// matter tags), the Slack and Discord channels it serves, and optionally its own digest. A
// question in a desk's channel searches only that desk's sources.
import { readFileSync } from 'node:fs';
import { resolve, sep } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { digestCron } from '../digest/schedule.js';
import type { SourceRecord } from '../index/paragraph-index.js';
import { isTimeZone } from '../time.js';

const list = z.array(z.union([z.string(), z.number()]).transform(String)).default([]);

const deskSchema = z
  .object({
    folders: list,
    outlets: list,
    feeds: list,
    tags: list,
    channels: z.object({ slack: list, discord: list }).strict().default({ slack: [], discord: [] }),
    digest: z
      .object({ cron: z.string(), tz: z.string().default('UTC'), slack: list, discord: list, post_when_empty: z.boolean().optional() })
      .strict()
      .optional(),
  })
  .strict();

const fileSchema = z.object({ desks: z.record(z.string(), deskSchema) }).strict();

export interface Desk {
  name: string;
  folders: string[];
  outlets: string[];
  feeds: string[];
  tags: string[];
  channels: { slack: string[]; discord: string[] };
  digest?: { cron: string; tz: string; slack: string[]; discord: string[]; postWhenEmpty?: boolean };
}

export interface Desks {
  desks: Desk[];
  /** What a channel in no desk sees (DESKS_DEFAULT). */
  fallback: 'all' | 'none';
}

export class DesksError extends Error {
  constructor(
    readonly file: string,
    readonly problems: string[],
  ) {
    super(`The desks file ${file} has ${problems.length === 1 ? 'a problem' : `${problems.length} problems`}:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

function where(path: PropertyKey[]): string {
  return path.map(String).join('.');
}

/** The desks in YAML text, checked: every problem found is listed in one error. */
export function parseDesks(text: string, file = 'DESKS_FILE'): Desk[] {
  let data: unknown;
  try {
    data = parseYaml(text);
  } catch (e) {
    throw new DesksError(file, [`it is not valid YAML (${(e as Error).message.split('\n')[0]})`]);
  }
  const parsed = fileSchema.safeParse(data ?? {});
  if (!parsed.success) {
    throw new DesksError(
      file,
      parsed.error.issues.map((i) =>
        i.code === 'unrecognized_keys'
          ? `${i.path.length ? where(i.path) : 'the top level'}: unknown key${i.keys.length > 1 ? 's' : ''} ${i.keys.map((k) => `"${k}"`).join(', ')} (a desk has folders, outlets, feeds, tags, channels and digest)`
          : where(i.path) === 'desks' && i.code === 'invalid_type'
            ? 'it needs a "desks:" key at the top with one entry per desk (see docs/operations.md)'
            : `${where(i.path) || 'the file'}: ${i.message}`,
      ),
    );
  }
  const desks: Desk[] = Object.entries(parsed.data.desks).map(([name, d]) => ({
    name,
    folders: d.folders,
    outlets: d.outlets,
    feeds: d.feeds,
    tags: d.tags,
    channels: d.channels,
    ...(d.digest ? { digest: { cron: d.digest.cron, tz: d.digest.tz, slack: d.digest.slack, discord: d.digest.discord, ...(d.digest.post_when_empty !== undefined ? { postWhenEmpty: d.digest.post_when_empty } : {}) } } : {}),
  }));
  const problems = desks.flatMap(deskProblems);
  problems.push(...sharedChannels(desks));
  if (!desks.length) problems.push('it names no desks (write "desks:" and one desk under it)');
  if (problems.length) throw new DesksError(file, problems);
  return desks;
}

function deskProblems(d: Desk): string[] {
  const problems: string[] = [];
  if (!d.folders.length && !d.outlets.length && !d.feeds.length && !d.tags.length)
    problems.push(`desk "${d.name}" has no sources: give it folders, outlets, feeds or tags`);
  if (d.digest) {
    if (!isTimeZone(d.digest.tz)) problems.push(`desk "${d.name}": digest tz "${d.digest.tz}" is not an IANA time zone (for example Europe/Berlin)`);
    else {
      try {
        digestCron(d.digest.cron, d.digest.tz);
      } catch (e) {
        problems.push(`desk "${d.name}": digest cron "${d.digest.cron}" is not a schedule (${(e as Error).message}); for example "0 8 * * 1-5"`);
      }
    }
    if (!d.digest.slack.length && !d.digest.discord.length) problems.push(`desk "${d.name}": its digest names no channels to post to (digest: { slack: [...], discord: [...] })`);
  }
  for (const f of d.feeds) if (!/^https?:\/\//i.test(f)) problems.push(`desk "${d.name}": feed "${f}" is not an http(s) address`);
  return problems;
}

function sharedChannels(desks: Desk[]): string[] {
  const owner = new Map<string, string>();
  const problems: string[] = [];
  for (const d of desks) {
    for (const platform of ['slack', 'discord'] as const) {
      for (const c of d.channels[platform]) {
        const key = `${platform}:${c}`;
        const other = owner.get(key);
        if (other && other !== d.name) problems.push(`${platform} channel ${c} is in two desks ("${other}" and "${d.name}"); a channel serves one desk`);
        owner.set(key, d.name);
      }
    }
  }
  return problems;
}

export function loadDesks(file: string): Desk[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new DesksError(file, [`it could not be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); check DESKS_FILE`]);
  }
  return parseDesks(text, file);
}

/** The desk a channel ("slack:C0123", "discord:112233") serves, if any. */
export function deskOfChannel(desks: readonly Desk[], channel: string | undefined): Desk | undefined {
  const m = channel ? /^(slack|discord):(.+)$/.exec(channel) : null;
  if (!m) return undefined;
  const platform = m[1] as 'slack' | 'discord';
  return desks.find((d) => d.channels[platform].includes(m[2]));
}

const fold = (s: string) => s.trim().toLowerCase();

/** Whether a source belongs to a desk: under one of its folders, by one of its outlets, from one of its feeds, or with one of its tags. */
export function inDesk(desk: Desk, source: SourceRecord, cwd = process.cwd()): boolean {
  if (source.path && desk.folders.some((f) => under(resolve(cwd, source.path!), resolve(cwd, f)))) return true;
  if (source.outlet && desk.outlets.some((o) => fold(o) === fold(source.outlet!))) return true;
  if (source.feed && desk.feeds.some((f) => f.replace(/\/+$/, '') === source.feed!.replace(/\/+$/, ''))) return true;
  return !!source.tags?.length && desk.tags.some((t) => source.tags!.some((s) => fold(s) === fold(t)));
}

function under(path: string, folder: string): boolean {
  return path === folder || path.startsWith(folder.endsWith(sep) ? folder : folder + sep);
}

/** The ids of a desk's sources among `sources`. */
export function deskSourceIds(desk: Desk, sources: readonly SourceRecord[], cwd = process.cwd()): Set<string> {
  return new Set(sources.filter((s) => inDesk(desk, s, cwd)).map((s) => s.id));
}
