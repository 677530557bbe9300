// Designed loading, error and stale states for the Client IPs page.
import type { ApiError } from '@/lib/client/api';
import { ToneBadge } from '../severity';

export function SectionSkeleton({ label, tall = false }: { label: string; tall?: boolean }) {
  return (
    <div className="card skeleton-card" aria-busy="true">
      <p role="status" className="visually-hidden">
        {label}
      </p>
      <span className="bone bone-word" aria-hidden="true" />
      <span className="bone bone-line" aria-hidden="true" />
      {tall ? <span className="bone bone-block" aria-hidden="true" /> : <span className="bone bone-line short" aria-hidden="true" />}
    </div>
  );
}

export function LoadError({ title, error, onRetry, retrying }: { title: string; error: ApiError; onRetry: () => void; retrying: boolean }) {
  return (
    <div className="card error-state" role="alert">
      <h3>
        <ToneBadge tone="error" label={title} />
      </h3>
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

export function Stale({ error, since, onRetry, retrying }: { error: ApiError; since: string; onRetry: () => void; retrying: boolean }) {
  return (
    <div className="stale-notice" role="status">
      <ToneBadge tone="warning" label="Not up to date" />
      <span>
        Showing the sample from {since}; the latest refresh failed: {error.message}
      </span>
      <button type="button" className="link-button" onClick={onRetry} disabled={retrying}>
        {retrying ? 'Retrying…' : 'Retry now'}
      </button>
    </div>
  );
}

export function timeOf(iso: string | undefined, fallbackMs: number): string {
  const d = iso ? new Date(iso) : new Date(fallbackMs);
  return Number.isNaN(d.getTime()) ? 'an unknown time' : d.toLocaleTimeString();
}
