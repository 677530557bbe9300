// Kubernetes label-selector strings (`kubectl get pods -l …`): the syntax of
// k8s.io/apimachinery/pkg/labels.Parse, matched against an object's labels.
// Pure; a bad selector is a SelectorSyntaxError with a one-line message.

export type Requirement =
  | { key: string; op: 'exists' | 'absent' }
  | { key: string; op: 'in' | 'notin'; values: string[] };

export class SelectorSyntaxError extends Error {
  override readonly name = 'SelectorSyntaxError';
}

// Label keys: optional DNS-subdomain prefix, then a name; values may be empty.
const KEY = /^([a-z0-9]([-a-z0-9.]*[a-z0-9])?\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const VALUE = /^([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?$/;

function checkKey(key: string, selector: string): string {
  if (!KEY.test(key) || key.length > 317) throw new SelectorSyntaxError(`invalid label key "${key}" in selector "${selector}"`);
  return key;
}

function checkValue(value: string, selector: string): string {
  if (!VALUE.test(value) || value.length > 63) throw new SelectorSyntaxError(`invalid label value "${value}" in selector "${selector}"`);
  return value;
}

/** Splits on commas that are not inside a `( … )` set. */
function splitTop(selector: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < selector.length; i++) {
    const c = selector[i];
    if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === ',' && depth === 0) {
      parts.push(selector.slice(start, i));
      start = i + 1;
    }
    if (depth < 0) throw new SelectorSyntaxError(`unbalanced ")" in selector "${selector}"`);
  }
  if (depth !== 0) throw new SelectorSyntaxError(`unbalanced "(" in selector "${selector}"`);
  parts.push(selector.slice(start));
  return parts.map((p) => p.trim());
}

/** `app=traefik,tier in (edge,lb),!legacy` → requirements (all must hold). An empty selector selects everything. */
export function parseSelector(selector: string): Requirement[] {
  const text = selector.trim();
  if (text === '') return [];
  return splitTop(text).map((part): Requirement => {
    if (part === '') throw new SelectorSyntaxError(`empty requirement in selector "${selector}"`);
    const set = /^(\S+)\s+(in|notin)\s*\((.*)\)$/.exec(part);
    if (set) {
      const values = (set[3] ?? '').split(',').map((v) => checkValue(v.trim(), selector));
      return { key: checkKey(set[1] ?? '', selector), op: set[2] === 'in' ? 'in' : 'notin', values };
    }
    if (part.startsWith('!')) return { key: checkKey(part.slice(1).trim(), selector), op: 'absent' };
    const eq = /^([^=!\s]+)\s*(==|=|!=)\s*(.*)$/.exec(part);
    if (eq) {
      const value = checkValue((eq[3] ?? '').trim(), selector);
      return { key: checkKey(eq[1] ?? '', selector), op: eq[2] === '!=' ? 'notin' : 'in', values: [value] };
    }
    return { key: checkKey(part, selector), op: 'exists' };
  });
}

export function matchesSelector(labels: Readonly<Record<string, string>> | null | undefined, reqs: readonly Requirement[]): boolean {
  return reqs.every((r) => {
    const has = labels !== null && labels !== undefined && Object.hasOwn(labels, r.key);
    const value = has ? labels?.[r.key] : undefined;
    switch (r.op) {
      case 'exists':
        return has;
      case 'absent':
        return !has;
      case 'in':
        return value !== undefined && r.values.includes(value);
      case 'notin':
        return value === undefined || !r.values.includes(value);
    }
  });
}

/** A Service's selector map as selector text ("a=b,c=d"). */
export function selectorText(map: Readonly<Record<string, string>>): string {
  return Object.entries(map)
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
}
