// The posting state file: atomic writes, clear errors, serialised updates.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { coveredFor, emptyState, readState, StateFileError, stateFileFor, StateStore, writeState } from '../../src/digest/state.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'digest-state-test-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('digest state', () => {
  it('lives next to the index and starts empty', () => {
    expect(stateFileFor('/srv/index-data')).toBe('/srv/index-data/digest-state.json');
    expect(readState(join(dir, 'none.json'))).toEqual({ version: 1, destinations: {} });
  });

  it('is written atomically: no temporary file is left, the content round-trips', () => {
    const file = join(dir, 'sub', 'digest-state.json');
    const state = { ...emptyState(), coveredUntil: '2025-03-31T06:00:00.000Z' };
    writeState(file, state);
    expect(readdirSync(join(dir, 'sub'))).toEqual(['digest-state.json']);
    expect(readState(file)).toEqual(state);
    expect(readFileSync(file, 'utf8').endsWith('\n')).toBe(true);
  });

  it('refuses a file that is not a state, saying what to do', () => {
    const file = join(dir, 'digest-state.json');
    writeFileSync(file, '{"version": 1, "destinations"');
    expect(() => readState(file)).toThrow(StateFileError);
    expect(() => readState(file)).toThrow(/is not valid JSON .*move it away to start afresh/);
    writeFileSync(file, '[]');
    expect(() => readState(file)).toThrow(/is not a digest state/);
  });

  it('applies updates in order and saves each', async () => {
    const file = join(dir, 'digest-state.json');
    const store = new StateStore(file);
    await Promise.all([
      store.update((s) => void (s.coveredUntil = 'a')),
      store.update((s) => void (s.destinations['slack:C1'] = { lastSkipped: { at: 'x', occurrence: 'y', date: 'z' } })),
      store.update((s) => void (s.coveredUntil = 'b')),
    ]);
    expect(readState(file)).toEqual({ version: 1, coveredUntil: 'b', destinations: { 'slack:C1': { lastSkipped: { at: 'x', occurrence: 'y', date: 'z' } } } });
    // A failing change leaves the state and the file as they were, and later updates still run.
    await expect(store.update(() => {
      throw new Error('bad change');
    })).rejects.toThrow('bad change');
    await store.update((s) => void (s.coveredUntil = 'c'));
    expect(new StateStore(file).get().coveredUntil).toBe('c');
    expect(existsSync(file)).toBe(true);
  });

  it('knows from when each destination’s next digest starts', () => {
    const state = {
      version: 1 as const,
      coveredUntil: 'G',
      destinations: {
        posted: { lastPosted: { at: '', occurrence: '', date: '', until: 'P' }, lastFailure: { at: '', occurrence: '', date: '', error: '', attempts: 1, from: 'F' } },
        failed: { lastFailure: { at: '', occurrence: '', date: '', error: '', attempts: 1, from: 'F' } },
      },
    };
    expect([coveredFor(state, 'posted'), coveredFor(state, 'failed'), coveredFor(state, 'new')]).toEqual(['P', 'F', 'G']);
  });
});
