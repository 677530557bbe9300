// Designed loading, error and empty states: the page is never blank.
import type { ApiError } from '@/lib/client/api';
import { ToneBadge } from '../severity';

export function OverviewSkeleton() {
  return (
    <div className="skeleton" aria-busy="true">
      <p role="status" className="visually-hidden">
        Loading the cluster report…
      </p>
      <div className="verdict-grid" aria-hidden="true">
        {[0, 1, 2].map((i) => (
          <div key={i} className="card verdict skeleton-card">
            <span className="bone bone-line" />
            <span className="bone bone-word" />
            <span className="bone bone-figure" />
            <span className="bone bone-line" />
            <span className="bone bone-line short" />
          </div>
        ))}
      </div>
      <div className="card skeleton-card skeleton-lb" aria-hidden="true">
        <span className="bone bone-word" />
        <span className="bone bone-block" />
      </div>
    </div>
  );
}

export function ErrorState({ error, onRetry, retrying }: { error: ApiError; onRetry: () => void; retrying: boolean }) {
  return (
    <div className="card error-state" role="alert">
      <h2>
        <ToneBadge tone="error" label="Could not load the cluster report" />
      </h2>
      <p className="error-message">{error.message}</p>
      <p className="muted">
        code <code>{error.code}</code>
        {error.status > 0 ? (
          <>
            {' '}
            · HTTP <code>{error.status}</code>
          </>
        ) : null}
      </p>
      <button type="button" className="button" onClick={onRetry} disabled={retrying}>
        {retrying ? 'Retrying…' : 'Retry'}
      </button>
    </div>
  );
}

/** Shown above a report that is still on screen when a background refresh failed. */
export function StaleNotice({ error, onRetry, retrying, since }: { error: ApiError; onRetry: () => void; retrying: boolean; since: string }) {
  return (
    <div className="stale-notice" role="status">
      <ToneBadge tone="warning" label="Not up to date" />
      <span>
        Showing the report from {since}; the latest refresh failed: {error.message}
      </span>
      <button type="button" className="link-button" onClick={onRetry} disabled={retrying}>
        {retrying ? 'Retrying…' : 'Retry now'}
      </button>
    </div>
  );
}

export function EmptyLoadBalancers() {
  return (
    <div className="card empty-state">
      <h3>No LoadBalancer services found</h3>
      <p>
        edgelens looks for Services of <code>type: LoadBalancer</code> and the IPs MetalLB gave them. This cluster has none — or edgelens could
        not read them (see below).
      </p>
    </div>
  );
}
