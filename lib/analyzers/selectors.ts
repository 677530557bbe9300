// Kubernetes label selectors: a Service's plain map, and the LabelSelector
// (matchLabels + matchExpressions) used by L2Advertisement nodeSelectors.
import type { LabelSelector } from '../model/kube';

type Labels = Readonly<Record<string, string>> | null | undefined;

/** A Service selector: every pair must be present. An empty map selects nothing (as for Services). */
export function matchesServiceSelector(labels: Labels, selector: Labels): boolean {
  if (!selector || !labels) return false;
  let any = false;
  for (const k in selector) {
    any = true;
    if (labels[k] !== selector[k]) return false;
  }
  return any;
}

/** A LabelSelector: all matchLabels and all matchExpressions must hold; an empty selector matches everything. */
export function matchesLabelSelector(labels: Labels, selector: LabelSelector): boolean {
  for (const [k, v] of Object.entries(selector.matchLabels ?? {})) {
    if (labels?.[k] !== v) return false;
  }
  for (const expr of selector.matchExpressions ?? []) {
    const has = labels !== null && labels !== undefined && Object.hasOwn(labels, expr.key);
    const value = has ? labels?.[expr.key] : undefined;
    const values = expr.values ?? [];
    switch (expr.operator) {
      case 'In':
        if (!has || value === undefined || !values.includes(value)) return false;
        break;
      case 'NotIn':
        if (has && value !== undefined && values.includes(value)) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
      default:
        // An operator the API server would reject: match nothing rather than guess.
        return false;
    }
  }
  return true;
}

export function describeLabelSelector(selector: LabelSelector): string {
  const parts = Object.entries(selector.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`);
  for (const e of selector.matchExpressions ?? []) {
    const vals = e.values ?? [];
    if (e.operator === 'Exists') parts.push(e.key);
    else if (e.operator === 'DoesNotExist') parts.push(`!${e.key}`);
    else parts.push(`${e.key} ${e.operator.toLowerCase() === 'notin' ? 'notin' : 'in'} (${vals.join(',')})`);
  }
  return parts.length > 0 ? parts.join(', ') : '(all nodes)';
}
