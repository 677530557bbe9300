// Designed loading and empty states of the Edge page (errors: components/load-states.tsx).
import type { ProbeTargetStatus } from '@/lib/model';
import { ToneBadge } from '../severity';
import { endpointOf } from './edge-view';

export function EdgeSkeleton() {
  return (
    <div className="skeleton" aria-busy="true">
      <p role="status" className="visually-hidden">
        Loading the edge probes…
      </p>
      <div className="card skeleton-card" aria-hidden="true">
        <span className="bone bone-word" />
        <span className="bone bone-line" />
      </div>
      <div className="card skeleton-card skeleton-lb" aria-hidden="true">
        <span className="bone bone-word" />
        <span className="bone bone-block" />
      </div>
    </div>
  );
}

/** The example names the cluster's own first LoadBalancer IP when there is one, else a documentation address (RFC 5737). */
function exampleFor(ip: string | undefined): string {
  return `EDGELENS_PROBE_TARGETS='[{"name":"traefik","host":"${ip ?? '192.0.2.10'}","port":443,"sni":"app.example.org"}]'`;
}

export function NoTargets({ lbIp }: { lbIp?: string }) {
  const EXAMPLE = exampleFor(lbIp);
  return (
    <div className="card empty-state" data-testid="no-targets">
      <h2 className="empty-title">No probe targets configured — set EDGELENS_PROBE_TARGETS</h2>
      <p>
        edgelens probes only the endpoints you name: a JSON list in <code>EDGELENS_PROBE_TARGETS</code>, or a YAML/JSON file in{' '}
        <code>EDGELENS_PROBE_TARGETS_FILE</code> (re-read when it changes). Each target has a <code>name</code>, <code>host</code>,{' '}
        <code>port</code>, and optionally <code>sni</code>, <code>path</code>, <code>kinds</code> (<code>tcp</code>, <code>h3</code>),{' '}
        <code>insecure</code> and <code>lb</code>.
      </p>
      <div className="code-block">
        <pre>
          <code>{EXAMPLE}</code>
        </pre>
      </div>
      <p className="muted">
        To probe any address once, use the CLI: <code>edgelens probe h3 HOST:443</code>.
      </p>
    </div>
  );
}

export function ConfigProblem({ message }: { message: string }) {
  return (
    <div className="card config-problem" role="alert" data-testid="config-error">
      <ToneBadge tone="warning" label="The probe target list has a problem" />
      <p className="error-message">{message}</p>
    </div>
  );
}

/** Targets edgelens knows about but never sends a packet to, each with the reason. */
export function NotProbedList({ targets }: { targets: readonly ProbeTargetStatus[] }) {
  if (targets.length === 0) return null;
  return (
    <section className="section" aria-labelledby="not-probed-title" data-testid="not-probed">
      <div className="section-head">
        <h2 id="not-probed-title">Discovered, not probed</h2>
        <p className="section-sub">
          {targets.length} load-balancer {targets.length === 1 ? 'address' : 'addresses'} from the cluster
        </p>
      </div>
      <ul className="card not-probed-list">
        {targets.map((t) => (
          <li key={t.name} data-testid="not-probed-target" data-name={t.name}>
            <ToneBadge tone="unknown" label="Not probed" /> <code>{endpointOf(t)}</code>{' '}
            <span className="muted">
              ({t.kinds.map((k) => `${k === 'tcp' ? 'TCP' : 'UDP'}/${t.port}`).join(', ')})
            </span>{' '}
            — {t.reason}
          </li>
        ))}
      </ul>
    </section>
  );
}
