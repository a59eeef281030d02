// Ingestion: load files, clean them, split them into paragraphs.
export { SourceError, type SkippedFile } from './errors.js';
export { loadSources, isWithin, sourceIdOf, stampMatches, DEFAULT_MAX_SOURCE_BYTES, type LoadResult, type LoadOptions, type IndexedFile, type FileStamp, type UnchangedFile } from './load.js';
export { parseSource, type ParseInput, type SourceFormat } from './parse.js';
export { splitSentences, type Sentence } from './sentences.js';
export { repairMojibake } from './mojibake.js';
export { cleanArticle, type CleanArticle } from './clean.js';
export type { CleanParagraph } from './paragraphs.js';
export { chunkText, MAX_PARAGRAPH_WORDS } from './chunk.js';
export { itemSource } from './feed-item.js';
