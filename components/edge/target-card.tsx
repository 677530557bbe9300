// One probe target: where it points, TCP and HTTP/3 side by side, the Alt-Svc verdict, the DNS
// view for hostnames, and the latency / success charts from the server's history.
import type { ProbeTargetStatus } from '@/lib/model';
import { LatencyChart, type LatencySeries } from '../charts/latency-chart';
import { SuccessChart, type RatioSeries } from '../charts/success-chart';
import { ToneBadge } from '../severity';
import { KindPanel } from './kind-panel';
import { KIND_LABEL, altSvcTone, endpointOf, formatMs, formatPercentiles, latencyRuns, successSeries } from './edge-view';

const COLORS = { tcp: '#1b4fb8', h3: '#b54708' } as const;

function latencyLabel(t: ProbeTargetStatus): string {
  const parts = t.kinds.map((k) => {
    const s = t[k];
    if (!s) return `${KIND_LABEL[k]} not run yet`;
    const latency = formatPercentiles(s) === 'no successful sample' ? 'no successful sample in the last run' : `p50 ${formatMs(s.p50Ms)}, p95 ${formatMs(s.p95Ms)} over the last run`;
    // Over a time range the runs come from history and count their own samples.
    const ranged = s.runs.length > 0 && s.runs.every((r) => r.minMs !== undefined);
    const samples = ranged ? s.runs.reduce((n, r) => n + r.samples, 0) : s.history.length;
    return `${KIND_LABEL[k]} ${latency}; ${samples} samples charted`;
  });
  return `Handshake latency over time for ${t.name}: ${parts.join('; ')}`;
}

function successLabel(t: ProbeTargetStatus): string {
  const parts = t.kinds.map((k) => {
    const s = t[k];
    return s ? `${KIND_LABEL[k]} ${s.ok} of ${s.samples} ok in the last run (${s.runs.length} runs charted)` : `${KIND_LABEL[k]} not run yet`;
  });
  return `Success ratio per run for ${t.name}: ${parts.join('; ')}`;
}

/** `caption`: what the charts cover (the time range and how many runs), from probeChartCaption(). */
export function TargetCard({ target: t, caption }: { target: ProbeTargetStatus; caption?: string }) {
  const hasData = t.kinds.some((k) => (t[k]?.history.length ?? 0) > 0 || (t[k]?.runs.length ?? 0) > 0);
  const latency: LatencySeries[] = t.kinds.map((k) => ({ name: KIND_LABEL[k], points: latencyRuns(t[k]), color: COLORS[k], dashed: k === 'h3' }));
  const ratio: RatioSeries[] = t.kinds.map((k) => ({ name: KIND_LABEL[k], points: successSeries(t[k]), color: COLORS[k], dashed: k === 'h3' }));
  return (
    <article className="card probe-target" id={`target-${t.name}`} data-testid="probe-target" data-name={t.name} aria-labelledby={`target-${t.name}-title`}>
      <header className="target-head">
        <div className="target-title">
          <h3 id={`target-${t.name}-title`}>{t.name}</h3>
          <code className="target-endpoint">{endpointOf(t)}</code>
          {t.sni ? <span className="muted">SNI {t.sni}</span> : null}
          {t.path ? <span className="muted">path {t.path}</span> : null}
          <span className="tag" data-testid="target-source">{t.source === 'config' ? 'configured' : t.source === 'lab' ? 'lab target (loopback)' : 'discovered'}</span>
        </div>
        <div className="target-altsvc" data-testid="alt-svc-verdict" data-verdict={t.altSvc.verdict}>
          <ToneBadge tone={altSvcTone(t.altSvc.verdict)} label={t.altSvc.message} />
        </div>
      </header>
      {t.dns ? (
        <p className="target-dns muted" data-testid="target-dns">
          {t.dns.addresses.length > 0 ? (
            <>
              <code>{t.dns.name}</code> resolves to <code>{t.dns.addresses.join(', ')}</code> ({t.dns.resolver})
            </>
          ) : (
            <>
              <code>{t.dns.name}</code> does not resolve ({t.dns.resolver}): {t.dns.error}
            </>
          )}
          {t.dns.lbIps.length > 0 ? (
            <>
              {' '}
              · served by LoadBalancer <code>{t.dns.lbIps.join(', ')}</code>
            </>
          ) : null}
        </p>
      ) : null}
      <div className="kind-grid">
        {t.kinds.map((k) => (
          <KindPanel key={k} target={t} kind={k} />
        ))}
      </div>
      {caption && t.kinds.some((k) => t[k]) ? (
        <p className="chart-span target-range" data-testid="probe-range">
          {caption}
        </p>
      ) : null}
      {hasData ? (
        <div className="chart-grid">
          <figure className="chart">
            <figcaption>Handshake latency over time</figcaption>
            <LatencyChart series={latency} label={latencyLabel(t)} />
          </figure>
          <figure className="chart">
            <figcaption>Success ratio per run</figcaption>
            <SuccessChart series={ratio} label={successLabel(t)} />
          </figure>
        </div>
      ) : null}
    </article>
  );
}
