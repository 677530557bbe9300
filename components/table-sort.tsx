'use client';
// Sortable, filterable tables: click a column header to sort by it (again to
// reverse); type in the filter to keep matching rows. aria-sort on the header
// says the order to screen readers.
import { useId, useMemo, useState, type ReactNode } from 'react';

export type SortValue = string | number;

export interface SortState<K extends string> {
  key: K;
  dir: 'asc' | 'desc';
}

export function sortRows<T, K extends string>(rows: readonly T[], by: Record<K, (r: T) => SortValue>, s: SortState<K> | null): T[] {
  if (!s) return [...rows];
  const get = by[s.key];
  const sign = s.dir === 'asc' ? 1 : -1;
  return rows
    .map((r, i) => ({ r, i, v: get(r) }))
    .sort((a, b) => (a.v < b.v ? -sign : a.v > b.v ? sign : a.i - b.i))
    .map((x) => x.r);
}

export function useSortedRows<T, K extends string>(rows: readonly T[], by: Record<K, (r: T) => SortValue>, text: (r: T) => string, initial: SortState<K> | null = null) {
  const [sort, setSort] = useState<SortState<K> | null>(initial);
  const [filter, setFilter] = useState('');
  const shown = useMemo(() => {
    const q = filter.trim().toLowerCase();
    return sortRows(q === '' ? rows : rows.filter((r) => text(r).toLowerCase().includes(q)), by, sort);
  }, [rows, by, text, sort, filter]);
  const toggle = (key: K): void => setSort((s) => (s?.key === key ? { key, dir: s.dir === 'asc' ? 'desc' : 'asc' } : { key, dir: typeof by[key](rows[0] as T) === 'number' ? 'desc' : 'asc' }));
  return { shown, sort, toggle, filter, setFilter };
}

/** A column header that sorts: `<th aria-sort>` with a button inside. */
export function SortTh<K extends string>({ k, sort, toggle, children, className }: { k: K; sort: SortState<K> | null; toggle: (k: K) => void; children: ReactNode; className?: string }) {
  const active = sort?.key === k;
  return (
    <th scope="col" className={className} aria-sort={active ? (sort.dir === 'asc' ? 'ascending' : 'descending') : 'none'}>
      <button type="button" className="sort-button" onClick={() => toggle(k)}>
        {children}
        <span aria-hidden="true" className="sort-mark">
          {active ? (sort.dir === 'asc' ? '▲' : '▼') : '↕'}
        </span>
      </button>
    </th>
  );
}

export interface SortColumn<K extends string> {
  k: K;
  label: string;
  className?: string;
}

/** A table's run of sortable header cells, in column order. */
export function SortThs<K extends string>({ cols, sort, toggle }: { cols: ReadonlyArray<SortColumn<K>>; sort: SortState<K> | null; toggle: (k: K) => void }) {
  return (
    <>
      {cols.map((c) => (
        <SortTh key={c.k} k={c.k} sort={sort} toggle={toggle} className={c.className}>
          {c.label}
        </SortTh>
      ))}
    </>
  );
}

export function TableFilter({ value, onChange, label, count, total }: { value: string; onChange: (v: string) => void; label: string; count: number; total: number }) {
  const id = useId();
  return (
    <div className="table-filter">
      <label htmlFor={id} className="field-label">
        {label}
      </label>
      <input id={id} className="input input-small" type="search" value={value} onChange={(e) => onChange(e.target.value)} placeholder="Filter…" />
      <span className="muted" role="status">
        {count === total ? `${total} rows` : `${count} of ${total} rows`}
      </span>
    </div>
  );
}
