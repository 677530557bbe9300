'use client';
// The Fix page: choose where HAProxy forwards to and how, and read the
// haproxy.cfg and Traefik snippets it needs — regenerated as you type. The
// whole view lives in the URL, so a link reproduces it exactly.
import { useSearchParams } from 'next/navigation';
import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { useCluster, useHaproxy } from '@/lib/client/hooks';
import { useDebounced } from '@/lib/client/use-debounced';
import type { HaproxyOutput } from '@/lib/model';
import { ToneBadge } from '../severity';
import { FixFormFields, type ClusterChoices } from './fix-form';
import { blockReason, FixFiles, FixWarnings, TrustedSummary } from './fix-output';
import { FixContext } from './fix-context';
import {
  NEW_BACKEND,
  candidateServices,
  defaultService,
  fieldOfServerMessage,
  formFromSearch,
  planRequest,
  searchFromForm,
  type EndpointRow,
  type FixForm,
  type Problem,
} from './fix-params';

/** Long enough to skip the keystrokes of one address, short enough to feel live. */
export const FIX_DEBOUNCE_MS = 300;

const SERVER_PREFIX = /^invalid haproxy input: /;

/** The websecure servers of the last output, as rows to start manual editing from. */
function rowsFrom(out: HaproxyOutput | undefined): EndpointRow[] {
  const servers = out?.servers ?? [];
  const ep = servers[0]?.entryPoint;
  const rows = servers.filter((s) => s.entryPoint === ep).map((s) => ({ address: s.address, port: String(s.port) }));
  return rows.length > 0 ? rows : [NEW_BACKEND];
}

/** On a phone the marked field can be a screen away from the message: take the user there. */
function focusInvalid(form: HTMLFormElement | null): void {
  const field = form?.querySelector<HTMLElement>('[aria-invalid="true"]');
  field?.scrollIntoView({ block: 'center' });
  field?.focus({ preventScroll: true });
}

export function FixPage() {
  const searchParams = useSearchParams();
  const urlSearch = searchParams.toString();
  const [form, setForm] = useState<FixForm>(() => formFromSearch(new URLSearchParams(urlSearch)));
  /** The search string this page last put in the URL; any other change came from navigation. */
  const written = useRef(urlSearch);
  const problemId = useId();
  const formRef = useRef<HTMLFormElement>(null);

  useEffect(() => {
    if (urlSearch === written.current) return;
    written.current = urlSearch;
    setForm(formFromSearch(new URLSearchParams(urlSearch)));
  }, [urlSearch]);

  const cluster = useCluster();
  const choices = useMemo(() => (cluster.data ? candidateServices(cluster.data) : []), [cluster.data]);
  const service = form.service !== '' ? form.service : defaultService(choices);
  // Debounced as a string (a stable value), in JSON rather than the URL form so a
  // half-typed row survives exactly as typed.
  const liveKey = JSON.stringify(form.source === 'service' ? { ...form, service } : form);
  const settledKey = useDebounced(liveKey, FIX_DEBOUNCE_MS);
  const settled = useMemo(() => JSON.parse(settledKey) as FixForm, [settledKey]);
  const settledSearch = useMemo(() => searchFromForm(settled), [settled]);

  // The settled view goes into the URL (replace: typing is not navigation).
  useEffect(() => {
    written.current = settledSearch;
    if (window.location.search.replace(/^\?/, '') === settledSearch) return;
    window.history.replaceState(null, '', `${window.location.pathname}${settledSearch ? `?${settledSearch}` : ''}${window.location.hash}`);
  }, [settledSearch]);

  const plan = useMemo(() => planRequest(settled, settled.service), [settled]);
  const query = useHaproxy(plan.kind === 'ready' ? plan.body : null);

  // The last good output stays on screen (marked stale) while the input is wrong.
  const [lastGood, setLastGood] = useState<HaproxyOutput | undefined>(undefined);
  if (query.data !== undefined && query.data !== lastGood) setLastGood(query.data);

  let problem: (Problem & { retry?: boolean }) | null = null;
  if (plan.kind === 'invalid') problem = plan.problem;
  else if (plan.kind === 'ready' && query.error) {
    problem =
      query.error.status === 400
        ? { field: fieldOfServerMessage(query.error.message, plan), message: query.error.message.replace(SERVER_PREFIX, '') }
        : { field: 'form', message: `Could not generate the config: ${query.error.message}`, retry: true };
  }
  const hint = plan.kind === 'incomplete' ? plan.hint : null;
  const stale = problem !== null || hint !== null;
  const updating = liveKey !== settledKey || query.isFetching;

  const clusterChoices: ClusterChoices = {
    state: cluster.data ? 'ready' : cluster.error ? 'error' : 'loading',
    choices,
    errorMessage: cluster.error?.message,
  };

  const patch = (p: Partial<FixForm>): void => setForm((f) => ({ ...f, ...p }));
  const toManual = (): void =>
    setForm((f) => ({ ...f, source: 'manual', backends: f.backends.length > 0 ? f.backends : rowsFrom(lastGood) }));

  return (
    <div className="fix-layout">
      <form ref={formRef} className="card fix-form" aria-label="HAProxy fix options" onSubmit={(e) => e.preventDefault()}>
        <FixFormFields
          form={form}
          onChange={patch}
          service={service}
          cluster={clusterChoices}
          problemField={problem?.field}
          problemId={problemId}
          onManual={toManual}
        />
      </form>

      <div className="fix-result">
        {form.source === 'service' ? <FixContext service={service} /> : null}
        {cluster.data === undefined && cluster.error ? (
          <p className="stale-notice" role="status" data-testid="fix-cluster-error">
            <ToneBadge tone="warning" label="Cluster unavailable" /> Could not read the cluster ({cluster.error.message}): pick the backends by hand, or retry.{' '}
            <button type="button" className="link-button" onClick={() => void cluster.refetch()}>
              Retry
            </button>
          </p>
        ) : cluster.error ? (
          <p className="stale-notice" role="status">
            <ToneBadge tone="warning" label="Not up to date" /> The cluster refresh failed ({cluster.error.message}); Services are from the last good read.
          </p>
        ) : null}
        <p className="fix-status" role="status" aria-live="polite">
          {updating ? 'Updating…' : ''}
        </p>
        {problem ? (
          <div id={problemId} className="form-problem" role="alert" data-testid="fix-problem">
            <ToneBadge tone="error" label="Cannot generate" />
            <p>{problem.message}</p>
            {problem.field !== 'form' ? (
              <button type="button" className="link-button" onClick={() => focusInvalid(formRef.current)}>
                Go to the field
              </button>
            ) : null}
            {problem.retry ? (
              <button type="button" className="link-button" onClick={() => void query.refetch()}>
                Retry
              </button>
            ) : null}
          </div>
        ) : null}
        {hint ? (
          <p className="card empty-note" data-testid="fix-hint">
            <ToneBadge tone="info" label="Almost there" /> {hint}
          </p>
        ) : null}

        {lastGood ? (
          <div className={`fix-output${stale ? ' is-stale' : ''}`} data-testid="fix-output" data-stale={stale ? 'true' : 'false'}>
            {stale ? (
              <p className="stale-notice stale-output">
                <ToneBadge tone="warning" label="Stale" />
                <span>This is the output for the last valid input; it does not match the form until the problem is fixed.</span>
              </p>
            ) : null}
            <TrustedSummary out={lastGood} />
            <FixWarnings warnings={lastGood.warnings} />
            <FixFiles out={lastGood} blocked={blockReason(stale)} />
          </div>
        ) : plan.kind === 'ready' && !problem ? (
          <div className="card skeleton-card" aria-busy="true">
            <p className="visually-hidden">Generating the config…</p>
            <span className="bone bone-word" aria-hidden="true" />
            <span className="bone bone-block" aria-hidden="true" />
          </div>
        ) : null}
      </div>
    </div>
  );
}
