import { describe, expect, it } from 'vitest';
import { fmtInt, fmtPct } from './numbers';

describe('numbers in sentences', () => {
  it('groups thousands and rounds', () => {
    expect(fmtInt(0)).toBe('0');
    expect(fmtInt(1717)).toBe('1,717');
    expect(fmtInt(2_522_000.6)).toBe('2,522,001');
    expect(fmtInt(-1234.4)).toBe('-1,234');
    expect(fmtInt(-0.2)).toBe('0');
  });

  it('never rounds a share to 0% or 100% that is not exactly that', () => {
    expect(fmtPct(0)).toBe('0%');
    expect(fmtPct(1)).toBe('100%');
    expect(fmtPct(0.001)).toBe('<1%');
    expect(fmtPct(0.998)).toBe('>99%');
    expect(fmtPct(1717 / 1765)).toBe('97%');
  });
});
