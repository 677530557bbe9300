'use client';
// One list of every finding — cluster config, access logs, CrowdSec, edge probes —
// with filters by severity, rule, namespace, IP and source kept in the URL, counts
// per group, and cards collapsed to their message (a link to a card opens it).
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useId } from 'react';
import { FindingCard } from '../overview/finding-card';
import { ToneBadge } from '../severity';
import { applyFilters, filterOptions, filtersFromParams, NO_FILTERS, paramsFromFilters, type FindingFilters } from './filters';
import { countBySeverity, FINDING_SOURCES, SOURCE_LABEL } from './sources';
import { useAllFindings } from './use-all-findings';

const GROUPS = [
  { severity: 'error', title: 'Errors' },
  { severity: 'warning', title: 'Warnings' },
  { severity: 'info', title: 'Info' },
] as const;

function Select({ label, value, options, onChange, all }: { label: string; value: string; options: ReadonlyArray<{ value: string; label: string }>; onChange: (v: string) => void; all: string }) {
  const id = useId();
  return (
    <div className="field">
      <label className="field-label" htmlFor={id}>
        {label}
      </label>
      <select id={id} className="input" value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">{all}</option>
        {value !== '' && !options.some((o) => o.value === value) ? <option value={value}>{value} (none now)</option> : null}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

export function FindingsPage() {
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const { list, states } = useAllFindings();
  const filters = filtersFromParams(new URLSearchParams(params.toString()));
  const shown = applyFilters(list, filters);
  const counts = countBySeverity(shown);
  const opts = filterOptions(list);
  const set = (patch: Partial<FindingFilters>): void => {
    const q = paramsFromFilters({ ...filters, ...patch });
    router.replace(`${pathname}${q ? `?${q}` : ''}`, { scroll: false });
  };
  const filtered = paramsFromFilters(filters) !== '';
  const waiting = states.filter((s) => s.state !== 'ok');

  return (
    <div className="findings-view" data-testid="findings-view">
      <form className="card findings-filters" aria-label="Filter findings" onSubmit={(e) => e.preventDefault()}>
        <Select label="Severity" value={filters.severity} all="All severities" onChange={(v) => set({ severity: v === 'error' || v === 'warning' || v === 'info' ? v : '' })} options={GROUPS.map((g) => ({ value: g.severity, label: g.title }))} />
        <Select label="Rule" value={filters.rule} all="All rules" onChange={(v) => set({ rule: v })} options={opts.rules.map((r) => ({ value: r, label: r }))} />
        <Select label="Namespace" value={filters.ns} all="All namespaces" onChange={(v) => set({ ns: v })} options={opts.namespaces.map((n) => ({ value: n, label: n }))} />
        <Select label="IP" value={filters.ip} all="All IPs" onChange={(v) => set({ ip: v })} options={opts.ips.map((n) => ({ value: n, label: n }))} />
        <Select label="Source" value={filters.source} all="All sources" onChange={(v) => set({ source: FINDING_SOURCES.find((s) => s === v) ?? '' })} options={FINDING_SOURCES.map((s) => ({ value: s, label: SOURCE_LABEL[s] }))} />
        {filtered ? (
          <button type="button" className="link-button" onClick={() => set(NO_FILTERS)}>
            Clear filters
          </button>
        ) : null}
      </form>

      <p className="section-sub" role="status" data-testid="findings-count">
        {shown.length} of {list.length} {list.length === 1 ? 'finding' : 'findings'} shown · {counts.error} errors, {counts.warning} warnings, {counts.info} info
        {waiting.length > 0 ? ` · ${waiting.map((s) => `${SOURCE_LABEL[s.source]} ${s.state === 'error' ? `unavailable (${s.message ?? 'error'})` : 'loading'}`).join(', ')}` : ''}
      </p>
      <ul className="count-chips" aria-label="Findings per source">
        {FINDING_SOURCES.map((s) => {
          const n = shown.filter((x) => x.source === s).length;
          return (
            <li key={s}>
              <a className="chip chip-link" href={`?${paramsFromFilters({ ...filters, source: s })}`}>
                {SOURCE_LABEL[s]} <strong>{n}</strong>
              </a>
            </li>
          );
        })}
      </ul>

      {shown.length === 0 ? (
        <p className="card empty-note">
          <ToneBadge tone="ok" label="None" /> {filtered ? 'No finding matches these filters.' : 'No rule fired on any source that answered.'}
        </p>
      ) : (
        GROUPS.filter((g) => counts[g.severity] > 0).map((g) => (
          <section key={g.severity} className={`finding-group group-${g.severity}`} aria-labelledby={`all-findings-${g.severity}`}>
            <h2 id={`all-findings-${g.severity}`} className="group-title">
              <ToneBadge tone={g.severity} label={g.title} /> <span className="count">{counts[g.severity]}</span>
            </h2>
            <div className="finding-stack">
              {shown
                .filter((x) => x.finding.severity === g.severity)
                .map((x) => (
                  <FindingCard key={x.anchor} finding={{ ...x.finding, ip: undefined }} anchor={x.anchor} level={3} />
                ))}
            </div>
          </section>
        ))
      )}
    </div>
  );
}
