'use client';
// Says plainly when the dashboard shows the embedded lab rather than a real
// cluster, and lets the user switch lab scenarios in place (no reload).
import { useId } from 'react';
import { useHealth, useLabScenario, useSwitchScenario } from '@/lib/client/hooks';

export function LabBanner() {
  const health = useHealth();
  // When /api/v1/health fails, ask the lab endpoint itself (404 outside lab mode): the banner must not vanish with health.
  const lab = useLabScenario(health.data?.mode === 'lab' || (health.data === undefined && health.isError));
  const isLab = health.data?.mode === 'lab' || (health.data === undefined && lab.data !== undefined);
  const switcher = useSwitchScenario();
  const selectId = useId();

  if (!isLab) return null;

  const scenario = lab.data?.scenario ?? health.data?.scenario;
  const scenarios = lab.data?.scenarios ?? health.data?.scenarios ?? (scenario ? [scenario] : []);
  const shown = switcher.isPending ? switcher.variables : scenario;

  return (
    <section className="lab-banner" aria-label="Lab mode">
      <div className="lab-banner-inner">
        <p className="lab-banner-text">
          <svg className="lab-icon" width="18" height="18" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
            <path d="M6 1.5h4M6.8 1.5v4.3L2.4 13a1.3 1.3 0 0 0 1.1 2h9a1.3 1.3 0 0 0 1.1-2L9.2 5.8V1.5" fill="none" stroke="currentColor" strokeWidth="1.5" strokeLinejoin="round" />
            <path d="M4.3 10.5h7.4" stroke="currentColor" strokeWidth="1.5" />
          </svg>
          <span>
            <strong>Lab mode</strong> — you are looking at the embedded lab cluster, scenario{' '}
            <strong className="lab-scenario-name">{scenario ?? '…'}</strong>, not a real cluster.
          </span>
        </p>
        {scenarios.length > 0 && (
          <div className="lab-switcher">
            <label htmlFor={selectId}>Scenario</label>
            <select
              id={selectId}
              aria-label="Lab scenario"
              value={shown ?? ''}
              disabled={switcher.isPending}
              onChange={(e) => switcher.mutate(e.target.value)}
            >
              {scenarios.map((name) => (
                <option key={name} value={name}>
                  {name}
                </option>
              ))}
            </select>
            <span className="lab-status" role="status" aria-live="polite">
              {switcher.isPending ? 'Switching…' : switcher.isError ? `Could not switch: ${switcher.error.message}` : ''}
            </span>
          </div>
        )}
      </div>
    </section>
  );
}
