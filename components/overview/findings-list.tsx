// All findings, grouped error → warning → info, each group with its count.
import type { Finding, Severity } from '@/lib/model';
import { ToneBadge } from '../severity';
import { findingAnchors, SECTION_IDS } from './anchors';
import { FindingCard } from './finding-card';
import { describeCounts, severityCounts } from './severity-counts';

const GROUPS: ReadonlyArray<{ severity: Severity; title: string }> = [
  { severity: 'error', title: 'Errors' },
  { severity: 'warning', title: 'Warnings' },
  { severity: 'info', title: 'Info' },
];

export function FindingsList({ findings }: { findings: readonly Finding[] }) {
  const anchors = findingAnchors(findings);
  const counts = severityCounts(findings);
  return (
    <section className="section" id={SECTION_IDS.findings} aria-labelledby="findings-title">
      <div className="section-head">
        <h2 id="findings-title">Findings</h2>
        <p className="section-sub">{findings.length > 0 ? describeCounts(counts) : 'none'}</p>
      </div>
      {findings.length === 0 ? (
        <p className="card empty-note">
          <ToneBadge tone="ok" label="No findings" /> None of the load-balancer rules fired on this cluster.
        </p>
      ) : (
        GROUPS.filter((g) => counts[g.severity] > 0).map((g) => (
          <section key={g.severity} className={`finding-group group-${g.severity}`} aria-labelledby={`findings-${g.severity}`}>
            <h3 id={`findings-${g.severity}`} className="group-title">
              <ToneBadge tone={g.severity} label={g.title} /> <span className="count">{counts[g.severity]}</span>
            </h3>
            <div className="finding-stack">
              {findings.map((f, i) =>
                f.severity === g.severity ? <FindingCard key={anchors[i]} finding={f} anchor={anchors[i] ?? `finding-${i}`} /> : null,
              )}
            </div>
          </section>
        ))
      )}
    </section>
  );
}
