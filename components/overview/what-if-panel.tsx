'use client';
// "What if I change this Service?" — pick a LoadBalancer Service, set its
// traffic policy, IP and sharing key, and preview the cluster MetalLB would
// produce. The preview lives in the URL (`?whatIf=…#what-if`), so it can be shared.
import { useSearchParams } from 'next/navigation';
import { useEffect, useId, useMemo, useState, type FormEvent } from 'react';
import { useWhatIf } from '@/lib/client/hooks';
import type { ClusterReport } from '@/lib/model';
import { ToneBadge } from '../severity';
import { SECTION_IDS } from './anchors';
import { DEFAULT_WHAT_IF, changeFromForm, defaultChoice, formFromChange, freePoolIps, lbChoices, type WhatIfForm } from './what-if-params';
import { WhatIfResult } from './what-if-result';

const PARAM = 'whatIf';

/** Puts the preview in the URL as a history entry (Back returns to the previous preview). */
function pushChanges(changes: readonly string[]): void {
  const params = new URLSearchParams(window.location.search);
  params.delete(PARAM);
  for (const c of changes) params.append(PARAM, c);
  const search = params.toString();
  window.history.pushState(null, '', `${window.location.pathname}${search ? `?${search}` : ''}#${SECTION_IDS.whatIf}`);
}

export function WhatIfPanel({ report }: { report: ClusterReport }) {
  const searchParams = useSearchParams();
  const changes = useMemo(() => searchParams.getAll(PARAM), [searchParams]);
  const changesKey = changes.join('\n');
  const [form, setForm] = useState<WhatIfForm>(() => (changes[0] ? formFromChange(changes[0]) : DEFAULT_WHAT_IF));
  const [hint, setHint] = useState<string | null>(null);
  const id = useId();

  // A preview opened by link or by Back/Forward shows its own settings in the form.
  useEffect(() => {
    const first = changesKey.split('\n')[0];
    if (first) setForm(formFromChange(first));
  }, [changesKey]);

  const choices = useMemo(() => lbChoices(report), [report]);
  const free = useMemo(() => freePoolIps(report), [report]);
  const service = form.service !== '' ? form.service : defaultChoice(choices);
  const chosen = choices.find((c) => c.id === service);
  const preview = useWhatIf(changes);

  const patch = (p: Partial<WhatIfForm>): void => {
    setHint(null);
    setForm((f) => ({ ...f, ...p }));
  };

  function submit(e: FormEvent): void {
    e.preventDefault();
    const change = changeFromForm(form, service);
    if (change === null) {
      setHint('Choose at least one change: a traffic policy, a new IP or a sharing key.');
      return;
    }
    pushChanges([change]);
  }

  return (
    <section className="section" id={SECTION_IDS.whatIf} aria-labelledby="what-if-title" data-testid="what-if">
      <div className="section-head">
        <h2 id="what-if-title">What if…</h2>
        <p className="section-sub">Preview a change to a LoadBalancer Service before you make it.</p>
      </div>
      {choices.length === 0 ? (
        <p className="card empty-note">No LoadBalancer Service to change: the preview needs at least one.</p>
      ) : (
        <form className="card whatif-form" onSubmit={submit} aria-label="What-if change">
          <div className="whatif-fields">
            <div className="field">
              <label className="field-label" htmlFor={`${id}-svc`}>
                Service
              </label>
              <select id={`${id}-svc`} className="input" value={service} onChange={(e) => patch({ service: e.target.value })}>
                {service !== '' && !chosen ? <option value={service}>{service} (not in the cluster)</option> : null}
                {choices.map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.id} ({c.ip})
                  </option>
                ))}
              </select>
              {chosen ? (
                <p className="field-help">
                  now: {chosen.ip} · ETP {chosen.svc.externalTrafficPolicy} · key {chosen.svc.sharingKey ?? 'none'}
                </p>
              ) : null}
            </div>
  
            <fieldset className="field whatif-choice">
              <legend className="field-label">externalTrafficPolicy</legend>
              <div className="radio-row">
                {(['keep', 'Local', 'Cluster'] as const).map((v) => (
                  <label key={v} className="radio">
                    <input type="radio" name={`${id}-etp`} checked={form.etp === v} onChange={() => patch({ etp: v })} />
                    {v === 'keep' ? 'Keep' : v}
                  </label>
                ))}
              </div>
            </fieldset>
  
            <div className="field">
              <label className="field-label" htmlFor={`${id}-ip`}>
                New IP <span className="muted">(blank: keep)</span>
              </label>
              <input
                id={`${id}-ip`}
                className="input mono"
                type="text"
                autoComplete="off"
                spellCheck={false}
                list={free.length > 0 ? `${id}-free` : undefined}
                placeholder={chosen ? chosen.ip : 'e.g. 10.0.20.203'}
                value={form.ip}
                onChange={(e) => patch({ ip: e.target.value })}
              />
              {free.length > 0 ? (
                <>
                  <datalist id={`${id}-free`}>
                    {free.map((f) => (
                      <option key={f.ip} value={f.ip}>
                        free in pool {f.pool}
                      </option>
                    ))}
                  </datalist>
                  <p className="field-help">
                    Free:{' '}
                    {free.map((f, i) => (
                      <span key={f.ip}>
                        {i > 0 ? ', ' : ''}
                        <button type="button" className="link-button inline mono" onClick={() => patch({ ip: f.ip })}>
                          {f.ip}
                        </button>{' '}
                        (pool {f.pool})
                      </span>
                    ))}
                  </p>
                </>
              ) : null}
            </div>
  
            <fieldset className="field whatif-choice">
              <legend className="field-label">Sharing key</legend>
              <div className="radio-row">
                <label className="radio">
                  <input type="radio" name={`${id}-key`} checked={form.keyMode === 'keep'} onChange={() => patch({ keyMode: 'keep' })} />
                  Keep
                </label>
                <label className="radio">
                  <input type="radio" name={`${id}-key`} checked={form.keyMode === 'remove'} onChange={() => patch({ keyMode: 'remove' })} />
                  Remove
                </label>
                <label className="radio">
                  <input type="radio" name={`${id}-key`} checked={form.keyMode === 'set'} onChange={() => patch({ keyMode: 'set' })} />
                  Set
                </label>
                {form.keyMode === 'set' ? (
                  <input
                    className="input mono whatif-key"
                    type="text"
                    aria-label="New sharing key"
                    autoComplete="off"
                    spellCheck={false}
                    value={form.key}
                    onChange={(e) => patch({ key: e.target.value })}
                  />
                ) : null}
              </div>
            </fieldset>
          </div>
          <div className="whatif-actions">
            <button type="submit" className="button" disabled={preview.isFetching}>
              {preview.isFetching ? 'Previewing…' : 'Preview'}
            </button>
            {changes.length > 0 ? (
              <button type="button" className="link-button" onClick={() => pushChanges([])}>
                Clear preview
              </button>
            ) : null}
            {hint ? (
              <p className="field-help" role="status">
                {hint}
              </p>
            ) : null}
          </div>
        </form>
      )}

      {changes.length > 0 ? (
        <div className="whatif-output">
          <p className="whatif-changes">
            Previewing{' '}
            {changes.map((c) => (
              <code key={c} className="chip">
                {c}
              </code>
            ))}
          </p>
          {preview.error ? (
            <div className="form-problem" role="alert" data-testid="what-if-error">
              <ToneBadge tone="error" label="Cannot preview" />
              <p>{preview.error.message}</p>
            </div>
          ) : preview.data ? (
            <WhatIfResult whatIf={preview.data.whatIf} findingsAfter={preview.data.findings} findingsNow={report.findings} />
          ) : (
            <div className="card skeleton-card" aria-busy="true">
              <p role="status" className="visually-hidden">
                Previewing the change…
              </p>
              <span className="bone bone-line" aria-hidden="true" />
              <span className="bone bone-block" aria-hidden="true" />
            </div>
          )}
        </div>
      ) : null}
    </section>
  );
}
