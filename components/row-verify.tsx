// A table row's "verify with kubectl": folded, so the table stays compact; each command in its
// own block with its own copy button (exactly one shell command on the clipboard).
import { CommandBlock } from './command-block';

export function RowVerify({ subject, commands }: { subject: string; commands: ReadonlyArray<string | null> }) {
  const list = commands.filter((c): c is string => c !== null);
  if (list.length === 0) return <span className="muted">–</span>;
  return (
    <details className="row-verify" data-testid="row-verify">
      <summary>
        kubectl<span className="visually-hidden"> commands that verify {subject}</span>
      </summary>
      {list.map((c) => (
        <CommandBlock key={c} command={c} label="Copy command" />
      ))}
    </details>
  );
}
