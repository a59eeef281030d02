// Reading WikiContradict (one JSON object per line), for the benches that use it.
import { join } from 'node:path';
import { readJsonl } from './scifact-data.js';

export interface Instance {
  question: string;
  context1: string;
  context2: string;
  answer1: string;
  answer2: string;
  contradiction_type: string;
  context1_self_contained?: string;
  context2_self_contained?: string;
}

export function loadWikiContradict(dir: string): Instance[] {
  return readJsonl<Instance>(join(dir, 'wiki_contradict_refined.jsonl'));
}
