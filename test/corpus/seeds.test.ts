import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadSources, splitSentences } from '../../src/corpus/index.js';
import type { Source } from '../../src/types.js';

const SEEDS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../seeds');

let sources: Source[];
const byId = (prefix: string) => {
  const s = sources.find((x) => x.id.startsWith(prefix));
  if (!s) throw new Error(`seed ${prefix} not loaded`);
  return s;
};
const texts = (s: Source) => s.paragraphs.map((p) => p.text);

beforeAll(async () => {
  const result = await loadSources([SEEDS]);
  expect(result.skipped).toEqual([]);
  sources = result.sources;
});

describe('the five seed articles', () => {
  it('loads all five, with their file names as ids', () => {
    expect(sources.map((s) => s.id)).toEqual([
      '000_450ac052006812d4',
      '001_9d2b0e729d22a81c',
      '002_d5c702b0c17a4684',
      '003_d268800eac509475',
      '004_8795b68136b604a4',
    ]);
    expect(sources.map((s) => s.paragraphs.length)).toEqual([38, 10, 10, 13, 16]);
  });

  it('finds the titles', () => {
    expect(sources.map((s) => s.title)).toEqual([
      'Trump and Putin Speak, Seek Peaceful Resolution In Ukraine',
      'Vladimir Putin and Donald Trump had a significant phone call that lasted two hours',
      'Trump\u2019s Bold Approach to Ending the Ukraine War: Direct Talks with Putin Amidst Renewed Tensions',
      'Trump and Putin Hold Key Phone Call to Address Ukraine War: Insights and Implications',
      'In a significant diplomatic shift, U.S. President Donald Trump announced that discussions aimed at ending the nearly three-year conflict between\u2026',
    ]);
  });

  it('reads 002\u2019s dateline', () => {
    expect(byId('002').published).toBe('2025-03-14');
    expect(sources.filter((s) => s.published).map((s) => s.id)).toEqual(['002_d5c702b0c17a4684']);
  });

  it('removes furniture and mojibake from every paragraph', () => {
    for (const s of sources) {
      for (const p of s.paragraphs) {
        for (const bad of ['See also', 'Share This Post', 'Leave a Reply', '\u0E42', 'Source link', 'No comments yet', 'Newsletter']) {
          expect(p.text, `${s.id}#${p.index}`).not.toContain(bad);
        }
      }
    }
  });

  it('keeps 003\u2019s lists with their lead-in paragraphs', () => {
    const s = byId('003');
    expect(texts(s).find((t) => t.includes('including:'))).toBe(
      'During his Monday address, Trump mentioned that discussions between Washington and Moscow had already touched on various critical topics, including:\n' +
        '- Land distribution\n- Power plants\n- \u201CDividing up certain assets\u201D between Russia and Ukraine',
    );
    expect(texts(s).find((t) => t.includes('Key concerns included:'))).toMatch(
      /Key concerns included:\n- The fate of Ukrainian soldiers in the Kursk region\n- How a ceasefire could be monitored\n- The rejection of NATO peacekeeping troops to enforce the peace$/,
    );
    // The repeated title line is gone.
    expect(texts(s)[0]).toMatch(/^The highly anticipated phone call/);
  });

  it('drops 000\u2019s unanswered FAQ questions and its Source Links', () => {
    const s = byId('000');
    const raw = readFileSync(path.join(SEEDS, '000_450ac052006812d4.txt'), 'utf8');
    const questions = raw.split('\n').filter((l) => /^(What|How|Why)\b.*\?$/.test(l));
    expect(questions).toHaveLength(7);
    for (const q of questions) {
      for (const p of s.paragraphs) {
        expect(p.text).not.toContain(q);
        expect(p.section).not.toBe(q);
      }
    }
    expect(texts(s).some((t) => t.includes('Ukraine war briefing'))).toBe(false);
    expect(s.paragraphs[s.paragraphs.length - 1]).toEqual({
      sourceId: s.id,
      index: 38,
      section: 'Conclusion',
      text: 'They want to go back to Ukraine\u2019s borders before 2014. Trials and investigations add to the challenges. But, the talks between Trump and Putin might lead to a lasting peace. The world is watching closely.',
    });
  });

  it('turns 000\u2019s tables and Key Takeaways into readable paragraphs', () => {
    const s = byId('000');
    // The table stays rows, cells as written (no invented sentence), marked as a table.
    expect(s.paragraphs.find((p) => p.text.startsWith('Country | Defense'))).toEqual({
      sourceId: s.id,
      index: 21,
      section: 'Implications for US-Russia Relations',
      text: 'Country | Defense Spending Target\nUnited Kingdom | 2.5% of GDP\nGermany | 2% of GDP\nEuropean Union (Average) | 2% of GDP',
      table: true,
    });
    const takeaways = s.paragraphs.find((p) => p.section === 'Key Takeaways');
    expect(takeaways?.text.split('\n')).toHaveLength(7);
    expect(takeaways?.text).toContain('- Ukraine\u2019s military continues to defend');
  });

  it('drops 004\u2019s table of contents and keeps its key points and FAQ answers', () => {
    const s = byId('004');
    expect(texts(s).some((t) => t.includes('Article Subheadings') || t.includes('1) Diplomatic Talks Initiated'))).toBe(false);
    expect(s.paragraphs.find((p) => p.section === 'Key Points')?.text.split('\n')[0]).toBe(
      '1. President Trump announced the start of peace talks between Russia and Ukraine.',
    );
    expect(s.paragraphs.slice(-3).map((p) => p.section)).toEqual([
      'What sparked the latest round of peace talks in the Russia-Ukraine conflict?',
      'What does Ukraine face in the upcoming negotiations?',
      'How have European allies reacted to the U.S. involvement in peace talks?',
    ]);
    expect(s.paragraphs[1].section).toBe('Diplomatic Talks Initiated');
  });

  it('keeps every paragraph within the embedding model\u2019s reach, and sentences as exact substrings', () => {
    for (const s of sources) {
      s.paragraphs.forEach((p, i) => {
        expect(p.index).toBe(i + 1);
        expect(p.sourceId).toBe(s.id);
        expect(p.text.split(/\s+/).length).toBeLessThanOrEqual(220);
        expect(p.text).toBe(p.text.trim());
        expect(p.text).not.toMatch(/ {2}|\u00A0/);
        for (const sentence of splitSentences(p.text)) expect(p.text.slice(sentence.start, sentence.end)).toBe(sentence.text);
      });
    }
  });

  it('is deterministic', async () => {
    const again = await loadSources([SEEDS]);
    expect(again.sources).toEqual(sources);
  });
});
