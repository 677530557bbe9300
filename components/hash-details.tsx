'use client';
// A <details> that opens itself when the URL's #hash names its card, so a link
// to a finding lands on it open (on load and on later hash changes).
import { useEffect, useRef, type ReactNode } from 'react';

export function HashDetails({ anchor, summary, children, className }: { anchor: string; summary: ReactNode; children: ReactNode; className?: string }) {
  const ref = useRef<HTMLDetailsElement>(null);
  useEffect(() => {
    const sync = (): void => {
      if (decodeURIComponent(window.location.hash.slice(1)) === anchor && ref.current) ref.current.open = true;
    };
    sync();
    window.addEventListener('hashchange', sync);
    return () => window.removeEventListener('hashchange', sync);
  }, [anchor]);
  return (
    <details ref={ref} className={className}>
      <summary>{summary}</summary>
      {children}
    </details>
  );
}
