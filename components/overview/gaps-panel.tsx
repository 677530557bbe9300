// What edgelens could not see, and the RBAC rule that would let it.
import type { Gap } from '@/lib/model';
import { CopyButton } from '../copy-button';
import { ToneBadge } from '../severity';
import { SECTION_IDS } from './anchors';

const REASON: Record<Gap['reason'], string> = {
  forbidden: 'forbidden (RBAC)',
  'not-found': 'not installed',
  unreachable: 'unreachable',
  error: 'read error',
  invalid: 'invalid data',
};

export function GapsPanel({ gaps }: { gaps: readonly Gap[] }) {
  return (
    <section className="section" id={SECTION_IDS.gaps} aria-labelledby="gaps-title">
      <div className="section-head">
        <h2 id="gaps-title">What edgelens could not see</h2>
        <p className="section-sub">{gaps.length === 0 ? 'nothing missing' : `${gaps.length} ${gaps.length === 1 ? 'kind' : 'kinds'} missing`}</p>
      </div>
      {gaps.length === 0 ? (
        <p className="card empty-note">
          <ToneBadge tone="ok" label="Complete" /> edgelens read every kind it asks for.
        </p>
      ) : (
        <ul className="gap-list">
          {gaps.map((g, i) => (
            <li key={`${g.kind}-${i}`} className="card gap">
              <div className="gap-head">
                <ToneBadge tone="unknown" label={g.kind} />
                <span className="tag">{REASON[g.reason]}</span>
              </div>
              <p>{g.detail}</p>
              {g.rbac ? (
                <>
                  <p className="gap-rbac-label">Missing RBAC rule</p>
                  <div className="code-block">
                  <pre>
                    <code>{g.rbac}</code>
                  </pre>
                  <CopyButton text={g.rbac} label="Copy RBAC rule" />
                  </div>
                </>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
