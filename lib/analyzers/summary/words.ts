// Numbers and lists in the answers' sentences (locale-independent). Pure.
import { summarizeRange } from '../../net/range';

export function fmtInt(n: number): string {
  return String(Math.round(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** 0.9734 → "97%"; never "0%"/"100%" for a share that is not exactly that. */
export function fmtPct(ratio: number): string {
  const p = ratio * 100;
  if (p <= 0) return '0%';
  if (p >= 100) return '100%';
  const r = Math.round(p);
  if (r === 0) return '<1%';
  if (r === 100) return '>99%';
  return `${r}%`;
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${fmtInt(n)} ${n === 1 ? one : many}`;
}

/** "a, b and c" (at most `max` names, then "and N more"). */
export function listNames(items: readonly string[], max = 3): string {
  if (items.length <= 1) return items[0] ?? '';
  if (items.length > max) return `${items.slice(0, max).join(', ')} and ${items.length - max} more`;
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1] ?? ''}`;
}

export function addresses(ips: readonly string[]): string {
  return summarizeRange(ips);
}

export const stripDot = (s: string): string => s.replace(/\.$/, '');
