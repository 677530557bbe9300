// The Fix page's form, its URL (search params, so every view has a stable
// link) and the POST /api/v1/haproxy body it asks for. Pure: no React, no I/O.
import type { HaproxyRequestBody } from '@/lib/client/api';
import type { ClusterReport, LbService } from '@/lib/model';

/** One editable address:port row; strings, because a half-typed value is still state. */
export interface EndpointRow {
  address: string;
  port: string;
}

export interface FixForm {
  source: 'service' | 'manual';
  /** `namespace/name`; empty means "the default candidate" (Traefik). */
  service: string;
  mode: 'pod' | 'nodeport';
  backends: EndpointRow[];
  binds: EndpointRow[];
  proxy: 'v1' | 'v2';
  /** Also pass :80 through (service mode only). */
  http: boolean;
  egress: string;
  /** Comma- or space-separated override of what Traefik trusts; empty = inferred. */
  trustedIPs: string;
  entryPoint: string;
  /** Service ports to serve, comma- or space-separated; empty = the server's default (every TCP port; Traefik: 443). */
  ports: string;
  /** What receives the PROXY header; `auto` guesses by port (mail ports → Postfix/Dovecot). */
  receiver: FixReceiver;
}

export const FIX_RECEIVERS = ['auto', 'traefik', 'postfix', 'dovecot', 'generic'] as const;
export type FixReceiver = (typeof FIX_RECEIVERS)[number];

export const DEFAULT_BIND: EndpointRow = { address: '0.0.0.0', port: '443' };
export const NEW_BACKEND: EndpointRow = { address: '', port: '8443' };

export const DEFAULT_FORM: FixForm = {
  source: 'service',
  service: '',
  mode: 'pod',
  backends: [],
  binds: [DEFAULT_BIND],
  proxy: 'v2',
  http: false,
  egress: '',
  trustedIPs: '',
  entryPoint: '',
  ports: '',
  receiver: 'auto',
};

/** `10.0.0.1:8443` or `[fd00::1]:8443`; anything else becomes an address-only row the user can correct. */
export function parseEndpoint(text: string): EndpointRow {
  const m = /^\[([^\]]+)\]:([^:]*)$/.exec(text) ?? /^([^:[\]]*):([^:]*)$/.exec(text);
  if (m && m[1] !== undefined && m[2] !== undefined) return { address: m[1], port: m[2] };
  return { address: text, port: '' };
}

export function formatEndpoint(row: EndpointRow): string {
  return row.address.includes(':') ? `[${row.address}]:${row.port}` : `${row.address}:${row.port}`;
}

const sameRows = (a: readonly EndpointRow[], b: readonly EndpointRow[]): boolean =>
  a.length === b.length && a.every((r, i) => r.address === b[i]?.address && r.port === b[i]?.port);

export function formFromSearch(params: URLSearchParams): FixForm {
  const backends = params.getAll('backend').map(parseEndpoint);
  const binds = params.getAll('bind').map(parseEndpoint);
  const source = params.get('source') === 'manual' ? 'manual' : 'service';
  return {
    source,
    service: params.get('svc') ?? '',
    mode: params.get('mode') === 'nodeport' ? 'nodeport' : 'pod',
    backends: backends.length > 0 ? backends : source === 'manual' ? [NEW_BACKEND] : [],
    binds: binds.length > 0 ? binds : [DEFAULT_BIND],
    proxy: params.get('proxy') === 'v1' ? 'v1' : 'v2',
    http: params.get('http') === '1',
    egress: params.get('egress') ?? '',
    trustedIPs: params.get('trusted') ?? '',
    entryPoint: params.get('ep') ?? '',
    ports: params.get('ports') ?? '',
    receiver: FIX_RECEIVERS.find((r) => r === params.get('rcv')) ?? 'auto',
  };
}

/** The URL form of a view; defaults are left out so common links stay short. */
export function searchFromForm(form: FixForm): string {
  const p = new URLSearchParams();
  if (form.source === 'manual') {
    p.set('source', 'manual');
    for (const b of form.backends) if (b.address !== '' || b.port !== '') p.append('backend', formatEndpoint(b));
  } else {
    if (form.service !== '') p.set('svc', form.service);
    if (form.mode !== 'pod') p.set('mode', form.mode);
    if (form.http) p.set('http', '1');
    if (form.ports.trim() !== '') p.set('ports', form.ports.trim());
  }
  if (form.receiver !== 'auto') p.set('rcv', form.receiver);
  if (!sameRows(form.binds, [DEFAULT_BIND])) for (const b of form.binds) p.append('bind', formatEndpoint(b));
  if (form.proxy !== 'v2') p.set('proxy', form.proxy);
  if (form.egress !== '') p.set('egress', form.egress);
  if (form.trustedIPs !== '') p.set('trusted', form.trustedIPs);
  if (form.entryPoint !== '') p.set('ep', form.entryPoint);
  return p.toString();
}

/**
 * Where a problem is: `egress`, `entryPoint`, `trustedIPs`, `backends[i]`,
 * `binds[i]` (i = the row on screen), or `form` when no single field is to blame.
 */
export type FieldRef = 'egress' | 'entryPoint' | 'trustedIPs' | 'service' | 'ports' | `backends[${number}]` | `binds[${number}]` | 'form';

export interface Problem {
  field: FieldRef;
  message: string;
}

export type RequestPlan =
  | { kind: 'ready'; body: HaproxyRequestBody; backendRows: number[]; bindRows: number[] }
  /** Nothing to send yet (no service chosen, no backend typed): a hint, not an error. */
  | { kind: 'incomplete'; hint: string }
  | { kind: 'invalid'; problem: Problem };

/** A row without an address is not sent: a fresh row (port prefilled) is not an error yet. */
const isBlank = (r: EndpointRow): boolean => r.address.trim() === '';

function rows(list: readonly EndpointRow[], label: 'backends' | 'binds'): { ok: Array<{ address: string; port: number }>; index: number[] } | Problem {
  const ok: Array<{ address: string; port: number }> = [];
  const index: number[] = [];
  for (const [i, r] of list.entries()) {
    if (isBlank(r)) continue;
    const field: FieldRef = `${label}[${i}]`;
    const what = label === 'backends' ? 'backend' : 'bind';
    const port = r.port.trim();
    if (!/^\d{1,5}$/.test(port)) return { field, message: `${what} ${i + 1}: ${JSON.stringify(r.port)} is not a port: use an integer from 1 to 65535` };
    ok.push({ address: r.address.trim(), port: Number(port) });
    index.push(i);
  }
  return { ok, index };
}

/** Turns the form into a request body, or says what is missing or wrong (only what the server cannot be asked about). */
export function planRequest(form: FixForm, service: string): RequestPlan {
  const binds = rows(form.binds, 'binds');
  if ('field' in binds) return { kind: 'invalid', problem: binds };
  if (binds.ok.length === 0) return { kind: 'incomplete', hint: 'Add at least one address for HAProxy to listen on.' };

  const common: HaproxyRequestBody = {
    binds: binds.ok,
    proxy: form.proxy,
    ...(form.egress.trim() !== '' ? { egress: form.egress.trim() } : {}),
    ...(form.trustedIPs.trim() !== '' ? { trustedIPs: form.trustedIPs.split(/[\s,]+/).filter((s) => s !== '') } : {}),
    ...(form.entryPoint.trim() !== '' ? { entryPoint: form.entryPoint.trim() } : {}),
  };

  if (form.receiver !== 'auto') common.receiver = form.receiver;
  if (form.source === 'service') {
    const slash = service.indexOf('/');
    if (slash <= 0 || slash === service.length - 1) return { kind: 'incomplete', hint: 'Choose the Service HAProxy should forward to.' };
    const portTexts = form.ports.split(/[\s,]+/).filter((t) => t !== '');
    const bad = portTexts.find((t) => !/^\d{1,5}$/.test(t) || Number(t) < 1 || Number(t) > 65_535);
    if (bad !== undefined) return { kind: 'invalid', problem: { field: 'ports', message: `ports: ${JSON.stringify(bad)} is not a port: use Service port numbers from 1 to 65535` } };
    // The default bind (0.0.0.0:443) is not sent: the server then listens on each Service port.
    const { binds: _binds, ...rest } = common;
    const body: HaproxyRequestBody = {
      service: { namespace: service.slice(0, slash), name: service.slice(slash + 1) },
      mode: form.mode,
      ...(sameRows(form.binds, [DEFAULT_BIND]) ? rest : common),
      ...(form.http ? { http: true } : {}),
      ...(portTexts.length > 0 ? { ports: portTexts.map(Number) } : {}),
    };
    return { kind: 'ready', body, backendRows: [], bindRows: binds.index };
  }

  const backends = rows(form.backends, 'backends');
  if ('field' in backends) return { kind: 'invalid', problem: backends };
  if (backends.ok.length === 0) return { kind: 'incomplete', hint: 'Add at least one backend address:port (a Traefik pod or node).' };
  return { kind: 'ready', body: { backends: backends.ok, ...common }, backendRows: backends.index, bindRows: binds.index };
}

/**
 * Which form field a server rejection names. The server says e.g.
 * `invalid haproxy input: backends[0].port: 99999 is not a port…`; indices
 * there count the rows sent, so they are mapped back to rows on screen.
 */
export function fieldOfServerMessage(message: string, plan: { backendRows: readonly number[]; bindRows: readonly number[] }): FieldRef {
  const m = /(?:^|: )(egress|entryPoint|trustedIPs|backends|binds|source|ports)(?:\[(\d+)\])?[.:\s]/.exec(message);
  if (!m) return 'form';
  const name = m[1];
  const i = m[2] === undefined ? undefined : Number(m[2]);
  if (name === 'backends' || name === 'binds') {
    const map = name === 'backends' ? plan.backendRows : plan.bindRows;
    const row = i === undefined ? undefined : map[i];
    return row === undefined ? 'form' : `${name}[${row}]`;
  }
  if (name === 'source') return 'service';
  if (name === 'egress' || name === 'entryPoint' || name === 'trustedIPs' || name === 'ports') return name;
  return 'form';
}

export interface ServiceChoice {
  /** `namespace/name` */
  id: string;
  ip: string;
  svc: LbService;
}

/** LoadBalancer services with a TCP port: HAProxy can front any of them (HTTPS, mail, …). */
export function candidateServices(report: ClusterReport): ServiceChoice[] {
  const seen = new Set<string>();
  const out: ServiceChoice[] = [];
  for (const lb of report.loadBalancers) {
    for (const svc of lb.services) {
      const id = `${svc.namespace}/${svc.name}`;
      if (seen.has(id) || !svc.ports.some((p) => p.toUpperCase().startsWith('TCP/'))) continue;
      seen.add(id);
      out.push({ id, ip: lb.ip, svc });
    }
  }
  return out;
}

/** Traefik when present (by name), else the first with TCP/443, else the first candidate. */
export function defaultService(choices: readonly ServiceChoice[]): string {
  const https = choices.find((c) => c.svc.ports.some((p) => p.toUpperCase() === 'TCP/443'));
  return (choices.find((c) => /traefik/i.test(c.svc.name)) ?? https ?? choices[0])?.id ?? '';
}
