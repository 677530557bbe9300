// The error and "not up to date" states every page shares: what failed, the API's code and
// status, and a retry. A page is never blank and never hides a failed refresh.
import type { ApiError } from '@/lib/client/api';
import { ToneBadge } from './severity';

export function LoadError({ title, error, onRetry, retrying, level = 2 }: { title: string; error: ApiError; onRetry: () => void; retrying: boolean; level?: 2 | 3 }) {
  const Heading = level === 2 ? 'h2' : 'h3';
  return (
    <div className="card error-state" role="alert">
      <Heading>
        <ToneBadge tone="error" label={title} />
      </Heading>
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

/** Shown above data still on screen when its background refresh failed. `what`: "report", "sample"… */
export function StaleNotice({ what, error, since, onRetry, retrying }: { what: string; error: ApiError; since: string; onRetry: () => void; retrying: boolean }) {
  return (
    <div className="stale-notice" role="status">
      <ToneBadge tone="warning" label="Not up to date" />
      <span>
        Showing the {what} from {since}; the latest refresh failed: {error.message}
      </span>
      <button type="button" className="link-button" onClick={onRetry} disabled={retrying}>
        {retrying ? 'Retrying…' : 'Retry now'}
      </button>
    </div>
  );
}

/** An analyzer threw: its findings cannot be trusted, so say so instead of showing "none". */
export function AnalysisError({ message }: { message: string }) {
  return (
    <div className="card error-state" role="alert" data-testid="analysis-error">
      <ToneBadge tone="error" label="Analysis failed" />
      <p className="error-message">{message}</p>
    </div>
  );
}
