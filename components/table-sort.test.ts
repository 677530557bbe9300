import { describe, expect, it } from 'vitest';
import { sortRows } from './table-sort';

describe('sortRows', () => {
  const rows = [{ n: 'b', v: 2 }, { n: 'a', v: 3 }, { n: 'c', v: 2 }];
  const by = { n: (r: (typeof rows)[number]) => r.n, v: (r: (typeof rows)[number]) => r.v };
  it('sorts by a column either way, keeping ties in their order', () => {
    expect(sortRows(rows, by, { key: 'n', dir: 'asc' }).map((r) => r.n)).toEqual(['a', 'b', 'c']);
    expect(sortRows(rows, by, { key: 'v', dir: 'desc' }).map((r) => r.n)).toEqual(['a', 'b', 'c']);
    expect(sortRows(rows, by, { key: 'v', dir: 'asc' }).map((r) => r.n)).toEqual(['b', 'c', 'a']);
    expect(sortRows(rows, by, null).map((r) => r.n)).toEqual(['b', 'a', 'c']);
  });
});
