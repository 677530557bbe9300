'use client';
// Copies a fix or an RBAC rule. The Clipboard API needs a secure context; the
// dashboard is often opened over plain http on a LAN address, so fall back to
// a hidden textarea + execCommand there.
import { useEffect, useState } from 'react';

type State = 'idle' | 'copied' | 'failed';

function legacyCopy(text: string): boolean {
  const area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.style.position = 'fixed';
  area.style.opacity = '0';
  document.body.appendChild(area);
  area.select();
  try {
    return document.execCommand('copy');
  } finally {
    area.remove();
  }
}

export function CopyButton({ text, label = 'Copy' }: { text: string; label?: string }) {
  const [state, setState] = useState<State>('idle');

  useEffect(() => {
    if (state === 'idle') return;
    const t = setTimeout(() => setState('idle'), 2_000);
    return () => clearTimeout(t);
  }, [state]);

  async function copy(): Promise<void> {
    try {
      if (navigator.clipboard && window.isSecureContext) await navigator.clipboard.writeText(text);
      else if (!legacyCopy(text)) throw new Error('execCommand copy refused');
      setState('copied');
    } catch {
      setState('failed');
    }
  }

  return (
    <button type="button" className="copy-button" onClick={() => void copy()}>
      <span aria-live="polite">{state === 'copied' ? 'Copied' : state === 'failed' ? 'Copy failed — select the text' : label}</span>
    </button>
  );
}
