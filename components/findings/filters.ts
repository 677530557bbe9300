// The combined findings view's filters, kept in the URL (?severity=&rule=&ns=&ip=&source=)
// so a badge, a bookmark or a chat message opens the same filtered list. Pure.
import { FINDING_SOURCES, namespacesOf, type FindingSource, type SourcedFinding } from './sources';

export interface FindingFilters {
  severity: '' | 'error' | 'warning' | 'info';
  rule: string;
  ns: string;
  ip: string;
  source: '' | FindingSource;
}

export const NO_FILTERS: FindingFilters = { severity: '', rule: '', ns: '', ip: '', source: '' };

export function filtersFromParams(p: URLSearchParams): FindingFilters {
  const sev = p.get('severity') ?? '';
  const src = p.get('source') ?? '';
  return {
    severity: sev === 'error' || sev === 'warning' || sev === 'info' ? sev : '',
    rule: p.get('rule') ?? '',
    ns: p.get('ns') ?? '',
    ip: p.get('ip') ?? '',
    source: FINDING_SOURCES.find((s) => s === src) ?? '',
  };
}

export function paramsFromFilters(f: FindingFilters): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(f)) if (v !== '') p.set(k, v);
  return p.toString();
}

/** The IP a finding is about: its `ip`, else an address in its subjects (edge targets are "host:port"). */
function ipsOf(x: SourcedFinding): string[] {
  const out = x.finding.ip ? [x.finding.ip] : [];
  for (const s of x.finding.subjects) {
    const m = /^(\d{1,3}(?:\.\d{1,3}){3})(?::\d+)?$/.exec(s.name);
    if (m?.[1]) out.push(m[1]);
  }
  return out;
}

export function applyFilters(list: readonly SourcedFinding[], f: FindingFilters): SourcedFinding[] {
  return list.filter(
    (x) =>
      (f.severity === '' || x.finding.severity === f.severity) &&
      (f.rule === '' || x.finding.rule === f.rule) &&
      (f.ns === '' || namespacesOf(x.finding).includes(f.ns)) &&
      (f.ip === '' || ipsOf(x).includes(f.ip) || x.finding.message.includes(f.ip)) &&
      (f.source === '' || x.source === f.source),
  );
}

/** The values each filter can take, from the unfiltered list (sorted, each once). */
export function filterOptions(list: readonly SourcedFinding[]): { rules: string[]; namespaces: string[]; ips: string[] } {
  const sorted = (xs: Iterable<string>): string[] => [...new Set(xs)].sort();
  return {
    rules: sorted(list.map((x) => x.finding.rule)),
    namespaces: sorted(list.flatMap((x) => namespacesOf(x.finding))),
    ips: sorted(list.flatMap(ipsOf)),
  };
}
