'use client';
// A real link to a Blob with a `download` name: works with a click, a
// middle-click or "Save link as", and needs no server round trip.
import { useEffect, useState } from 'react';

export function DownloadLink({ text, filename, type = 'text/plain' }: { text: string; filename: string; type?: string }) {
  const [href, setHref] = useState<string | undefined>(undefined);

  useEffect(() => {
    const url = URL.createObjectURL(new Blob([text], { type: `${type};charset=utf-8` }));
    setHref(url);
    // A new text gets a new URL; the old one would keep its Blob alive.
    return () => URL.revokeObjectURL(url);
  }, [text, type]);

  return (
    <a className="file-action" href={href} download={filename} aria-disabled={href === undefined ? true : undefined}>
      <svg width="14" height="14" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
        <path d="M8 2v8M4.5 6.8L8 10.3l3.5-3.5M2.5 13.5h11" fill="none" stroke="currentColor" strokeWidth="1.7" strokeLinecap="round" strokeLinejoin="round" />
      </svg>
      Download <span className="visually-hidden">{filename}</span>
    </a>
  );
}
