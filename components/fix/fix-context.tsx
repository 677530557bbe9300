'use client';
// What the current state says about this remedy, before any config: a Service
// MetalLB refused has no IP for HAProxy to stand in front of; client IPs that
// already arrive need no HAProxy at all. Same cluster and logs reads as the
// Overview, so the pages tell one story.
import { useCluster, useLogs } from '@/lib/client/hooks';
import { findingAnchors } from '../overview/anchors';
import { ToneBadge } from '../severity';

export function FixContext({ service }: { service: string }) {
  const cluster = useCluster().data;
  const logs = useLogs().data;
  if (!cluster || service === '') return null;
  const [ns, name] = service.split('/');
  const entries = cluster.loadBalancers.flatMap((lb) => lb.services.filter((s) => s.namespace === ns && s.name === name).map((s) => ({ ip: lb.ip, s })));
  const anchors = findingAnchors(cluster.findings);
  const refusedAt = cluster.findings.findIndex((f) => f.rule === 'allocation-failed' && f.subjects.some((x) => x.kind === 'Service' && x.namespace === ns && x.name === name));
  const assigned = entries.filter((e) => e.s.state === 'assigned');

  if (refusedAt >= 0 || (entries.length > 0 && assigned.length === 0)) {
    const f = refusedAt >= 0 ? cluster.findings[refusedAt] : undefined;
    return (
      <div className="card fix-context fix-context-error" role="alert" data-testid="fix-no-ip">
        <p>
          <ToneBadge tone="error" label={`${service} has no external IP`} />
        </p>
        <p>
          {f ? f.message : `MetalLB has not assigned ${service} an address.`} HAProxy cannot help until it has one: the generated config would point at pods
          nothing outside reaches through the LoadBalancer. Fix the allocation first.
        </p>
        <p>
          {refusedAt >= 0 ? <a href={`/#${anchors[refusedAt] ?? ''}`}>See the finding and its fix</a> : null}
          {refusedAt >= 0 ? ' · ' : null}
          <a href="/#what-if">Preview a change with What if…</a>
        </p>
      </div>
    );
  }

  const local = assigned.length > 0 && assigned.every((e) => e.s.externalTrafficPolicy === 'Local');
  if (logs && logs.verdict === 'preserved') {
    return (
      <div className="card fix-context" role="status" data-testid="fix-not-needed">
        <p>
          <ToneBadge tone="ok" label="You may not need this" />
        </p>
        <p>
          The access logs show real client IPs already ({logs.parsed.toLocaleString('en-US')} requests sampled, verdict preserved){local ? ` and ${service} uses externalTrafficPolicy: Local` : ''}.
          HAProxy with the PROXY protocol is the remedy only when you must keep externalTrafficPolicy: Cluster.
        </p>
      </div>
    );
  }
  if (local) {
    return (
      <div className="card fix-context" role="status" data-testid="fix-not-needed">
        <p>
          <ToneBadge tone="info" label="ETP=Local already keeps client IPs" />
        </p>
        <p>{service} uses externalTrafficPolicy: Local, which keeps client IPs without HAProxy. This config is the alternative for ETP=Cluster.</p>
      </div>
    );
  }
  return null;
}
