// Light / dark: follows prefers-color-scheme unless the user picked one (kept in
// localStorage). The choice is applied as <html data-theme="light|dark"> by an
// inline script before first paint (THEME_SCRIPT), so no page flashes the wrong theme.
export type ThemeChoice = 'system' | 'light' | 'dark';
export const THEME_KEY = 'edgelens-theme';

/** Runs in <head> before paint; kept tiny and self-contained (it is a string). */
export const THEME_SCRIPT = `(function(){try{var k='${THEME_KEY}';var c=localStorage.getItem(k);var m=window.matchMedia('(prefers-color-scheme: dark)');var a=function(){var t=c==='light'||c==='dark'?c:(m.matches?'dark':'light');document.documentElement.setAttribute('data-theme',t);};a();m.addEventListener('change',function(){c=localStorage.getItem(k);a();});}catch(e){}})();`;

export function resolveTheme(choice: ThemeChoice, systemDark: boolean): 'light' | 'dark' {
  return choice === 'system' ? (systemDark ? 'dark' : 'light') : choice;
}
