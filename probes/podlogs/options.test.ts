import { describe, expect, it } from 'vitest';
import { parseByteSize, parseDurationSeconds } from './options';

describe('pod-log window options', () => {
  it('reads kubectl-style durations as whole seconds', () => {
    expect(parseDurationSeconds('90')).toBe(90);
    expect(parseDurationSeconds('15m')).toBe(900);
    expect(parseDurationSeconds('1h30m')).toBe(5400);
    expect(parseDurationSeconds('2d')).toBe(172800);
    expect(parseDurationSeconds('0.5s')).toBe(1);
    for (const bad of ['', '0', '-5m', '5 minutes', 'm', '1h 30m']) expect(parseDurationSeconds(bad)).toBeNull();
  });

  it('reads byte sizes with binary units', () => {
    expect(parseByteSize('1048576')).toBe(1048576);
    expect(parseByteSize('512k')).toBe(512 * 1024);
    expect(parseByteSize('16MiB')).toBe(16 * 1024 * 1024);
    expect(parseByteSize('1G')).toBe(1024 ** 3);
    for (const bad of ['', '0', 'lots', '-1k']) expect(parseByteSize(bad)).toBeNull();
  });
});
