'use client';
// Outages from the cluster config, said on every page that reads the same
// cluster: a Service without an IP or with its traffic dropped comes before any
// log share or probe number, so the pages tell one story.
import { useCluster } from '@/lib/client/hooks';
import { allFindings, errorsWorstFirst, isOutage, statusLine } from './findings/sources';
import { ToneBadge } from './severity';

export function ClusterOutageNotice() {
  const cluster = useCluster().data;
  if (!cluster) return null;
  const outages = errorsWorstFirst(allFindings({ cluster: cluster.findings })).filter((x) => isOutage(x.finding));
  if (outages.length === 0) return null;
  return (
    <div className="card cluster-outage" role="status" data-testid="cluster-outage">
      <ToneBadge tone="error" label="Cluster outage" />
      <ul>
        {outages.map((x) => (
          <li key={x.anchor}>
            <a href={`/#${x.anchor}`}>{statusLine(x.finding)}</a>
          </li>
        ))}
      </ul>
      <p className="muted">The numbers below describe the traffic that still arrives; they say nothing about clients of these Services.</p>
    </div>
  );
}
