// Prometheus metrics for the whole process, on one registry.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'newsroom_' });
  let ingestStatus = () => ({ waitingSources: 0, oldestWaitSeconds: 0 });
  const m = {
    registry,
    questions: new Counter({ name: 'newsroom_questions_total', help: 'Questions answered, by platform and status', labelNames: ['platform', 'status'], registers: [registry] }),
    commands: new Counter({ name: 'newsroom_commands_total', help: 'Chat commands handled, by command and reply kind', labelNames: ['command', 'reply'], registers: [registry] }),
    disagreements: new Counter({ name: 'newsroom_disagreements_flagged_total', help: 'Disagreements shown in answers', registers: [registry] }),
    answerSeconds: new Histogram({
      name: 'newsroom_answer_seconds',
      help: 'Time to answer a question',
      buckets: [0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
    llmCalls: new Counter({ name: 'newsroom_llm_calls_total', help: 'LLM synthesis calls by outcome (ok, rejected by the check, failed)', labelNames: ['outcome'], registers: [registry] }),
    digestsPosted: new Counter({ name: 'newsroom_digests_posted_total', help: 'Digest posts by destination platform and outcome', labelNames: ['platform', 'outcome'], registers: [registry] }),
    feedPolls: new Counter({ name: 'newsroom_feed_polls_total', help: 'Feed polls by outcome (ok, not_modified, failed)', labelNames: ['outcome'], registers: [registry] }),
    feedsFailing: new Gauge({ name: 'newsroom_feeds_failing', help: 'Feeds whose last poll failed (retried with backoff)', registers: [registry] }),
    feedItems: new Counter({ name: 'newsroom_feed_items_total', help: 'Feed items indexed: page (the article) or summary (the page could not be fetched)', labelNames: ['from'], registers: [registry] }),
    ingested: new Counter({ name: 'newsroom_ingested_sources_total', help: 'Sources ingested, by change', labelNames: ['change'], registers: [registry] }),
    // serve's ingest queue and worker (issue 24).
    ingestQueued: new Gauge({
      name: 'newsroom_ingest_queue_sources',
      help: 'Inbox files and feed sources waiting for the ingest worker (not counting the batch it is on)',
      registers: [registry],
      collect() {
        this.set(ingestStatus().waitingSources);
      },
    }),
    ingestQueueOldest: new Gauge({
      name: 'newsroom_ingest_queue_oldest_seconds',
      help: 'How long the oldest job waiting for the ingest worker has waited',
      registers: [registry],
      collect() {
        this.set(ingestStatus().oldestWaitSeconds);
      },
    }),
    ingestSeconds: new Histogram({
      name: 'newsroom_ingest_queued_to_served_seconds',
      help: 'From an inbox batch or feed poll handed to the ingest queue to its sources being served',
      buckets: [1, 2.5, 5, 10, 20, 30, 60, 120, 300, 900],
      registers: [registry],
    }),
    ingestDeferred: new Counter({ name: 'newsroom_ingest_deferred_total', help: 'Feed polls skipped and inbox scans put off because the ingest queue was full (back-pressure)', labelNames: ['producer'], registers: [registry] }),
    ingestJobs: new Counter({ name: 'newsroom_ingest_jobs_total', help: 'Inbox batches and feed polls handed to the ingest queue, by outcome (ok; failed: refused by the worker, or lost with it twice)', labelNames: ['outcome'], registers: [registry] }),
    workerRestarts: new Counter({ name: 'newsroom_ingest_worker_restarts_total', help: 'Times the ingest worker was started again after it exited or timed out', registers: [registry] }),
    /** Where the queue gauges read from (serve sets it). */
    setIngestStatus(f: () => { waitingSources: number; oldestWaitSeconds: number }) {
      ingestStatus = f;
    },
  };
  return m;
}

export type Metrics = ReturnType<typeof createMetrics>;
