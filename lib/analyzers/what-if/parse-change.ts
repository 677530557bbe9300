// The what-if change syntax shared by `edgelens cluster --what-if` and
// `GET /api/v1/cluster?whatIf=`: "NS/NAME:etp=Local,ip=10.0.20.203,key=KEY".
// `key=` with nothing after it removes the sharing key. Pure; every mistake is a
// WhatIfError whose one-line message names the bad part.
import type { WhatIfChange } from '../../model/cluster';
import { formatIp, parseIp } from '../ip';

/** A what-if request that cannot be applied: bad syntax, or a Service the snapshot does not have. */
export class WhatIfError extends Error {
  override readonly name = 'WhatIfError';
}

// Kubernetes object names: namespaces are DNS-1123 labels, Service names DNS-1035 labels.
const NAMESPACE = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const SERVICE_NAME = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
// Sharing keys end up in the kubectl commands of the checklist: keep them shell-safe.
const SHARING_KEY = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

function quote(text: string): string {
  const shown = text.length > 120 ? `${text.slice(0, 117)}…` : text;
  return JSON.stringify(shown); // escapes newlines: the message stays one line
}

export function parseWhatIfChange(text: string): WhatIfChange {
  function fail(why: string): never {
    throw new WhatIfError(`invalid what-if ${quote(text)}: ${why}`);
  }
  const input = text.trim();
  const colon = input.indexOf(':');
  if (colon < 0) fail('expected NS/NAME:etp=Local|Cluster,ip=IP,key=KEY');
  const target = input.slice(0, colon).trim();
  const slash = target.indexOf('/');
  if (slash < 0) fail(`the Service must be NAMESPACE/NAME, got ${quote(target)}`);
  const namespace = target.slice(0, slash);
  const name = target.slice(slash + 1);
  if (!NAMESPACE.test(namespace) || namespace.length > 63) fail(`${quote(namespace)} is not a valid namespace`);
  if (!SERVICE_NAME.test(name) || name.length > 63) fail(`${quote(name)} is not a valid Service name`);

  const change: WhatIfChange = { namespace, name };
  const body = input.slice(colon + 1).trim();
  if (body === '') fail('no change given (etp=, ip= or key=)');
  const seen = new Set<string>();
  for (const rawPart of body.split(',')) {
    const part = rawPart.trim();
    const eq = part.indexOf('=');
    if (eq < 0) fail(`${quote(part)} is not KEY=VALUE (keys: etp, ip, key)`);
    const key = part.slice(0, eq).trim().toLowerCase();
    const value = part.slice(eq + 1).trim();
    if (seen.has(key)) fail(`${key}= is given twice`);
    seen.add(key);
    switch (key) {
      case 'etp': {
        const v = value.toLowerCase();
        if (v === 'local') change.etp = 'Local';
        else if (v === 'cluster') change.etp = 'Cluster';
        else fail(`etp must be Local or Cluster, got ${quote(value)}`);
        break;
      }
      case 'ip': {
        const ip = parseIp(value);
        if (!ip) fail(`ip must be an IPv4 or IPv6 address, got ${quote(value)}`);
        change.ip = formatIp(ip); // the spelling MetalLB writes in status (RFC 5952 for IPv6)
        break;
      }
      case 'key':
        if (value !== '' && !SHARING_KEY.test(value)) fail(`key must be letters, digits, '.', '_' or '-' (or empty to remove it), got ${quote(value)}`);
        change.key = value;
        break;
      default:
        fail(`unknown key ${quote(part.slice(0, eq).trim())} (keys: etp, ip, key)`);
    }
  }
  return change;
}

/** Several flags/query values; one Service may appear only once (its changes go in one value). */
export function parseWhatIfChanges(texts: readonly string[]): WhatIfChange[] {
  const out: WhatIfChange[] = [];
  const seen = new Set<string>();
  for (const t of texts) {
    const c = parseWhatIfChange(t);
    const id = `${c.namespace}/${c.name}`;
    if (seen.has(id)) throw new WhatIfError(`invalid what-if: ${id} is changed twice; put all its changes in one value (${id}:etp=…,ip=…)`);
    seen.add(id);
    out.push(c);
  }
  return out;
}

/** The flag syntax again, for commands in the checklist and headings. */
export function formatWhatIfChange(c: WhatIfChange): string {
  const parts: string[] = [];
  if (c.etp !== undefined) parts.push(`etp=${c.etp}`);
  if (c.ip !== undefined) parts.push(`ip=${c.ip}`);
  if (c.key !== undefined) parts.push(`key=${c.key}`);
  return `${c.namespace}/${c.name}:${parts.join(',')}`;
}
