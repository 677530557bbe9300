'use client';
// An editable list of address:port rows (HAProxy backends or binds).
import type { EndpointRow } from './fix-params';

export function EndpointRows({
  noun,
  rows,
  onChange,
  invalidRow,
  describedBy,
  newRow,
  addressPlaceholder,
}: {
  /** "backend" or "bind": used in every label, so each input has its own name. */
  noun: string;
  rows: readonly EndpointRow[];
  onChange: (rows: EndpointRow[]) => void;
  /** The row the current problem is about, if any. */
  invalidRow?: number;
  describedBy?: string;
  newRow: EndpointRow;
  addressPlaceholder: string;
}) {
  const set = (i: number, patch: Partial<EndpointRow>): void => onChange(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  return (
    <div className="endpoint-rows">
      <ul className="endpoint-list">
        {rows.map((r, i) => {
          const invalid = invalidRow === i;
          return (
            <li key={i} className="endpoint-row">
              <input
                className="input endpoint-address"
                type="text"
                inputMode="text"
                autoComplete="off"
                spellCheck={false}
                aria-label={`${noun} ${i + 1} address`}
                placeholder={addressPlaceholder}
                value={r.address}
                aria-invalid={invalid || undefined}
                aria-describedby={invalid ? describedBy : undefined}
                onChange={(e) => set(i, { address: e.target.value })}
              />
              <span className="endpoint-colon" aria-hidden="true">
                :
              </span>
              <input
                className="input endpoint-port"
                type="text"
                inputMode="numeric"
                autoComplete="off"
                aria-label={`${noun} ${i + 1} port`}
                placeholder="port"
                value={r.port}
                aria-invalid={invalid || undefined}
                aria-describedby={invalid ? describedBy : undefined}
                onChange={(e) => set(i, { port: e.target.value })}
              />
              <button
                type="button"
                className="icon-button"
                aria-label={`Remove ${noun} ${i + 1}`}
                title={`Remove ${noun} ${i + 1}`}
                onClick={() => onChange(rows.filter((_, j) => j !== i))}
              >
                <svg width="14" height="14" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
                  <path d="M4 4l8 8M12 4l-8 8" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" />
                </svg>
              </button>
            </li>
          );
        })}
      </ul>
      <button type="button" className="link-button" onClick={() => onChange([...rows, newRow])}>
        + Add {noun}
      </button>
    </div>
  );
}
