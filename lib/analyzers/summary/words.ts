// Numbers and lists in the answers' sentences (locale-independent). Pure.
import { fmtInt } from '../../model/numbers';
import { summarizeRange } from '../../net/range';

export { fmtInt, fmtPct } from '../../model/numbers';

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
