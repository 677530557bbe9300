// Severity (and verdict tone) shown as an icon plus a word — never by colour alone.
import type { ReactElement } from 'react';

export type ToneName = 'error' | 'warning' | 'info' | 'ok' | 'unknown';

export const TONE_WORD: Record<ToneName, string> = {
  error: 'Error',
  warning: 'Warning',
  info: 'Info',
  ok: 'OK',
  unknown: 'Unknown',
};

const GLYPH: Record<ToneName, ReactElement> = {
  error: (
    <>
      <circle cx="8" cy="8" r="7" />
      <path d="M5.2 5.2l5.6 5.6M10.8 5.2l-5.6 5.6" className="glyph-stroke" />
    </>
  ),
  warning: (
    <>
      <path d="M8 1.2L15.2 14.3H0.8Z" />
      <path d="M8 5.6v4.4" className="glyph-stroke" />
      <circle cx="8" cy="12" r="0.9" className="glyph-dot" />
    </>
  ),
  info: (
    <>
      <circle cx="8" cy="8" r="7" />
      <path d="M8 7v4.6" className="glyph-stroke" />
      <circle cx="8" cy="4.6" r="0.9" className="glyph-dot" />
    </>
  ),
  ok: (
    <>
      <circle cx="8" cy="8" r="7" />
      <path d="M4.6 8.3l2.3 2.3 4.5-4.8" className="glyph-stroke" />
    </>
  ),
  unknown: (
    <>
      <circle cx="8" cy="8" r="7" />
      <path d="M6.1 6.1a1.9 1.9 0 1 1 2.6 1.8c-.5.2-.7.6-.7 1.1v.6" className="glyph-stroke" />
      <circle cx="8" cy="11.8" r="0.9" className="glyph-dot" />
    </>
  ),
};

export function ToneIcon({ tone, size = 16 }: { tone: ToneName; size?: number }) {
  return (
    <svg className={`tone-icon tone-${tone}`} width={size} height={size} viewBox="0 0 16 16" aria-hidden="true" focusable="false">
      {GLYPH[tone]}
    </svg>
  );
}

/** Icon + word, e.g. "⨂ Error". `label` overrides the word (a verdict's own word). */
export function ToneBadge({ tone, label }: { tone: ToneName; label?: string }) {
  return (
    <span className={`tone-badge tone-${tone}`}>
      <ToneIcon tone={tone} />
      <span>{label ?? TONE_WORD[tone]}</span>
    </span>
  );
}
