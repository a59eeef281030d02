// The messages between serve and its ingest worker (IPC, structured clone).
import type { Source } from '../types.js';
import type { IngestCounts } from './queue.js';

export type WorkerRequest = { type: 'ingest'; id: number; paths: string[]; sources: Source[] };

export type WorkerReply =
  | { type: 'ready'; pid: number; embedder: string }
  | { type: 'done'; id: number; counts: IngestCounts }
  | { type: 'failed'; id: number; error: string };
