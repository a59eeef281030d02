// Who said what: attributed statements, extracted at ingest and looked up by speaker.
export { extractStatements, attributeParagraph, findStatements, attributeStatements, canonicaliseStatements, surnamesOf, surnamesNamedIn, type AttributedBatch } from './attribution.js';
