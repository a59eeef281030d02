// serve's signal handling (src/serve-lifecycle.ts) with a fake process: what each signal does at
// each stage, and the safety net after a failed start.
import { EventEmitter } from 'node:events';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { silentLogger } from '../../src/log.js';
import { handleServeSignals } from '../../src/serve-lifecycle.js';

let signals: EventEmitter;
let exits: number[];
beforeEach(() => {
  vi.useFakeTimers();
  signals = new EventEmitter();
  exits = [];
});
afterEach(() => vi.useRealTimers());

const lifecycle = (graceMs = 10_000) => handleServeSignals({ logger: silentLogger, graceMs, signals, exit: (code) => void exits.push(code) });

describe('serve signal handling', () => {
  it('handles SIGTERM and SIGINT as soon as it is created: during start-up the first one exits 0 at once', () => {
    lifecycle();
    expect(signals.listenerCount('SIGTERM')).toBe(1);
    expect(signals.listenerCount('SIGINT')).toBe(1);
    signals.emit('SIGTERM', 'SIGTERM');
    expect(exits).toEqual([0]);
  });

  it('a stop during start-up first stops what start-up runs (the first index build in a child)', () => {
    const order: string[] = [];
    const l = handleServeSignals({ logger: silentLogger, graceMs: 1000, signals, exit: (code) => void order.push(`exit ${code}`) });
    l.onStartupStop(() => order.push('child stopped'));
    signals.emit('SIGINT', 'SIGINT');
    expect(order).toEqual(['child stopped', 'exit 0']);
  });

  it('while running the first signal stops the bot gracefully; a second one exits 130 at once', () => {
    const l = lifecycle();
    const stop = vi.fn(() => new Promise<void>(() => undefined)); // a stop that hangs
    l.running({ stop });
    signals.emit('SIGINT', 'SIGINT');
    expect(stop).toHaveBeenCalledWith('SIGINT');
    expect(exits).toEqual([]);
    signals.emit('SIGTERM', 'SIGTERM');
    expect(exits).toEqual([130]);
  });

  it('a stop that outlasts the grace period exits 1', () => {
    const l = lifecycle(2000);
    l.running({ stop: () => new Promise<void>(() => undefined) });
    signals.emit('SIGTERM', 'SIGTERM');
    vi.advanceTimersByTime(1999);
    expect(exits).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(exits).toEqual([1]);
  });

  it('after a failed start it lets go of the signals and ends a process that something keeps alive', () => {
    const l = lifecycle();
    l.failedStart(1);
    expect(signals.listenerCount('SIGTERM')).toBe(0);
    vi.advanceTimersByTime(3000);
    expect(exits).toEqual([1]);
  });
});
