// 👍 / 👎 under an answer: one JSON line per vote, appended to a file (created with its folder).
import { appendFile, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Answer } from '../../types.js';

export type Vote = 'up' | 'down';

export interface FeedbackRecord {
  /** ISO date-time of the vote. */
  at: string;
  /** Platform-scoped id of who voted ("slack:U123"). */
  user: string;
  question: string;
  status: Answer['status'];
  /** The excerpts the answer showed, as `sourceId#paragraph`, in citation order. */
  excerpts: string[];
  vote: Vote;
  platform: 'slack';
}

export function feedbackRecord(answer: Answer, user: string, vote: Vote, at: Date): FeedbackRecord {
  return {
    at: at.toISOString(),
    user,
    question: answer.question,
    status: answer.status,
    excerpts: answer.excerpts.map((e) => `${e.sourceId}#${e.paragraph}`),
    vote,
    platform: 'slack',
  };
}

/** Appends records to `file` one JSON line at a time, in the order they were recorded. */
export class FeedbackLog {
  private queue: Promise<void> = Promise.resolve();
  private dirReady: Promise<unknown> | undefined;

  constructor(private readonly file: string) {}

  record(record: FeedbackRecord): Promise<void> {
    const line = JSON.stringify(record) + '\n';
    const write = this.queue.then(async () => {
      this.dirReady ??= mkdir(dirname(this.file), { recursive: true }).catch((error: unknown) => {
        this.dirReady = undefined;
        throw error;
      });
      await this.dirReady;
      await appendFile(this.file, line, 'utf8');
    });
    // Keep the chain going after a failed write; the caller still sees the failure.
    this.queue = write.catch(() => undefined);
    return write;
  }
}
