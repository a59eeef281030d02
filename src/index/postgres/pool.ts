// Connections and the vector wire format. Vectors go in as pgvector's text form
// ("[0.1,0.2]") and come back as `vector_send` bytes (a quarter of the text's size, and no
// float parsing): int16 dimension, int16 unused, then big-endian float4s.
import pg from 'pg';

/**
 * ef_search of the HNSW scan. pgvector's graph (built with ef_construction 64, its default,
 * for build time) needs a wider scan than the local index's (efConstruction 200, ef 128):
 * on 200,000 synthetic paragraphs recall@10 was 0.875 at 128, 0.937 at 256 and 0.979 at
 * 512 (query p95 31 → 45 ms); on 500,000, 0.744 at 128 and 0.947 at 512 (bench/postgres.ts
 * scale, BENCHMARKS.md).
 */
export const EF_SEARCH = 512;
/** HNSW build settings for the vector index (pgvector's m and ef_construction, its defaults). */
export const PG_HNSW = { m: 16, efConstruction: 64 } as const;

export interface PoolOptions {
  max?: number;
  /** Called when an idle connection fails (the database went away); the pool replaces it. */
  onError?: (err: Error) => void;
}

export function createPool(url: string, options: PoolOptions = {}): pg.Pool {
  const pool = new pg.Pool({ connectionString: url, max: options.max ?? 8, connectionTimeoutMillis: 5000, idleTimeoutMillis: 30_000 });
  // An idle client's error is emitted on the pool; unhandled, it would end the process.
  pool.on('error', (err) => options.onError?.(err));
  pool.on('connect', (client) => {
    // A server shutting down ends a connection with two errors (the FATAL, then the closed
    // socket); the pool listens only until the first, so the client keeps its own listener.
    client.on('error', (err) => options.onError?.(err));
  });
  return pool;
}

export function vectorText(v: Float32Array | number[]): string {
  let s = '[';
  for (let i = 0; i < v.length; i++) s += (i ? ',' : '') + v[i];
  return s + ']';
}

/** Decodes `vector_send(embedding)` (a bytea, which pg hands over as a Buffer). */
export function vectorFromSend(buf: Buffer): Float32Array {
  const dim = buf.readInt16BE(0);
  const out = new Float32Array(dim);
  for (let i = 0; i < dim; i++) out[i] = buf.readFloatBE(4 + 4 * i);
  return out;
}

/** Runs `fn` in one transaction on one connection; rolls back when it throws. */
export async function inTransaction<T>(pool: pg.Pool, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await fn(client);
    await client.query('COMMIT');
    return result;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}
