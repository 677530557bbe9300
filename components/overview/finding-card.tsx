// One finding, read top to bottom: what is wrong, the evidence, why it
// matters, the fix.
import type { Finding, Subject } from '@/lib/model';
import { CopyButton } from '../copy-button';
import { ToneBadge } from '../severity';
import { lbAnchor } from './anchors';

function subjectText(s: Subject): string {
  return `${s.kind} ${s.namespace ? `${s.namespace}/` : ''}${s.name}`;
}

export function FindingCard({ finding: f, anchor }: { finding: Finding; anchor: string }) {
  const titleId = `${anchor}-title`;
  return (
    <article className={`card finding sev-${f.severity}`} id={anchor} data-testid="finding" data-rule={f.rule} aria-labelledby={titleId}>
      <header className="finding-head">
        <ToneBadge tone={f.severity} />
        <code className="rule-id">{f.rule}</code>
        {f.ip ? (
          <span className="finding-ip">
            on <a href={`#${lbAnchor(f.ip)}`}>{f.ip}</a>
          </span>
        ) : null}
        <a className="permalink" href={`#${anchor}`} aria-label={`Link to this ${f.rule} finding`}>
          #
        </a>
      </header>
      <h4 id={titleId} className="finding-message">
        {f.message}
      </h4>
      {f.subjects.length > 0 ? (
        <ul className="subjects" aria-label="Objects involved">
          {f.subjects.map((s) => (
            <li key={subjectText(s)}>
              <code>{subjectText(s)}</code>
            </li>
          ))}
        </ul>
      ) : null}
      {f.evidence.length > 0 ? (
        <section className="finding-part">
          <h5>Evidence</h5>
          <ul className="evidence">
            {f.evidence.map((e, i) => (
              <li key={i}>{e}</li>
            ))}
          </ul>
        </section>
      ) : null}
      {f.why ? (
        <section className="finding-part">
          <h5>Why it matters</h5>
          <p>{f.why}</p>
        </section>
      ) : null}
      <section className="finding-part">
        <h5>Fix</h5>
        <div className="code-block">
          <pre>
            <code>{f.fix}</code>
          </pre>
          <CopyButton text={f.fix} label="Copy fix" />
        </div>
      </section>
    </article>
  );
}
