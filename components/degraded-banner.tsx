'use client';
// On every page: which sources edgelens cannot read right now (GET /api/v1/health says
// "degraded"), since when and why. What the pages show from those sources is their last good
// data, stale until the source answers again.
import { useHealth } from '@/lib/client/hooks';
import { ToneBadge } from './severity';

const WHAT: Record<string, string> = {
  kube: 'Kubernetes API',
  watch: 'Kubernetes watch',
  podlogs: 'Traefik pod logs',
  crowdsec: 'CrowdSec LAPI',
  probes: 'edge probes',
  agents: 'node agents',
};

export function DegradedBanner() {
  const health = useHealth();
  const down = Object.entries(health.data?.sources ?? {}).filter(([, s]) => s.up === false);
  if (health.data?.status !== 'degraded' || down.length === 0) return null;
  return (
    <div className="stale-notice" role="status" data-testid="degraded-banner">
      <ToneBadge tone="warning" label="Degraded" />
      <span>
        {down.map(([name, s], i) => (
          <span key={name} data-source={name}>
            {i > 0 ? '; ' : ''}
            {WHAT[name] ?? name} unreachable{s.since ? ` since ${new Date(s.since).toLocaleTimeString()}` : ''}
            {s.reason ? `: ${s.reason}` : ''}
          </span>
        ))}
        . What is shown from {down.length === 1 ? 'it' : 'them'} is the last good data.
      </span>
    </div>
  );
}
