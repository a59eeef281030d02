// FNC-1 development pairs (../shared/eval/fnc1): headline, body, stance; and the fixed split.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export type FncStance = 'agree' | 'disagree' | 'discuss' | 'unrelated';
export interface FncPair {
  headline: string;
  bodyId: number;
  stance: FncStance;
}

/** RFC 4180 rows: quoted fields may hold commas, doubled quotes and line breaks. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (field || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

export function loadFnc1(dir: string): { pairs: FncPair[]; bodies: Map<number, string> } {
  const bodies = new Map<number, string>();
  for (const [id, body] of parseCsv(readFileSync(join(dir, 'dev_bodies.csv'), 'utf8')).slice(1)) if (id) bodies.set(Number(id), body);
  const pairs: FncPair[] = [];
  for (const [headline, id, stance] of parseCsv(readFileSync(join(dir, 'dev_stances.csv'), 'utf8')).slice(1)) {
    if (!headline) continue;
    pairs.push({ headline, bodyId: Number(id), stance: stance as FncStance });
  }
  return { pairs, bodies };
}

/**
 * The split, fixed before any tuning: a body and every headline paired with it fall on one side.
 * Body IDs are even; (id / 2) mod 5 in {0, 1} is held out (about 40% of bodies).
 */
export function isHeldOut(bodyId: number): boolean {
  return Math.floor(bodyId / 2) % 5 < 2;
}

/** Body text as paragraphs (blank-line separated), the way the bodies are laid out. */
export function bodyParagraphs(body: string): string[] {
  return body
    .split(/\n\s*\n/)
    .map((p) => p.replace(/\s+/g, ' ').trim())
    .filter((p) => p.length > 0);
}
