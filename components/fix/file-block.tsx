// One generated file: what it is, where it goes, Copy and Download, then the
// text itself (not wrapped: a wrapped config line reads as two lines).
import { useId, type ReactNode } from 'react';
import { CopyButton } from '../copy-button';
import { DownloadLink } from './download-link';

export function FileBlock({
  title,
  filename,
  note,
  text,
  testId,
  blocked = null,
}: {
  /** Why Copy and Download are refused (stale output, a placeholder left); null: allowed. */
  blocked?: string | null;
  title: string;
  /** Shown as the file's name; with it, a Download link saves the text under that name. */
  filename?: string;
  note: ReactNode;
  text: string;
  testId: string;
}) {
  const headingId = useId();
  return (
    <section className="file-block" aria-labelledby={headingId} data-testid={testId}>
      <header className="file-head">
        <div className="file-title">
          <h3 id={headingId}>{title}</h3>
          {filename ? <code className="file-name">{filename}</code> : null}
        </div>
        <div className="file-actions">
          {blocked ? (
            <span className="file-blocked" data-testid="file-blocked">
              Copy and download are off: {blocked}
            </span>
          ) : (
            <>
              <CopyButton text={text} />
              {filename ? <DownloadLink text={text} filename={filename} type={filename.endsWith('.cfg') ? 'text/plain' : 'application/yaml'} /> : null}
            </>
          )}
        </div>
        <p className="file-note">{note}</p>
      </header>
      {/* A scrolling region must be focusable to scroll by keyboard; the role gives its label a meaning. */}
      <div className="code-block" role="region" tabIndex={0} aria-label={`${title} — contents${filename ? ` of ${filename}` : ''}`}>
        <pre>
          <code>{text}</code>
        </pre>
      </div>
    </section>
  );
}
