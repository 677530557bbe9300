// One finding, read top to bottom: what is wrong (always visible), then — behind
// one click, opened by a link to it — the evidence, why it matters, the fix as
// steps with one command block each. `level` is the message's heading level, so
// the card fits the page's outline (h2 section → h3, h3 group → h4).
import type { Finding, Subject } from '@/lib/model';
import { FixSteps } from '../fix-steps';
import { HashDetails } from '../hash-details';
import { ToneBadge } from '../severity';
import { lbAnchor } from './anchors';

function subjectText(s: Subject): string {
  return `${s.kind} ${s.namespace ? `${s.namespace}/` : ''}${s.name}`;
}

export function FindingCard({ finding: f, anchor, level = 4 }: { finding: Finding; anchor: string; level?: 3 | 4 }) {
  const titleId = `${anchor}-title`;
  const Title = level === 3 ? 'h3' : 'h4';
  const Part = level === 3 ? 'h4' : 'h5';
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
      <Title id={titleId} className="finding-message">
        {f.message}
      </Title>
      {f.subjects.length > 0 ? (
        <ul className="subjects" aria-label="Objects involved">
          {f.subjects.map((s) => (
            <li key={subjectText(s)}>
              <code>{subjectText(s)}</code>
            </li>
          ))}
        </ul>
      ) : null}
      <HashDetails anchor={anchor} className="finding-more" summary={`Evidence, why it matters and the fix${f.steps?.some((s) => s.command) ? ' (commands)' : ''}`}>
        {f.evidence.length > 0 ? (
          <section className="finding-part">
            <Part>Evidence</Part>
            <ul className="evidence">
              {f.evidence.map((e, i) => (
                <li key={i}>{e}</li>
              ))}
            </ul>
          </section>
        ) : null}
        {f.why ? (
          <section className="finding-part">
            <Part>Why it matters</Part>
            <p>{f.why}</p>
          </section>
        ) : null}
        <section className="finding-part">
          <Part>Fix</Part>
          <FixSteps finding={f} />
        </section>
      </HashDetails>
    </article>
  );
}
