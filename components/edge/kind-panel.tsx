// One probe kind (TCP+TLS or HTTP/3) of one target: status as icon + word, success ratio, p50/p95,
// ALPN, Alt-Svc, and the last error in words.
import type { ProbeKind, ProbeKindStatus, ProbeTargetStatus } from '@/lib/model';
import { ToneBadge } from '../severity';
import { KIND_LABEL, formatPercentiles, formatRatio, kindStatusBadge, latestOk } from './edge-view';

export function KindPanel({ target, kind }: { target: ProbeTargetStatus; kind: ProbeKind }) {
  const status: ProbeKindStatus | undefined = target[kind];
  const badge = kindStatusBadge(target, status);
  const alpn = latestOk(status, 'alpn');
  const altSvc = kind === 'tcp' ? latestOk(status, 'altSvc') : null;
  return (
    <section className={`kind-panel kind-${kind}`} data-testid={`kind-${kind}`} data-verdict={status?.verdict ?? 'none'} aria-label={`${KIND_LABEL[kind]} of ${target.name}`}>
      <header className="kind-head">
        <h4>{KIND_LABEL[kind]}</h4>
        <ToneBadge tone={badge.tone} label={badge.word} />
      </header>
      {status ? (
        <dl className="kind-facts">
          <div>
            <dt>Success</dt>
            <dd data-testid="success-ratio">{formatRatio(status)}</dd>
          </div>
          <div>
            <dt>Handshake p50 / p95</dt>
            <dd data-testid="handshake-percentiles">
              {formatPercentiles(status)}
            </dd>
          </div>
          <div>
            <dt>ALPN</dt>
            <dd>{alpn ? <code>{alpn}</code> : '—'}</dd>
          </div>
          {kind === 'tcp' ? (
            <div>
              <dt>Alt-Svc</dt>
              <dd className="alt-svc-value">{altSvc ? <code>{altSvc}</code> : status.ok > 0 ? 'none (HTTP/3 not advertised)' : '—'}</dd>
            </div>
          ) : null}
        </dl>
      ) : (
        <p className="muted kind-empty">{target.probe ? 'No result yet: waiting for the first run.' : target.reason}</p>
      )}
      {status?.lastError ? (
        <div className="last-error" role="note" data-testid="last-error">
          <p className="last-error-words">
            <strong>Last error:</strong> {status.lastError.words}
          </p>
          {status.lastError.detail ? (
            <p className="last-error-detail muted">
              <code>{status.lastError.error}</code> in {status.lastError.phase}: {status.lastError.detail}
            </p>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}
