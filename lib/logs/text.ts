// Number formatting for verdict explanations and finding messages
// (locale-independent, so reports are identical on every machine).
import { fmtInt } from '../model/numbers';
import { NET_ADDRESS_CLASSES } from '../net/classify';

export { fmtInt };

/** 0.9734 → "97%"; never shows 0% or 100% for a share that is not exactly that. */
export function fmtPct(ratio: number): string {
  const p = ratio * 100;
  if (p <= 0) return '0%';
  if (p >= 100) return '100%';
  const r = Math.round(p);
  if (r === 0) return p < 0.1 ? '<0.1%' : `${p.toFixed(1)}%`;
  if (r === 100) return p > 99.9 ? '>99.9%' : `${p.toFixed(1)}%`;
  return `${r}%`;
}

/** "node 1,900, private 60" for the non-zero classes among `which` (class indexes). */
export function classBreakdown(counts: readonly number[], which?: readonly number[]): string {
  const parts: string[] = [];
  for (let i = 0; i < NET_ADDRESS_CLASSES.length; i++) {
    if (which && !which.includes(i)) continue;
    const n = counts[i] ?? 0;
    if (n > 0) parts.push(`${NET_ADDRESS_CLASSES[i]} ${fmtInt(n)}`);
  }
  return parts.join(', ');
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${fmtInt(n)} ${n === 1 ? one : many}`;
}
