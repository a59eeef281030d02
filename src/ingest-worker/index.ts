// serve's ingest worker (issue 24): a bounded, coalescing queue (queue.ts) in front of one
// long-lived child process that loads the model once (child.ts), kept alive by process.ts and
// given its jobs by supervisor.ts.
export { createIngestQueue, type IngestBatch, type IngestCounts, type IngestJob, type IngestQueue, type QueueStatus } from './queue.js';
export { builtWorker, createIngestWorker, type IngestWorker, type WorkerOptions, type WorkerStatus } from './supervisor.js';
