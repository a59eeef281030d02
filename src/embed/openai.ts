// Embeddings from OpenAI or any OpenAI-compatible server (Azure, Ollama, vLLM, llama.cpp).
import { EmbedderError, inBatches, normalise, type Embedder } from './embedder.js';
import { displayUrl } from '../config.js';

export interface OpenAIEmbedderOptions {
  model: string;
  apiKey?: string;
  baseURL?: string;
  batchSize?: number;
  timeoutMs?: number;
  maxRetries?: number;
  /**
   * The embedder an existing index was built with. When it is this one, its dimension is
   * taken from there instead of asking the server, so that a bot whose embedding server is
   * down still starts and answers by keywords (each question tries the server again).
   */
  known?: { id: string; dimension: number };
}

export async function createOpenAIEmbedder(options: OpenAIEmbedderOptions): Promise<Embedder> {
  const { default: OpenAI } = await import('openai');
  const client = new OpenAI({
    apiKey: options.apiKey ?? 'not-needed',
    baseURL: options.baseURL,
    timeout: options.timeoutMs ?? 30_000,
    maxRetries: options.maxRetries ?? 2,
  });
  const id = `openai:${options.model}`;
  let dimension = options.known?.id === id ? options.known.dimension : 0;
  // A question waits on the user: no retries and a short time-out there (the answer falls back to keyword search).
  const QUERY = { maxRetries: 0, timeout: Math.min(options.timeoutMs ?? 30_000, 5000) };
  const run = async (texts: string[], requestOptions?: typeof QUERY): Promise<Float32Array[]> => {
    if (texts.length === 0) return [];
    try {
      const res = await client.embeddings.create({ model: options.model, input: texts, encoding_format: 'float' }, requestOptions);
      const rows = [...res.data].sort((a, b) => a.index - b.index);
      if (rows.length !== texts.length) throw new Error(`asked for ${texts.length} embeddings, got ${rows.length}`);
      const bad = dimension ? rows.find((r) => r.embedding.length !== dimension) : undefined;
      if (bad) throw new Error(`it returned ${bad.embedding.length}-dimensional vectors where the index has ${dimension}; re-index with \`npm run ingest -- --rebuild\``);
      return rows.map((r) => normalise(Float32Array.from(r.embedding as number[])));
    } catch (err) {
      throw new EmbedderError(`The embedding service (${options.baseURL ? displayUrl(options.baseURL) : 'OpenAI'}) failed: ${(err as Error).message}`);
    }
  };
  if (!dimension) dimension = (await run(['dimension probe']))[0].length;
  const batchSize = options.batchSize ?? 96;
  return {
    id,
    dimension,
    embedPassages: (texts) => inBatches(texts, batchSize, run),
    embedQuery: async (text) => (await run([text], QUERY))[0],
  };
}
