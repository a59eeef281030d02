import type { Config } from '../config.js';
import type { Embedder } from './embedder.js';
import { createLocalEmbedder } from './local.js';
import { createOpenAIEmbedder } from './openai.js';

export * from './embedder.js';
export { createLocalEmbedder } from './local.js';
export { createOpenAIEmbedder } from './openai.js';

/**
 * The embedder the configuration asks for. `known` is the embedder of an existing index: a
 * remote embedder of the same id then starts without contacting its server. `lazyModel`: the
 * local model of that id is loaded only when something needs embedding (ingest, where a run
 * with nothing new should not load it); elsewhere it loads at start, so a broken model is
 * reported before the first question.
 */
export function createEmbedder(config: Config, known?: { id: string; dimension: number }, options: { lazyModel?: boolean } = {}): Promise<Embedder> {
  if (config.EMBEDDINGS === 'openai') {
    return createOpenAIEmbedder({ model: config.EMBED_MODEL, apiKey: config.OPENAI_API_KEY, baseURL: config.OPENAI_BASE_URL, batchSize: config.EMBED_BATCH, known });
  }
  return createLocalEmbedder({ modelDir: config.EMBED_MODEL_DIR, dtype: config.EMBED_DTYPE, batchSize: config.EMBED_BATCH, ...(options.lazyModel ? { known } : {}) });
}
