// chrono-node takes ~0.2 s to load; only ingest (datelines) and date questions need it, so
// it loads on first use instead of slowing every `ask` at start-up.
import { createRequire } from 'node:module';

type Chrono = typeof import('chrono-node');
let loaded: Chrono | undefined;

export function chrono(): Chrono {
  loaded ??= createRequire(import.meta.url)('chrono-node') as Chrono;
  return loaded;
}
