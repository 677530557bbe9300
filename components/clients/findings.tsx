// Findings of this page, with the Overview's finding card (what, evidence, why, fix).
// The same rule often fires once per router: the first card is open, the rest of
// that rule sit behind one "show more" so the page stays readable.
import type { Finding } from '@/lib/model';
import { FindingCard } from '../overview/finding-card';

function anchorsOf(findings: readonly Finding[], prefix: string): string[] {
  const seen = new Map<string, number>();
  return findings.map((f) => {
    const n = seen.get(f.rule) ?? 0;
    seen.set(f.rule, n + 1);
    return `${prefix}-${f.rule}-${n}`;
  });
}

export function ClientFindings({ findings, prefix, empty, level = 3 }: { findings: readonly Finding[]; prefix: string; empty: string; level?: 3 | 4 }) {
  if (findings.length === 0) return <p className="empty-note">{empty}</p>;
  const anchors = anchorsOf(findings, prefix);
  const groups = new Map<string, Array<{ finding: Finding; anchor: string }>>();
  findings.forEach((finding, i) => {
    const list = groups.get(finding.rule) ?? [];
    // The card links `ip` to the Overview's LB cards, which are not on this page; the message names the address.
    list.push({ finding: { ...finding, ip: undefined }, anchor: anchors[i] ?? `${prefix}-${i}` });
    groups.set(finding.rule, list);
  });
  return (
    <div className="finding-stack">
      {[...groups].map(([rule, list]) => {
        const [first, ...rest] = list;
        if (!first) return null;
        return (
          <div key={rule} className="finding-stack">
            <FindingCard finding={first.finding} anchor={first.anchor} level={level} />
            {rest.length > 0 ? (
              <details className="more-findings">
                <summary>
                  {rest.length} more <code>{rule}</code> finding{rest.length === 1 ? '' : 's'}:{' '}
                  {rest
                    .map((r) => r.finding.subjects[0]?.name)
                    .filter(Boolean)
                    .join(', ')}
                </summary>
                <div className="finding-stack">
                  {rest.map((r) => (
                    <FindingCard key={r.anchor} finding={r.finding} anchor={r.anchor} level={level} />
                  ))}
                </div>
              </details>
            ) : null}
          </div>
        );
      })}
    </div>
  );
}
