// One shell command in its own block with its own copy button: the button puts
// exactly this command on the clipboard, nothing around it. Wrapped rather than
// scrolled, so the block needs no focus stop of its own.
import { CopyButton } from './copy-button';

export function CommandBlock({ command, label = 'Copy command' }: { command: string; label?: string }) {
  return (
    <div className="command-block" data-testid="command-block">
      <pre>
        <code>{command}</code>
      </pre>
      <CopyButton text={command} label={label} />
    </div>
  );
}

/** Commands listed under a short label ("Verify", "Rollback"); nothing when there are none. */
export function CommandList({ commands, label }: { commands: readonly string[] | undefined; label: string }) {
  if (!commands || commands.length === 0) return null;
  return (
    <div className="command-list" aria-label={`${label} commands`} role="group">
      {commands.map((c, i) => (
        <CommandBlock key={`${i}-${c}`} command={c} />
      ))}
    </div>
  );
}
