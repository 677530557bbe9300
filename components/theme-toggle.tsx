'use client';
// The theme picker: System (prefers-color-scheme), Light or Dark.
import { useEffect, useId, useState } from 'react';
import { resolveTheme, THEME_KEY, type ThemeChoice } from './theme';

function readChoice(): ThemeChoice {
  try {
    const v = localStorage.getItem(THEME_KEY);
    return v === 'light' || v === 'dark' ? v : 'system';
  } catch {
    return 'system';
  }
}

export function ThemeToggle() {
  const [choice, setChoice] = useState<ThemeChoice>('system');
  const id = useId();
  useEffect(() => setChoice(readChoice()), []);

  function change(next: ThemeChoice): void {
    setChoice(next);
    try {
      if (next === 'system') localStorage.removeItem(THEME_KEY);
      else localStorage.setItem(THEME_KEY, next);
    } catch {
      // Private mode: the choice lasts for this page only.
    }
    document.documentElement.setAttribute('data-theme', resolveTheme(next, window.matchMedia('(prefers-color-scheme: dark)').matches));
  }

  return (
    <div className="theme-toggle">
      <label htmlFor={`${id}-theme`} className="theme-label">
        Theme
      </label>
      <select id={`${id}-theme`} className="input input-small" value={choice} onChange={(e) => change(e.target.value === 'light' || e.target.value === 'dark' ? e.target.value : 'system')}>
        <option value="system">System</option>
        <option value="light">Light</option>
        <option value="dark">Dark</option>
      </select>
    </div>
  );
}
