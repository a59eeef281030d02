import { test } from 'vitest';
import { loadIndex } from '../../src/index/store.js';
import { buildDigest } from '../../src/digest/build.js';
import { createLocalEmbedder } from '../../src/embed/local.js';
test('scratch', async () => {
  const index = loadIndex('/tmp/digest-all-index');
  const d = await buildDigest({ index, now: new Date('2030-01-01T07:00:00Z'), since: new Date('2020-01-01T00:00:00Z'), timeZone: 'Europe/Berlin' });
  console.log(d.text);
  const e = await createLocalEmbedder({ modelDir: 'models/onnx-community/all-MiniLM-L6-v2-ONNX' });
  const d2 = await buildDigest({ index, now: new Date('2030-01-01T07:00:00Z'), since: new Date('2020-01-01T00:00:00Z'), timeZone: 'Europe/Berlin', embed: (t) => e.embedPassages(t) });
  console.log(d2.text);
}, 120000);
