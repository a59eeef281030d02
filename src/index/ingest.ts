// corpus → embed → index: loads sources, embeds only what changed, and saves a new
// snapshot atomically. Files that match their indexed record (size and mtime, else the hash
// of their bytes) are not parsed; changed ones are replaced; a source is removed only when its
// file is really gone from a folder read whole (or a named file is gone: the inbox names the
// files taken out of it). What could not be read is kept as indexed and reported.
import { existsSync, rmSync, statSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { loadSources, type IndexedFile, type LoadResult, type SkippedFile } from '../corpus/index.js';
import type { Embedder } from '../embed/embedder.js';
import type { Source, Statement } from '../types.js';
import { LocalIndex } from './local-index.js';
import { acquireWriteLock } from './lock.js';
import type { SourceRecord } from './paragraph-index.js';
import { absolute, planChanges, type Plan } from './plan.js';
import { readStamps, saveFreshStamps, STAMPS } from './stamps.js';
import { deltaIndex, segmentOf } from './incremental.js';
import { dueForCompaction, saveSegment, SEGMENT_LIMITS, segmentsIntact, segmentStats } from './segments.js';
import { hasIndex, IndexUnusableError, loadIndex, readManifest, readSourceRecords, readStatements, rememberingManifests, saveIndex, SCHEMA_VERSION, checkSnapshotSizes, type Manifest } from './store.js';

export interface IngestOptions {
  /**
   * Files and folders to read. Folders are synced: indexed sources from inside them that are
   * gone are removed. A named file that does not exist has its indexed source (indexed from
   * exactly that path) removed; nothing else outside the named folders is.
   */
  paths: string[];
  /** Sources already read (feed items), indexed along with `paths`; replaced when their contentHash changed. */
  sources?: Source[];
  indexDir: string;
  embedder: Embedder;
  /** Start from an empty index. */
  rebuild?: boolean;
  /** Write one whole new snapshot (base and segments merged) instead of a segment beside the base. */
  compact?: boolean;
  /** When segments are merged into a new snapshot (segments.ts SEGMENT_LIMITS). */
  segmentLimits?: typeof SEGMENT_LIMITS;
  maxBytes?: number;
  now?: () => Date;
  onSkip?: (skip: SkippedFile) => void;
  /** A problem that did not stop a file from loading (a front matter field of the wrong type). */
  onWarning?: (warning: { path: string; message: string }) => void;
  onProgress?: (done: number, total: number) => void;
  /** Notes for the operator (rebuild reasons and the like). */
  onNote?: (message: string) => void;
  /** Quote attribution: run on the sources that changed only; speakers are then merged over the whole corpus. */
  statements?: Attribution;
  /** Paragraphs embedded per step (progress granularity). */
  step?: number;
  /** Test hook: called after each snapshot file is written. */
  afterFile?: (name: string) => void;
}

/**
 * Quote attribution as ingest uses it (wiring.ts supplies quotes/): the changed sources are
 * attributed knowing the people the rest of the corpus names; then every stored statement
 * gets its canonical speaker from the people of the whole corpus (near-linear), so the result
 * matches reading everything at once without reading the unchanged sources again.
 */
export interface Attribution {
  attribute(sources: Source[], knownSurnames: Set<string>): { statements: Statement[]; people: Map<string, Record<string, number>> };
  /** Last-name keys these sources make known (attributing them in parts, each knowing these, equals attributing them at once). */
  namedIn(sources: Source[]): Set<string>;
  /** `changed`: the names whose counts changed, when the statements' speakers are canonical for the corpus before the change. */
  canonicalise(statements: Statement[], people: Iterable<Record<string, number>>, changed?: Iterable<string>): Statement[];
  surnames(people: Iterable<Record<string, number>>): Set<string>;
}

export interface IngestReport {
  added: string[];
  updated: string[];
  removed: string[];
  unchanged: string[];
  skipped: SkippedFile[];
  /** Absolute paths of files and folders that exist but could not be read. */
  unreadable: string[];
  /** Sources kept as indexed because their file or folder could not be read (never removed for that). */
  kept: string[];
  paragraphsEmbedded: number;
  paragraphsTotal: number;
  sourcesTotal: number;
  ms: number;
  /** Where the time went, in ms: reading and parsing, embedding, then the work after the last paragraph was embedded. */
  phases: {
    load: number;
    /** From the first paragraph sent to the model to the last one back (the work overlapped with it included). */
    embed: number;
    /** From the last paragraph embedded to the end: the share of ingest time not hidden behind the model. */
    afterEmbedding: number;
    /** CPU time of quote attribution and speaker merging, of the vector and keyword indexes, and of the save. */
    statements: number;
    index: number;
    save: number;
    /** When the last paragraph was embedded (ms since the epoch). */
    embeddedAt: number;
  };
  snapshot?: string;
}

export async function ingest(options: IngestOptions): Promise<IngestReport> {
  // Manifests are parsed once per ingest, however many of the checks below read them.
  return rememberingManifests(() => ingestOnce(options));
}

async function ingestOnce(options: IngestOptions): Promise<IngestReport> {
  const started = Date.now();
  const release = acquireWriteLock(options.indexDir);
  try {
    const before = sourceIdsOnDisk(options.indexDir);
    const paths = options.paths.map((p) => resolve(p));
    // Records of a usable index are read first (not its vectors): files that match them are
    // neither parsed nor loaded, so a run where nothing changed reads almost nothing.
    const prior = options.rebuild ? undefined : priorRecords(options.indexDir, options.embedder);
    let opened = prior ? undefined : openForWriting(options);
    let records = prior?.sources ?? opened!.index.sources();
    const t0 = Date.now();
    let loaded = await load(options, paths, prior?.sources);
    let plan = planChanges(loaded, records, paths);
    const compacting = !!options.compact && !!prior && segmentStats(options.indexDir).count > 0;
    if (!plan.changed.length && !plan.removed.length && !options.rebuild && !compacting && prior && intact(options.indexDir)) {
      saveFreshStamps(options.indexDir, loaded.unchanged);
      return finish(started, plan, loaded, options, { paragraphsTotal: prior.manifest.paragraphs, sourcesTotal: records.length });
    }
    // A few changes go into a segment beside the base; a rebuild, `--compact`, or segments
    // grown past their limits write one whole snapshot instead.
    const delta =
      !opened && prior && !options.compact && intact(options.indexDir) && segmentsIntact(options.indexDir, prior.manifest.embedder.dimension) && !dueForCompaction(options.indexDir, options.segmentLimits)
      ? deltaIndex(prior, readStatements(options.indexDir))
      : undefined;
    opened ??= delta ? { index: delta.index, fresh: false } : openForWriting(options);
    if (opened.fresh && prior) {
      // The records were readable but the rest of the index was not: it is rebuilt, so every file is read again.
      records = [];
      loaded = await load(options, paths, undefined);
      plan = planChanges(loaded, records, paths);
    }
    if (opened.fresh && loaded.unreadable.length && before.length) {
      // A rebuild starts empty: with part of the corpus unreadable it would publish an index without it.
      throw new IndexUnusableError(
        `Not rebuilt: ${loaded.unreadable.map((p) => displayed(p)).join(', ')} could not be read, and a rebuild now would drop everything indexed from ${loaded.unreadable.length === 1 ? 'it' : 'them'}. Nothing was changed; run it again once ${loaded.unreadable.length === 1 ? 'it is' : 'they are'} readable.`,
      );
    }
    const index = opened.index;
    const report = finish(started, plan, loaded, options, { paragraphsTotal: 0, sourcesTotal: 0 });
    report.phases.load = Date.now() - t0;
    if (plan.changed.length || plan.removed.length || options.rebuild || compacting) {
      const ingestedAt = (options.now ?? (() => new Date()))().toISOString();
      report.paragraphsEmbedded = await embedInto(index, plan, options, ingestedAt, report.phases);
      const restamped: string[] = [];
      for (const u of loaded.unchanged) if (u.stamp) restamped.push(u.id), index.restamp(u.id, u.stamp);
      for (const [id, stamp] of loaded.stamps) restamped.push(id), index.restamp(id, stamp);
      const t6 = Date.now();
      report.snapshot = delta
        ? saveSegment(options.indexDir, segmentOf(delta, plan.changed.map((c) => c.id), plan.removed, restamped), { afterFile: options.afterFile })
        : saveIndex(options.indexDir, index, { afterFile: options.afterFile });
      report.phases.save = Date.now() - t6;
      report.phases.afterEmbedding = Date.now() - report.phases.embeddedAt;
      rmSync(join(options.indexDir, STAMPS), { force: true }); // the snapshot holds them now
    }
    // A rebuild starts from an empty index: what the previous one held and this run did not
    // bring back is gone too, and the report says so.
    const seen = new Set([...loaded.sources.map((s) => s.id), ...loaded.unchanged.map((u) => u.id)]);
    const rebuilt = before.filter((id) => !seen.has(id) && !index.source(id) && !report.removed.includes(id));
    report.removed.push(...rebuilt);
    report.paragraphsTotal = delta ? readManifest(options.indexDir).paragraphs : index.size;
    report.sourcesTotal = index.sources().length;
    report.ms = Date.now() - started;
    return report;
  } finally {
    release();
  }
}

/** The people each source names; for sources indexed before this was stored, the speakers of its statements. */
function peopleOf(index: LocalIndex): Record<string, number>[] {
  let bySource: Map<string, Record<string, number>> | undefined;
  return index.sources().map((r) => {
    if (r.people) return r.people;
    bySource ??= speakerCounts(index);
    return bySource.get(r.id) ?? {};
  });
}

function speakerCounts(index: LocalIndex): Map<string, Record<string, number>> {
  const out = new Map<string, Record<string, number>>();
  for (const st of index.statements()) {
    const rec = out.get(st.sourceId) ?? {};
    rec[st.speakerAsWritten] = (rec[st.speakerAsWritten] ?? 0) + 1;
    out.set(st.sourceId, rec);
  }
  return out;
}

function load(options: IngestOptions, paths: string[], records: SourceRecord[] | undefined): Promise<LoadResult> {
  const byPath = new Map<string, IndexedFile>();
  for (const r of records ?? []) if (r.path) byPath.set(absolute(r.path), { id: r.id, contentHash: r.contentHash, stamp: r.stamp });
  const extra = options.sources ?? [];
  return loadSources(paths, {
    maxBytes: options.maxBytes,
    onSkip: options.onSkip,
    onWarning: options.onWarning,
    ...(records ? { indexed: (abs: string) => byPath.get(abs) } : {}),
  }).then((r) => (extra.length ? { ...r, sources: [...r.sources, ...extra] } : r));
}

function finish(started: number, plan: Plan, loaded: LoadResult, options: IngestOptions, totals: { paragraphsTotal: number; sourcesTotal: number }): IngestReport {
  const emptied = plan.emptied.map((d) => ({ path: d, reason: `no article found in the folder, but ${plan.kept.length} indexed source${plan.kept.length === 1 ? ' came' : 's came'} from it; kept as indexed (a mount that is away?). To drop them, empty the index with \`ingest --rebuild\`` }));
  for (const e of emptied) options.onSkip?.(e);
  return {
    added: plan.added,
    updated: plan.updated,
    removed: plan.removed,
    unchanged: plan.unchanged,
    skipped: [...loaded.skipped, ...emptied],
    unreadable: [...loaded.unreadable, ...plan.emptied],
    kept: plan.kept,
    paragraphsEmbedded: 0,
    phases: { load: Date.now() - started, embed: 0, afterEmbedding: 0, statements: 0, index: 0, save: 0, embeddedAt: 0 },
    paragraphsTotal: totals.paragraphsTotal,
    sourcesTotal: totals.sourcesTotal,
    ms: Date.now() - started,
  };
}

/** Sources per unit of CPU work slotted in between embedding steps. */
const CHUNK = 50;

/**
 * Embeds the changed paragraphs into the index. While the model works on one step, the
 * previous step's vectors go into the vector index and one chunk of the change's other CPU
 * work is done (keyword index, quote attribution of 50 sources), so what is left after the
 * last paragraph is embedded is that step, the speakers merged over the corpus, and the save.
 * Returns the number of paragraphs embedded.
 */
async function embedInto(index: LocalIndex, plan: Plan, options: IngestOptions, ingestedAt: string, phases: IngestReport['phases']): Promise<number> {
  const attribution = options.statements;
  const elsewhere = attribution ? surnamesStaying(index, plan, attribution) : new Set<string>();
  const namesBefore = attribution ? namesOfTouched(index, plan) : undefined;
  const keys = index.stage(plan.changed, plan.removed);
  const flatKeys = keys.flat();
  const texts = plan.changed.flatMap((s) => s.paragraphs.map((p) => embeddingText(s, p.text, p.section)));
  const { tasks, batches } = workBesideTheModel(index, plan, keys, ingestedAt, attribution, elsewhere);
  const timed = (kind: Task['kind'], run: () => void) => {
    const t = Date.now();
    run();
    phases[kind] += Date.now() - t;
  };

  const total = texts.length;
  const step = options.step ?? 128;
  // Embedded shortest first, so each step holds texts of similar length (less padding).
  const order = texts.map((_, i) => i).sort((a, b) => texts[a].length - texts[b].length);
  const embedStep = (i: number) => options.embedder.embedPassages(order.slice(i, i + step).map((j) => texts[j]));
  options.onProgress?.(0, total);
  const t0 = Date.now();
  let pending = total ? embedStep(0) : undefined;
  phases.embeddedAt = t0;
  for (let i = 0; i < total; i += step) {
    const out = await pending!;
    pending = i + step < total ? embedStep(i + step) : undefined; // the model starts on the next step
    if (!pending) phases.embeddedAt = Date.now();
    const slice = order.slice(i, i + step);
    timed('index', () => index.addVectors(slice.map((j) => flatKeys[j]), out));
    const task = tasks.shift();
    if (task) timed(task.kind, task.run);
    options.onProgress?.(Math.min(total, i + step), total);
  }
  phases.embed = phases.embeddedAt - t0;
  for (const task of tasks) timed(task.kind, task.run);
  if (attribution) timed('statements', () => mergeStatements(index, plan, attribution, batches, namesBefore));
  return total;
}

type Task = { kind: 'statements' | 'index'; run: () => void };

/** Last-name keys named by the sources that stay: attribution of the new ones knows them. */
function surnamesStaying(index: LocalIndex, plan: Plan, attribution: Attribution): Set<string> {
  const touched = new Set([...plan.removed, ...plan.changed.map((s) => s.id)]);
  let counts: Map<string, Record<string, number>> | undefined;
  return attribution.surnames(index.sources().filter((r) => !touched.has(r.id)).map((r) => r.people ?? (counts ??= speakerCounts(index)).get(r.id) ?? {}));
}

/**
 * The change's CPU work in parts, to run one per embedding step: the surnames the changed
 * sources make known, their attribution 50 sources at a time (each part knowing them all, so
 * the parts add up to one call), and their keyword index and records.
 */
function workBesideTheModel(index: LocalIndex, plan: Plan, keys: number[][], ingestedAt: string, attribution: Attribution | undefined, elsewhere: Set<string>) {
  const tasks: Task[] = [];
  const batches: ReturnType<Attribution['attribute']>[] = [];
  if (attribution) {
    let known = elsewhere;
    tasks.push({ kind: 'statements', run: () => (known = new Set([...elsewhere, ...attribution.namedIn(plan.changed)])) });
    for (let i = 0; i < plan.changed.length; i += CHUNK) tasks.push({ kind: 'statements', run: () => batches.push(attribution.attribute(plan.changed.slice(i, i + CHUNK), known)) });
  }
  for (let i = 0; i < plan.changed.length; i += CHUNK) {
    tasks.push({ kind: 'index', run: () => plan.changed.slice(i, i + CHUNK).forEach((s, k) => index.addSource(s, keys[i + k], ingestedAt)) });
  }
  return { tasks, batches };
}

/**
 * The names the touched sources named before the change, when every speaker on record was
 * merged from stored people records (then only the names around the changed ones need merging
 * again); undefined when some source has none (indexed before they were stored): all are merged.
 */
function namesOfTouched(index: LocalIndex, plan: Plan): Set<string> | undefined {
  const records = index.sources();
  if (!records.length || records.some((r) => !r.people)) return undefined;
  const names = new Set<string>();
  for (const id of [...plan.removed, ...plan.changed.map((s) => s.id)]) for (const n of Object.keys(index.source(id)?.people ?? {})) names.add(n);
  return names;
}

/** The new statements and people go in; then the speakers are merged over the whole corpus (around the changed names only, when `namesBefore` says which). */
function mergeStatements(index: LocalIndex, plan: Plan, attribution: Attribution, batches: ReturnType<Attribution['attribute']>[], namesBefore: Set<string> | undefined): void {
  const changed = namesBefore && new Set(namesBefore);
  for (const b of batches) {
    index.addStatements(b.statements);
    for (const [id, people] of b.people) {
      index.setPeople(id, people);
      if (changed) for (const n of Object.keys(people)) changed.add(n);
    }
  }
  for (const s of plan.changed) if (!index.source(s.id)?.people) index.setPeople(s.id, {});
  index.replaceStatements(attribution.canonicalise(index.statements(), peopleOf(index), changed));
}

function intact(indexDir: string): boolean {
  try {
    checkSnapshotSizes(indexDir);
    return true;
  } catch {
    return false; // openForWriting reports it and rebuilds (or refuses)
  }
}

/** Relative to the working folder when under it (as the skipped lines print paths). */
function displayed(abs: string): string {
  const rel = relative(process.cwd(), abs);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : abs;
}

/** The records of the index on disk when it can be updated in place by this embedder; else undefined (openForWriting decides). */
function priorRecords(indexDir: string, embedder: Embedder): { manifest: Manifest; sources: SourceRecord[] } | undefined {
  if (!hasIndex(indexDir)) return undefined;
  try {
    const got = readSourceRecords(indexDir);
    if (got.manifest.schema !== SCHEMA_VERSION) return undefined;
    if (got.manifest.embedder.id !== embedder.id || got.manifest.embedder.dimension !== embedder.dimension) return undefined;
    const stamps = readStamps(indexDir);
    // New records, not changed in place: segment records are shared within the ingest (segments.ts segmentJson).
    const sources = got.sources.map((r) => {
      const hint = r.path ? stamps[absolute(r.path)] : undefined;
      return hint && hint.contentHash === r.contentHash ? { ...r, stamp: hint.stamp } : r;
    });
    return { manifest: got.manifest, sources };
  } catch {
    return undefined;
  }
}

/** The source ids of the index on disk, from its manifest; none when there is no readable one. */
function sourceIdsOnDisk(indexDir: string): string[] {
  if (!hasIndex(indexDir)) return [];
  try {
    return Object.keys(readManifest(indexDir).sources ?? {});
  } catch {
    return [];
  }
}

/** What the model sees for a paragraph: its heading gives short paragraphs their context. */
export function embeddingText(source: Pick<Source, 'title'>, text: string, section?: string): string {
  return section ? `${section}. ${text}` : text;
}

/**
 * Opens the index to change. A damaged index, or one built with another embedder, is
 * rebuilt only when this run re-reads whole folders (a full sync, as `ingest` of the corpus
 * does): rebuilding from a few files would silently drop every other source.
 */
function openForWriting(options: IngestOptions): { index: LocalIndex; fresh: boolean } {
  const { indexDir, embedder } = options;
  const fresh = () => ({ index: LocalIndex.empty({ id: embedder.id, dimension: embedder.dimension }), fresh: true });
  if (options.rebuild || !hasIndex(indexDir)) return fresh();
  const fullSync = options.paths.length > 0 && options.paths.every((p) => existsSync(p) && statSync(p).isDirectory());
  const refuse = (why: string) =>
    new IndexUnusableError(`${why} Adding single files would drop the other sources, so nothing was changed: rebuild it from the corpus with \`npm run ingest -- --rebuild\`.`);
  let index: LocalIndex;
  try {
    index = loadIndex(indexDir);
  } catch (err) {
    if (!(err instanceof IndexUnusableError)) throw err;
    if (!fullSync) throw refuse(`${err.message.split('. Rebuild')[0]}.`);
    options.onNote?.(`${err.message.split('. Rebuild')[0]}; rebuilding it from the corpus.`);
    return fresh();
  }
  if (index.embedder.id !== embedder.id || index.embedder.dimension !== embedder.dimension) {
    if (!fullSync) throw refuse(`The index was built with ${index.embedder.id} and the configured embedder is ${embedder.id}.`);
    options.onNote?.(
      `The index was built with ${index.embedder.id} (${index.embedder.dimension} dimensions) and the configured embedder is ${embedder.id} (${embedder.dimension}); rebuilding it so the two are never mixed.`,
    );
    return fresh();
  }
  return { index, fresh: false };
}
