// A finding's fix as numbered steps: the words, then at most one command per
// step in its own block with its own copy button (docs/contract.md "Structured fixes").
import { stepsOf, type Finding } from '@/lib/model';
import { CommandBlock } from './command-block';

export function FixSteps({ finding }: { finding: Pick<Finding, 'fix' | 'steps'> }) {
  const steps = stepsOf(finding);
  if (steps.length === 1 && !steps[0]?.command) return <p className="fix-text">{steps[0]?.text}</p>;
  return (
    <ol className="fix-steps">
      {steps.map((s, i) => (
        <li key={i} className="fix-step">
          <p className="fix-text">{s.text}</p>
          {s.command ? <CommandBlock command={s.command} /> : null}
        </li>
      ))}
    </ol>
  );
}
