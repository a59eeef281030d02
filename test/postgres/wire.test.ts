// The PostgreSQL backend's text and byte formats, without a server.
import { describe, expect, it } from 'vitest';
import { vectorFromSend, vectorText } from '../../src/index/postgres/pool.js';
import { lexicalRow } from '../../src/index/postgres/writer.js';

describe('wire formats', () => {
  it('writes vectors as pgvector text and reads vector_send bytes back', () => {
    const v = new Float32Array([0.5, -0.25, 1e-8]);
    expect(vectorText(v)).toBe('[0.5,-0.25,9.99999993922529e-9]');
    // vector_send: int16 dimension, int16 unused, big-endian float4s.
    const buf = Buffer.alloc(4 + 4 * 3);
    buf.writeInt16BE(3, 0);
    [0.5, -0.25, 1e-8].forEach((x, i) => buf.writeFloatBE(x, 4 + 4 * i));
    expect(Array.from(vectorFromSend(buf))).toEqual(Array.from(v));
  });

  it('writes a paragraph as a tsvector of our stems, the field in the weight, with distinct-term counts per field', () => {
    const row = lexicalRow('The councils voted; the council voted again.', 'Council vote', 'Budget');
    // ("again" is a stop word.)
    expect(row.tsv).toBe("'council':1A,3A,5B 'vote':2A,4A,6B 'budget':7C");
    expect(row.lengths).toEqual([2, 2, 1]);
  });

  it('keeps apostrophes (tsvector quoting) out of the terms, and writes nothing for no words', () => {
    expect(lexicalRow("l'eau", '', '').tsv).toBe("'leau':1A");
    expect(lexicalRow('', '', '').tsv).toBe('');
  });
});
