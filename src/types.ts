// Shared shapes that flow left to right through the stages. Every stage may import this.

/** One article as indexed. `id` is the file name without extension. */
export interface Source {
  id: string;
  title: string;
  url?: string;
  /** ISO date (YYYY-MM-DD) or date-time, when the article says when it was published. */
  published?: string;
  /** ISO date or date-time of the page's own last-modified time, when it states one. */
  modified?: string;
  /** The site or publication (og:site_name, the publisher), never the byline. */
  outlet?: string;
  /** The byline, when the page (or the feed) names one. */
  author?: string;
  /** Detected language: ISO 639-1 ("en", "es") where one exists, else ISO 639-3; absent when unsure. */
  language?: string;
  /** Where it was read from (for messages), relative when possible. */
  path?: string;
  /** Front matter `tags` (desks select sources by them). */
  tags?: string[];
  /** The feed it came from (its URL), for a feed item (desks select sources by it). */
  feed?: string;
  /** sha256 (hex) of the file's bytes: what incremental ingest compares. */
  contentHash?: string;
  paragraphs: Paragraph[];
  /** Feed items whose page could not be fetched: the text is the feed's own summary, not the article. */
  summaryOnly?: boolean;
}

/** What the index adds to a source over time (feeds: corrections and wire copies). */
export interface SourceHistory {
  /** ISO date-time the source was first indexed (kept across corrections). */
  firstSeen?: string;
  /** ISO date-time its text last changed after it was first indexed (a correction or update). */
  updated?: string;
  /** The headline before the last update, when the update changed it. */
  previousTitle?: string;
}

/** A unit of cleaned text; cited as `sourceId#index`. */
export interface Paragraph {
  sourceId: string;
  /** 1-based position in the cleaned text of its source. */
  index: number;
  /** Cleaned text. Every quote shown to a user is a substring of it. */
  text: string;
  /** The heading this paragraph sits under, when the article has one (context, not quoted). */
  section?: string;
  /**
   * The paragraph is a table: one row a line, its cells as written, parted by " | ". A quote
   * from it is a row and is shown as one (marked as from a table), never as a sentence.
   */
  table?: true;
}

/** A verbatim quote from one paragraph, numbered for citation in one answer. */
export interface Excerpt {
  n: number;
  sourceId: string;
  title: string;
  url?: string;
  published?: string;
  outlet?: string;
  paragraph: number;
  quote: string;
  /** The quote is a table row (cells parted by " | "), not a sentence. */
  table?: true;
  score: number;
  /** ISO date-time of the version quoted, when the source was updated after it was first indexed. */
  updated?: string;
  /** The source is the feed's summary of the article (its page could not be fetched). */
  summaryOnly?: boolean;
  /** Near-identical copies of the same (wire) story by other outlets: quoted once, named here. */
  alsoPublishedBy?: string[];
}

export type ValueKind =
  | 'duration'
  | 'date'
  | 'count'
  | 'amount'
  | 'percentage'
  | 'person'
  | 'place'
  | 'organisation'
  | 'yesno'
  | 'stance';

export interface Claim {
  /** The value as a reader would say it ("two hours"). */
  value: string;
  /** Citation number: refers to an excerpt of the same answer. */
  n: number;
  sourceId: string;
  /** Verbatim quote that states the value. */
  quote: string;
  /** Who the sentence says gives the figure ("the union", "the port authority"), when it says so. */
  by?: string;
  /** The source's date (published), for an update's timeline. */
  published?: string;
}

export interface Disagreement {
  /** What the sources disagree on, as a phrase ("how long the call lasted"). */
  topic: string;
  /**
   * The kind of value disputed; `update` (issue 20): the same quantity reported with
   * different values at different times, news being updated: claims oldest first.
   */
  kind: ValueKind | 'update';
  claims: Claim[];
  /** Caveat, e.g. that the sources may describe different events. */
  note?: string;
}

export interface Answer {
  question: string;
  /** A follow-up as read with its conversation ("What did Pete Hegseth say about the borders?"), when that differs from `question`. */
  resolvedQuestion?: string;
  status: 'answered' | 'not_found';
  excerpts: Excerpt[];
  disagreements: Disagreement[];
  /** LLM synthesis with [n] markers; present only when an LLM is configured and it passed the check. */
  summary?: string;
  /** Things the reader should know about how the answer was made (e.g. lexical-only search). */
  notes?: string[];
  /** The time window (ISO instants: since inclusive, until exclusive) and outlets the question asked for (issue 20). */
  filters?: AnswerFilters;
  /** What was searched, as the reply says it: "CNN, March 2022", "all sources". */
  searched?: string;
  /** The instant the question was asked as of (ISO). */
  asOf?: string;
  /** Plain-text rendering a person reads. */
  text: string;
}

export interface AnswerFilters {
  since?: string;
  until?: string;
  outlets?: string[];
}

/** A statement attributed to a named person in the corpus. */
export interface Statement {
  /** Canonical name of the speaker ("Volodymyr Zelenskyy"). */
  speaker: string;
  /** The name as written in the sentence ("Zelensky"). */
  speakerAsWritten: string;
  sourceId: string;
  title: string;
  paragraph: number;
  /** Verbatim sentence (or quoted speech) that carries the statement. */
  quote: string;
  url?: string;
  published?: string;
}

/** Short description of an indexed source (for `sources` listings and digests). */
export interface SourceSummary extends SourceHistory {
  id: string;
  title: string;
  url?: string;
  published?: string;
  /** The page's own last-modified time (see Source.modified); `updated` (SourceHistory) is when the bot saw the text change. */
  modified?: string;
  outlet?: string;
  author?: string;
  summaryOnly?: boolean;
  /** Detected language (see Source.language); absent in snapshots made before it was stored. */
  language?: string;
  paragraphs: number;
  /** ISO date-time of when it was (last) indexed. */
  ingestedAt: string;
  /** The id of the first copy of the same wire story among the listed sources, when this is a copy. */
  copyOf?: string;
}

export interface Story {
  headline: string;
  sources: SourceSummary[];
  /** Key sentences, verbatim, numbered like excerpts of an answer. */
  keyPoints: Excerpt[];
  disputes: Disagreement[];
  summary?: string;
  /** Independent reports: sources counted once per wire story they copy (absent: one per source). */
  reports?: number;
}

export interface Digest {
  /** Local date of the digest in the newsroom's time zone (YYYY-MM-DD). */
  date: string;
  timeZone: string;
  /** ISO date-time: sources indexed after this are new. */
  since?: string;
  newSources: number;
  stories: Story[];
  /** Stories left out to keep the digest readable (the smallest ones), and their sources. */
  more?: { stories: number; sources: number };
  /** Sources first indexed before `since` whose text changed since (corrections): updates, not new stories. */
  updates?: SourceSummary[];
  text: string;
}
