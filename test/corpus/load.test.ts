import { createHash } from 'node:crypto';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { loadSources, parseSource, SourceError, type SkippedFile } from '../../src/corpus/index.js';

const ARTICLE = 'Talks Headline\nTrump and Putin spoke for two hours on Tuesday about a ceasefire.\n';

let dir: string;
beforeEach(async () => {
  dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'newsroom-corpus-'));
});
afterEach(async () => {
  vi.restoreAllMocks();
  await fsp.chmod(dir, 0o700).catch(() => {});
  await fsp.rm(dir, { recursive: true, force: true });
});

async function write(name: string, data: string | Uint8Array): Promise<string> {
  const file = path.join(dir, name);
  await fsp.mkdir(path.dirname(file), { recursive: true });
  await fsp.writeFile(file, data);
  return file;
}

/** Reasons by file name. */
function reasons(skipped: SkippedFile[]): Record<string, string> {
  return Object.fromEntries(skipped.map((s) => [path.basename(s.path), s.reason]));
}

describe('loadSources', () => {
  it('walks folders recursively, loads txt, md and html, and ignores other files found there', async () => {
    await write('b.txt', ARTICLE);
    await write('sub/a.md', '# Markdown Title\n\nBody text of the markdown article.');
    await write('sub/deeper/c.html', '<html><head><title>Page</title></head><body><article><p>The phone call lasted two hours, officials said on Tuesday, and covered a ceasefire.</p></article></body></html>');
    await write('notes.pdf', '%PDF-1.4');
    await write('.hidden/x.txt', ARTICLE + 'hidden');
    const { sources, skipped } = await loadSources([dir]);
    expect(skipped).toEqual([]);
    expect(sources.map((s) => s.id)).toEqual(['b', 'a', 'c']); // sorted by path: b.txt < sub/a.md < sub/deeper/c.html
    expect(sources.map((s) => s.title)).toEqual(['Talks Headline', 'Markdown Title', 'Page']);
    expect(sources[0].paragraphs).toEqual([
      { sourceId: 'b', index: 1, text: 'Trump and Putin spoke for two hours on Tuesday about a ceasefire.' },
    ]);
    expect(sources[0].contentHash).toBe(createHash('sha256').update(ARTICLE).digest('hex'));
    expect(sources[0].path).toBe(path.join(dir, 'b.txt'));
  });

  it('skips an explicitly named file of another type, with a reason', async () => {
    const pdf = await write('notes.pdf', '%PDF-1.4');
    const { sources, skipped } = await loadSources([pdf]);
    expect(sources).toEqual([]);
    expect(skipped).toEqual([{ path: pdf, reason: 'unsupported file type .pdf; use .txt, .md or .html' }]);
  });

  it('skips bad files with a reason and goes on', async () => {
    await write('empty.txt', '');
    await write('blank.txt', ' \n\t\n\u00A0 \n');
    await write('binary.txt', Uint8Array.from([0x48, 0x69, 0x00, 0x01, 0x02]));
    await write('garbled.txt', Uint8Array.from([...Buffer.from('Hello there '), ...Array(40).fill([0x81, 0x8d, 0x8f, 0x90, 0x9d]).flat()]));
    await write('furniture.txt', 'Share This Post:\nTags\nLeave a Reply\n');
    await write('good.txt', ARTICLE);
    const missing = path.join(dir, 'missing.txt');
    const seen: SkippedFile[] = [];
    const { sources, skipped } = await loadSources([dir, missing], { onSkip: (s) => seen.push(s) });
    expect(sources.map((s) => s.id)).toEqual(['good']);
    expect(reasons(skipped)).toEqual({
      'missing.txt': 'file or folder not found',
      'binary.txt': 'binary file (contains NUL bytes)',
      'blank.txt': 'the file contains only whitespace',
      'empty.txt': 'empty file',
      'furniture.txt': 'no article text left after removing page furniture',
      'garbled.txt': 'cannot decode the text: it is not UTF-8 and does not read as windows-1252; save it as UTF-8',
    });
    expect(seen).toEqual(skipped);
  });

  it('skips files larger than 20 MiB by default, and than maxBytes when given', async () => {
    const big = await write('big.txt', '');
    await fsp.truncate(big, 20 * 1024 * 1024 + 1); // sparse: nothing is written
    const small = await write('small.txt', ARTICLE);
    expect(reasons((await loadSources([big])).skipped)).toEqual({ 'big.txt': 'larger than 20 MiB; split it or raise MAX_SOURCE_BYTES' });
    expect(reasons((await loadSources([small], { maxBytes: 10 })).skipped)).toEqual({
      'small.txt': 'larger than 10 bytes; split it or raise MAX_SOURCE_BYTES',
    });
  });

  it('skips a file it may not read', async () => {
    const locked = await write('locked.txt', ARTICLE);
    await fsp.chmod(locked, 0o000);
    if (process.getuid?.() === 0) {
      // root reads anything: make the read fail the way it does for other users.
      const real = fsp.readFile;
      const fake = async (file: unknown, ...rest: unknown[]) => {
        if (String(file) === locked) throw Object.assign(new Error(`EACCES: permission denied, open '${locked}'`), { code: 'EACCES' });
        return (real as (...a: unknown[]) => Promise<Buffer>)(file, ...rest);
      };
      vi.spyOn(fsp, 'readFile').mockImplementation(fake as typeof fsp.readFile);
    }
    const { sources, skipped } = await loadSources([locked]);
    expect(sources).toEqual([]);
    expect(reasons(skipped)).toEqual({ 'locked.txt': 'cannot be read (permission denied)' });
  });

  it('keeps the first of two files with the same bytes (by path)', async () => {
    await write('b-copy.txt', ARTICLE);
    await write('a-original.txt', ARTICLE);
    const { sources, skipped } = await loadSources([dir]);
    expect(sources.map((s) => s.id)).toEqual(['a-original']);
    expect(reasons(skipped)).toEqual({ 'b-copy.txt': 'same text as a-original' });
  });

  it('skips a second file with the same id', async () => {
    await write('one/story.txt', ARTICLE);
    await write('two/story.md', '# Other\n\nA different story about the talks.');
    const { sources, skipped } = await loadSources([dir]);
    expect(sources.map((s) => s.path)).toEqual([path.join(dir, 'one/story.txt')]);
    expect(reasons(skipped)).toEqual({
      'story.md': `another file already has the id story (${path.join(dir, 'one/story.txt')}); rename one of them`,
    });
  });

  it('decodes Windows-1252, UTF-8 with BOM and UTF-16', async () => {
    await write('cp1252.txt', Buffer.from('Caf\xe9 Talks\nHe said \x93very good talks.\x94 Na\xefve r\xe9sum\xe9s were shared.\n', 'latin1'));
    await write('bom.txt', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('BOM Title\nThe text starts here.')]));
    await write('utf16.txt', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Wide Title\nThe text is wide.', 'utf16le')]));
    const { sources, skipped } = await loadSources([dir]);
    expect(skipped).toEqual([]);
    expect(sources.map((s) => [s.title, s.paragraphs[0].text])).toEqual([
      ['BOM Title', 'The text starts here.'],
      ['Caf\u00E9 Talks', 'He said \u201Cvery good talks.\u201D Na\u00EFve r\u00E9sum\u00E9s were shared.'],
      ['Wide Title', 'The text is wide.'],
    ]);
  });
});

describe('parseSource', () => {
  it('hashes the bytes and numbers paragraphs from 1', () => {
    const bytes = new TextEncoder().encode('Headline\nFirst paragraph.\nSecond paragraph.');
    const s = parseSource({ id: 'x', bytes, format: 'txt' });
    expect(s).toEqual({
      id: 'x',
      title: 'Headline',
      contentHash: createHash('sha256').update(bytes).digest('hex'),
      paragraphs: [
        { sourceId: 'x', index: 1, text: 'First paragraph.' },
        { sourceId: 'x', index: 2, text: 'Second paragraph.' },
      ],
    });
  });

  it('throws SourceError for unusable bytes', () => {
    expect(() => parseSource({ id: 'x', bytes: new Uint8Array(), format: 'txt' })).toThrow(new SourceError('empty file'));
  });
});
