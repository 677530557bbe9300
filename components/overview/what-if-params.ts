// The what-if panel's form and the change text it sends
// (`NS/NAME:etp=Local,ip=10.0.20.203,key=KEY`; `key=` alone removes the key).
// Pure: no React, no I/O.
import type { ClusterReport, LbService } from '@/lib/model';

export interface WhatIfForm {
  /** `namespace/name`; empty means "the default choice" (Traefik). */
  service: string;
  etp: 'keep' | 'Local' | 'Cluster';
  /** New LoadBalancer IP; empty keeps the current one. */
  ip: string;
  keyMode: 'keep' | 'remove' | 'set';
  key: string;
}

export const DEFAULT_WHAT_IF: WhatIfForm = { service: '', etp: 'keep', ip: '', keyMode: 'keep', key: '' };

/** The change text, or null when the form changes nothing. */
export function changeFromForm(form: WhatIfForm, service: string): string | null {
  const parts: string[] = [];
  if (form.etp !== 'keep') parts.push(`etp=${form.etp}`);
  if (form.ip.trim() !== '') parts.push(`ip=${form.ip.trim()}`);
  if (form.keyMode === 'remove') parts.push('key=');
  if (form.keyMode === 'set') parts.push(`key=${form.key.trim()}`);
  if (service === '' || parts.length === 0) return null;
  return `${service}:${parts.join(',')}`;
}

/** Reads a change back into the form (leniently: the server judges the values). */
export function formFromChange(text: string): WhatIfForm {
  const colon = text.indexOf(':');
  const form: WhatIfForm = { ...DEFAULT_WHAT_IF, service: colon < 0 ? text.trim() : text.slice(0, colon).trim() };
  if (colon < 0) return form;
  for (const part of text.slice(colon + 1).split(',')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const key = part.slice(0, eq).trim().toLowerCase();
    const value = part.slice(eq + 1).trim();
    if (key === 'etp') form.etp = value.toLowerCase() === 'local' ? 'Local' : value.toLowerCase() === 'cluster' ? 'Cluster' : 'keep';
    else if (key === 'ip') form.ip = value;
    else if (key === 'key') {
      form.keyMode = value === '' ? 'remove' : 'set';
      form.key = value;
    }
  }
  return form;
}

export interface LbChoice {
  /** `namespace/name` */
  id: string;
  ip: string;
  svc: LbService;
}

/** Every LoadBalancer Service once, in report order. */
export function lbChoices(report: ClusterReport): LbChoice[] {
  const seen = new Set<string>();
  const out: LbChoice[] = [];
  for (const lb of report.loadBalancers) {
    for (const svc of lb.services) {
      const id = `${svc.namespace}/${svc.name}`;
      if (seen.has(id)) continue;
      seen.add(id);
      out.push({ id, ip: lb.ip, svc });
    }
  }
  return out;
}

/** Traefik (by name, preferring one with TCP/443), else the first Service. */
export function defaultChoice(choices: readonly LbChoice[]): string {
  const traefik = choices.filter((c) => /traefik/i.test(c.svc.name));
  return (traefik.find((c) => c.svc.ports.some((p) => p.toUpperCase() === 'TCP/443')) ?? traefik[0] ?? choices[0])?.id ?? '';
}

/**
 * Pool addresses the analyzers already found free (their fixes say
 * "10.0.20.202 is free in pool homelab"), minus any IP a load balancer uses.
 */
export function freePoolIps(report: ClusterReport): Array<{ ip: string; pool: string }> {
  const used = new Set(report.loadBalancers.map((lb) => lb.ip));
  const out = new Map<string, string>();
  for (const f of report.findings) {
    for (const m of f.fix.matchAll(/\b((?:\d{1,3}\.){3}\d{1,3}|[0-9a-fA-F:]*:[0-9a-fA-F:]+) is free in pool ([\w.-]+)/g)) {
      const ip = m[1];
      const pool = m[2];
      if (ip !== undefined && pool !== undefined && !used.has(ip) && !out.has(ip)) out.set(ip, pool);
    }
  }
  return [...out].map(([ip, pool]) => ({ ip, pool }));
}
