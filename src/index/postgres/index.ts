// The PostgreSQL backend (DATABASE_URL): pgvector HNSW for vectors, tsvector + GIN for
// keywords, transactions for ingest, a change log for replicas. See docs/operations.md.
export { createPool, inTransaction } from './pool.js';
export { migrate, checkSchema, PG_SCHEMA_VERSION } from './schema.js';
export { PgIndex } from './pg-index.js';
export { followChanges, LISTENER_NAME, type ChangeFollower, type ChangeFollowerState } from './changes.js';
export { ingestToPostgres } from './ingest.js';
export { importLocalIndex, exportToLocalIndex } from './transfer.js';
export { pgDigestState } from './digest-state.js';
export { storedEmbedder } from './writer.js';
export { pgConversations } from './conversations.js';
