// corpus → embed → PostgreSQL: the same incremental ingest as index/ingest.ts (content
// hashes decide what is embedded; synced folders drop what left them), written as one
// transaction under the writer's advisory lock. Embedding runs before the lock, so two
// ingests embed side by side and commit one after the other; under the lock the change
// is checked again against what the other one committed.
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import type pg from 'pg';
import { loadSources } from '../../corpus/index.js';
import type { Source } from '../../types.js';
import { embeddingText, type IngestOptions, type IngestReport } from '../ingest.js';
import { planChanges } from '../plan.js';
import type { SourceUpdate } from '../paragraph-index.js';
import { IndexUnusableError } from '../store.js';
import { inTransaction } from './pool.js';
import { checkSchema } from './schema.js';
import { applyChange, lockForWriting, sourceHashes, storedEmbedder } from './writer.js';

export type PgIngestOptions = Omit<IngestOptions, 'indexDir' | 'afterFile'> & { pool: pg.Pool; /** Test hook: runs inside the transaction, after the lock. */ beforeCommit?: () => Promise<void> };

export async function ingestToPostgres(options: PgIngestOptions): Promise<IngestReport> {
  const started = Date.now();
  const { pool, embedder } = options;
  await checkSchema(pool);
  const paths = options.paths.map((p) => resolve(p));
  const fullSync = paths.length > 0 && paths.every((p) => existsSync(p) && statSync(p).isDirectory());
  const stored = await storedEmbedder(pool);
  let reset = Boolean(options.rebuild);
  if (stored && (stored.id !== embedder.id || stored.dimension !== embedder.dimension) && !reset) {
    if (!fullSync) {
      throw new IndexUnusableError(
        `The database's index was built with ${stored.id} and the configured embedder is ${embedder.id}. Adding single files would mix the two, so nothing was changed: rebuild it from the corpus with \`npm run ingest -- --rebuild\`.`,
      );
    }
    options.onNote?.(`The index was built with ${stored.id} (${stored.dimension} dimensions) and the configured embedder is ${embedder.id} (${embedder.dimension}); rebuilding it so the two are never mixed.`);
    reset = true;
  }
  const loaded = await loadSources(paths, { maxBytes: options.maxBytes, onSkip: options.onSkip, onWarning: options.onWarning });
  const sources = [...loaded.sources, ...(options.sources ?? [])];
  const { skipped, unreadable } = loaded;
  const before = reset ? new Map() : await sourceHashes(pool);
  const changed = sources.filter((s) => before.get(s.id)?.contentHash !== s.contentHash);
  const vectors = await embedAll(options, changed);

  return inTransaction(pool, async (client) => {
    await lockForWriting(client);
    // What is there now, after any ingest that committed while this one embedded.
    const now = reset ? new Map() : await sourceHashes(client);
    const report: IngestReport = {
      added: [], updated: [], removed: [], unchanged: [], skipped, unreadable, kept: [],
      paragraphsEmbedded: changed.reduce((n, s) => n + s.paragraphs.length, 0), paragraphsTotal: 0, sourcesTotal: 0, ms: 0,
      phases: { load: 0, embed: 0, afterEmbedding: 0, statements: 0, index: 0, save: 0, embeddedAt: 0 },
    };
    const upserts: SourceUpdate[] = [];
    const ingestedAt = (options.now ?? (() => new Date()))().toISOString();
    for (const source of sources) {
      const old = now.get(source.id);
      if (old?.contentHash === source.contentHash) report.unchanged.push(source.id);
      else {
        (old ? report.updated : report.added).push(source.id);
        // Changed by the other ingest since this one looked: embedded now, under the lock.
        const v = vectors.get(source.id) ?? (await embedAll(options, [source])).get(source.id)!;
        if (!vectors.has(source.id)) report.paragraphsEmbedded += source.paragraphs.length;
        upserts.push({ source, vectors: v, ingestedAt });
      }
    }
    // The same rule as the local index: only what is really gone is removed; what could not be read is kept.
    const plan = planChanges({ ...loaded, sources }, [...now].map(([id, r]) => ({ id, contentHash: r.contentHash, path: r.path })), paths);
    report.removed.push(...plan.removed);
    report.kept.push(...plan.kept);
    if (reset) report.removed.push(...[...(await sourceHashes(client)).keys()].filter((id) => !sources.some((s) => s.id === id)));
    if (upserts.length || report.removed.length || reset) {
      const byId = new Map(sources.map((s) => [s.id, s]));
      await applyChange(client, embedder, {
        upserts,
        removals: report.removed,
        reset,
        // Speakers are merged within the changed sources (the local index merges over the whole corpus).
        statements: options.statements ? (ids) => attributed(options.statements!, ids.map((id) => byId.get(id)!)) : undefined,
      });
    }
    const totals = await client.query('SELECT count(*)::int AS sources, coalesce(sum(paragraphs), 0)::int AS paragraphs FROM sources');
    report.sourcesTotal = totals.rows[0].sources;
    report.paragraphsTotal = totals.rows[0].paragraphs;
    await options.beforeCommit?.();
    report.ms = Date.now() - started;
    return report;
  });
}

function attributed(attribution: NonNullable<IngestOptions['statements']>, sources: Source[]) {
  const { statements, people } = attribution.attribute(sources, attribution.namedIn(sources));
  return attribution.canonicalise(statements, people.values());
}

/** Embeds the paragraphs of these sources, shortest texts first (less padding per step). */
async function embedAll(options: PgIngestOptions, sources: Source[]): Promise<Map<string, Float32Array[]>> {
  const texts = sources.flatMap((s) => s.paragraphs.map((p) => embeddingText(s, p.text, p.section)));
  const vectors: Float32Array[] = new Array(texts.length);
  const step = options.step ?? 128;
  const order = texts.map((_, i) => i).sort((a, b) => texts[a].length - texts[b].length);
  options.onProgress?.(0, texts.length);
  for (let i = 0; i < texts.length; i += step) {
    const slice = order.slice(i, i + step);
    const out = await options.embedder.embedPassages(slice.map((j) => texts[j]));
    slice.forEach((j, x) => (vectors[j] = out[x]));
    options.onProgress?.(Math.min(texts.length, i + step), texts.length);
  }
  const bySource = new Map<string, Float32Array[]>();
  let at = 0;
  for (const s of sources) {
    bySource.set(s.id, vectors.slice(at, at + s.paragraphs.length));
    at += s.paragraphs.length;
  }
  return bySource;
}
