import { existsSync } from 'node:fs';
import { test } from 'vitest';
import { createLocalEmbedder } from '../../src/embed/local.js';
import { ingest } from '../../src/index/ingest.js';
import { loadIndex } from '../../src/index/store.js';
import { terms } from '../../src/index/terms.js';
test('scratch', async () => {
  const dir = '/tmp/digest-all-index';
  if (!existsSync(dir + '/manifest.json')) {
    const embedder = await createLocalEmbedder({ modelDir: 'models/onnx-community/all-MiniLM-L6-v2-ONNX' });
    await ingest({ paths: ['seeds', 'test/digest/fixtures/articles'], indexDir: dir, embedder });
  }
  const index = loadIndex(dir);
  const srcs = index.sources();
  const mean = (id: string) => {
    const ps = index.paragraphsOf(id).filter((p) => p.text.split(/\s+/).length >= 8);
    const m = new Float32Array(384);
    for (const p of ps) { const v = index.vector(p.key)!; for (let i = 0; i < 384; i++) m[i] += v[i]; }
    let n = 0; for (const x of m) n += x * x; n = Math.sqrt(n); for (let i = 0; i < 384; i++) m[i] /= n;
    return m;
  };
  const ms = srcs.map((s) => mean(s.id));
  const tt = srcs.map((s) => new Set(terms(s.title)));
  const jac = (a: Set<string>, b: Set<string>) => { let i = 0; for (const x of a) if (b.has(x)) i++; return i / (a.size + b.size - i); };
  const dot = (a: Float32Array, b: Float32Array) => a.reduce((s, x, i) => s + x * b[i], 0);
  console.log('      ' + srcs.map((s) => s.id.slice(0, 5).padStart(6)).join(' '));
  for (let i = 0; i < srcs.length; i++) console.log(srcs[i].id.slice(0, 5).padEnd(6), ms.map((m) => dot(ms[i], m).toFixed(3).padStart(6)).join(' '));
  for (let i = 0; i < srcs.length; i++) console.log(srcs[i].id.slice(0, 5).padEnd(6), tt.map((m) => jac(tt[i], m).toFixed(3).padStart(6)).join(' '));
  for (const s of srcs) console.log(s.id, s.title, s.published, s.outlet, [...tt[srcs.indexOf(s)]].join(','));
}, 120000);
