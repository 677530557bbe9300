// Input checks for the HAProxy generator. Everything that ends up in haproxy.cfg or
// Traefik YAML passes through here first: a value that could inject configuration
// (newline, space, '#', quotes…) is rejected, never cleaned up, and each rejection
// names the field and shows the bad value escaped so the user can find it.
import {
  haproxyInputSchema,
  type HaproxyBackendMode,
  type HaproxyInput,
  type HaproxyIssue,
  type HaproxyProxyVersion,
  type HaproxyReceiver,
  type HaproxySource,
} from '../model/haproxy';
import { isUnspecified, parseCidr, parseIp, type ParsedCidr, type ParsedIp } from './ip';

export class HaproxyInputError extends Error {
  readonly issues: HaproxyIssue[];
  constructor(issues: HaproxyIssue[], options?: { cause?: unknown }) {
    super(`invalid haproxy input: ${issues.map(formatIssue).join('; ')}`, options);
    this.name = 'HaproxyInputError';
    this.issues = issues;
  }
}

export function formatIssue(i: HaproxyIssue): string {
  return `${i.field}: ${i.value} ${i.reason}`;
}

export interface NormalizedBind {
  address: ParsedIp;
  port: number;
}
export interface NormalizedBackend {
  name: string;
  address: ParsedIp;
  port: number;
}
/** One frontend/backend pair, fed to one receiver (for Traefik: one entry point). */
export interface NormalizedListener {
  /** Section name suffix (fe_/be_); for Traefik also the entry point name. */
  entryPoint: string;
  receiver: HaproxyReceiver;
  servicePort: number | undefined;
  binds: NormalizedBind[];
  backends: NormalizedBackend[];
  /** HTTP check on another port (kube-proxy's healthCheckNodePort), instead of a TCP connect. */
  healthCheck: { port: number; path: string } | undefined;
}
export interface NormalizedInput {
  source: HaproxySource;
  mode: HaproxyBackendMode | undefined;
  /** websecure first, then the optional :80 pass-through. */
  listeners: NormalizedListener[];
  proxy: HaproxyProxyVersion;
  check: HaproxyInput['check'];
  timeouts: HaproxyInput['timeouts'];
  maxconn: number;
  egress: ParsedIp | undefined;
  trustedIPs: Array<ParsedIp | ParsedCidr> | undefined;
  ipMode: 'VIP' | 'Proxy' | undefined;
}

export type ValidationResult = { ok: true; input: NormalizedInput } | { ok: false; issues: HaproxyIssue[] };

const NAME_RE = /^[A-Za-z0-9._-]{1,100}$/;
const DURATION_RE = /^[1-9][0-9]{0,8}(us|ms|s|m|h|d)$/;
const MAX_SHOWN = 80;
const MAX_TIMER_MS = 2_147_483_647;
const UNIT_MS: Record<string, number> = { us: 0.001, ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** JSON-style escaping (newlines, quotes, control characters visible), shortened. */
export function escapeValue(v: unknown): string {
  let s: string;
  if (typeof v === 'string') s = JSON.stringify(v);
  else if (v === undefined) s = 'undefined';
  else {
    try {
      s = JSON.stringify(v) ?? String(v);
    } catch {
      s = String(v);
    }
  }
  // Non-ASCII is shown as \uXXXX so look-alike characters are visible too.
  s = s.replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return s.length > MAX_SHOWN ? `${s.slice(0, MAX_SHOWN - 1)}…` : s;
}

const CHAR_NAMES: Record<string, string> = {
  '\n': 'a newline',
  '\r': 'a carriage return',
  '\t': 'a tab',
  ' ': 'a space',
  '#': "'#' (starts a comment)",
  '"': 'a double quote',
  "'": 'a single quote',
  '\\': 'a backslash',
  '$': "'$' (variable expansion)",
  '/': "'/'",
  ':': "':'",
};

function describeChar(c: string): string {
  const named = CHAR_NAMES[c];
  if (named) return named;
  const code = c.codePointAt(0) ?? 0;
  const u = `U+${code.toString(16).padStart(4, '0').toUpperCase()}`;
  if (code < 0x20 || code === 0x7f) return `a control character (${u})`;
  // Anything outside printable ASCII is named by code point: it may be invisible or a line break (U+2028).
  if (code > 0x7e) return `the character ${u}`;
  return `'${c}'`;
}

/** The reason a name is rejected, or null when it is fine. */
export function nameProblem(v: string): string | null {
  if (v.length === 0) return 'is empty';
  if (v.length > 100) return 'is longer than 100 characters';
  const bad = [...v].find((c) => !/[A-Za-z0-9._-]/.test(c));
  if (bad !== undefined) return `contains ${describeChar(bad)}; only letters, digits, '.', '_' and '-' are allowed`;
  return NAME_RE.test(v) ? null : "only letters, digits, '.', '_' and '-' are allowed";
}

/** Free text that goes into a `#` comment line: anything printable, no line breaks. */
export function commentProblem(v: string): string | null {
  if (v.length > 300) return 'is longer than 300 characters';
  const bad = [...v].find((c) => {
    const code = c.codePointAt(0) ?? 0;
    return code < 0x20 || code === 0x7f || code === 0x2028 || code === 0x2029 || code === 0x85;
  });
  return bad === undefined ? null : `contains ${describeChar(bad)}; it is written into a comment line`;
}

class Collector {
  readonly issues: HaproxyIssue[] = [];
  add(field: string, value: unknown, reason: string): void {
    this.issues.push({ field, value: escapeValue(value), reason });
  }
  name(field: string, v: string): string | null {
    const p = nameProblem(v);
    if (p) {
      this.add(field, v, p);
      return null;
    }
    return v;
  }
  port(field: string, v: number): number | null {
    if (!Number.isInteger(v) || v < 1 || v > 65535) {
      this.add(field, v, 'is not a port: use an integer from 1 to 65535');
      return null;
    }
    return v;
  }
  ip(field: string, v: string): ParsedIp | null {
    const ip = parseIp(v);
    if (!ip) {
      this.add(field, v, 'is not an IPv4 or IPv6 address (no hostnames, brackets, ports or zone ids)');
      return null;
    }
    return ip;
  }
  duration(field: string, v: string): string | null {
    const m = DURATION_RE.exec(v);
    if (!m) {
      this.add(field, v, 'is not a duration like 500ms, 2s, 1m or 1h');
      return null;
    }
    // HAProxy keeps timers in a signed 32-bit count of milliseconds.
    const ms = Number(v.slice(0, v.length - (m[1]?.length ?? 0))) * (UNIT_MS[m[1] ?? 'ms'] ?? 1);
    if (ms > MAX_TIMER_MS) {
      this.add(field, v, 'is longer than HAProxy allows (2147483647ms, about 24.8 days)');
      return null;
    }
    return v;
  }
  intRange(field: string, v: number, min: number, max: number): number | null {
    if (!Number.isInteger(v) || v < min || v > max) {
      this.add(field, v, `must be an integer from ${min} to ${max}`);
      return null;
    }
    return v;
  }
}

function pathText(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : `${out ? '.' : ''}${String(p)}`;
  return out || '(input)';
}

function valueAt(raw: unknown, path: ReadonlyArray<PropertyKey>): unknown {
  let cur: unknown = raw;
  for (const p of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[p];
  }
  return cur;
}

/** Server name derived from the endpoint: stable whatever order the input came in. */
export function autoServerName(ip: ParsedIp, port: number): string {
  return ip.family === 4 ? `ip-${ip.text}-${port}` : `ip6-${ip.text.replace(/:/g, '_')}-${port}`;
}

/** `/healthz`-like: an absolute path of URL-safe characters (it goes into `option httpchk`). */
const CHECK_PATH_RE = /^\/[A-Za-z0-9._~\/-]{0,200}$/;

interface ListenerExtras {
  receiver: HaproxyReceiver;
  servicePort?: number;
  healthCheck?: { port: number; path: string };
  /** Field holding the name: `entryPoint` for the classic shape, `listeners[i].name` otherwise. */
  nameField: string;
}

function listener(
  c: Collector,
  prefix: string,
  entryPoint: string,
  binds: HaproxyInput['binds'],
  backends: HaproxyInput['backends'],
  extras: ListenerExtras = { receiver: 'traefik', nameField: `${prefix}entryPoint` },
): NormalizedListener | null {
  const before = c.issues.length;
  let ep = c.name(extras.nameField, entryPoint);
  if (ep?.includes('.')) {
    c.add(extras.nameField, entryPoint, "contains '.'; Traefik entry point names cannot, since '.' separates keys in its CLI flags");
    ep = null;
  }
  if (binds.length === 0) c.add(`${prefix}binds`, binds, 'needs at least one address:port to listen on');
  if (backends.length === 0) c.add(`${prefix}backends`, backends, `needs at least one ${extras.receiver === 'traefik' ? 'Traefik' : 'backend'} endpoint`);
  if (extras.servicePort !== undefined) c.port(`${prefix}servicePort`, extras.servicePort);
  if (extras.healthCheck) {
    c.port(`${prefix}healthCheck.port`, extras.healthCheck.port);
    if (!CHECK_PATH_RE.test(extras.healthCheck.path)) c.add(`${prefix}healthCheck.path`, extras.healthCheck.path, "is not a plain absolute path like /healthz (letters, digits, '.', '_', '~', '/', '-')");
  }
  const nb: NormalizedBind[] = [];
  binds.forEach((b, i) => {
    const address = c.ip(`${prefix}binds[${i}].address`, b.address);
    const port = c.port(`${prefix}binds[${i}].port`, b.port);
    if (address && port) nb.push({ address, port });
  });
  const nbe: NormalizedBackend[] = [];
  backends.forEach((b, i) => {
    const address = c.ip(`${prefix}backends[${i}].address`, b.address);
    const port = c.port(`${prefix}backends[${i}].port`, b.port);
    const name = b.name === undefined ? undefined : c.name(`${prefix}backends[${i}].name`, b.name);
    if (address && isUnspecified(address)) {
      c.add(`${prefix}backends[${i}].address`, b.address, 'is the unspecified address; a backend needs a real endpoint address');
      return;
    }
    if (address && port && name !== null) nbe.push({ name: name ?? autoServerName(address, port), address, port });
  });
  if (c.issues.length !== before || !ep) return null;
  return { entryPoint: ep, receiver: extras.receiver, servicePort: extras.servicePort, binds: nb, backends: nbe, healthCheck: extras.healthCheck };
}

/** Parse, check and normalise generator input. Never throws. */
export function validateHaproxyInput(raw: unknown): ValidationResult {
  const parsed = haproxyInputSchema.safeParse(raw);
  if (!parsed.success) {
    return {
      ok: false,
      issues: parsed.error.issues.map((i) => {
        const value = valueAt(raw, i.path);
        const reason = i.message.replace(/^Invalid (input|option): /, '');
        return { field: pathText(i.path), value: escapeValue(value), reason: value === undefined ? `is missing (${reason})` : `is wrong: ${reason}` };
      }),
    };
  }
  const input = parsed.data;
  const c = new Collector();

  if (input.source.kind === 'service') {
    c.name('source.namespace', input.source.namespace);
    c.name('source.name', input.source.name);
  }
  const listeners: NormalizedListener[] = [];
  let main: NormalizedListener | null = null;
  const prefixes = new Map<NormalizedListener, string>();
  if (input.listeners) {
    // The general shape: any number of TCP ports. The classic single-port fields must be unused.
    if (input.backends.length > 0) c.add('backends', input.backends, 'cannot be combined with listeners: give each listener its backends');
    if (input.http) c.add('http', input.http, 'cannot be combined with listeners: add the port as a listener');
    if (input.listeners.length === 0) c.add('listeners', input.listeners, 'needs at least one listener');
    const names = new Set<string>();
    input.listeners.forEach((l, i) => {
      const prefix = `listeners[${i}].`;
      if (names.has(l.name)) c.add(`${prefix}name`, l.name, 'is used by another listener; each needs its own name');
      names.add(l.name);
      const n = listener(c, prefix, l.name, l.binds, l.backends, { receiver: l.receiver, servicePort: l.servicePort, healthCheck: l.healthCheck, nameField: `${prefix}name` });
      if (n) {
        listeners.push(n);
        prefixes.set(n, prefix);
      }
    });
    main = listeners[0] ?? null;
  } else {
    main = listener(c, '', input.entryPoint, input.binds, input.backends);
    if (main) {
      listeners.push(main);
      prefixes.set(main, '');
    }
  }
  if (input.http && !input.listeners) {
    const web = listener(c, 'http.', input.http.entryPoint, input.http.binds, input.http.backends);
    if (web) {
      listeners.push(web);
      prefixes.set(web, 'http.');
    }
    if (input.http.entryPoint === input.entryPoint) c.add('http.entryPoint', input.http.entryPoint, 'must differ from entryPoint');
  }
  c.duration('check.inter', input.check.inter);
  c.intRange('check.fall', input.check.fall, 1, 100);
  c.intRange('check.rise', input.check.rise, 1, 100);
  for (const k of ['connect', 'client', 'server', 'tunnel', 'check'] as const) c.duration(`timeouts.${k}`, input.timeouts[k]);
  c.intRange('maxconn', input.maxconn, 1, 1_000_000);
  const egress = input.egress === undefined ? undefined : c.ip('egress', input.egress);
  if (egress && isUnspecified(egress)) c.add('egress', input.egress, 'is the unspecified address; give the address HAProxy connects from');

  if (egress) {
    // HAProxy's `source` applies to every server of the backend; a v4 source cannot reach a v6 server.
    for (const l of listeners) {
      const prefix = prefixes.get(l) ?? '';
      const i = l.backends.findIndex((b) => b.address.family !== egress.family);
      if (i !== -1) c.add('egress', input.egress, `is IPv${egress.family} but ${prefix}backends[${i}] (${l.backends[i]?.address.text}) is IPv${l.backends[i]?.address.family}; HAProxy cannot connect from one to the other`);
    }
  }

  let trusted: Array<ParsedIp | ParsedCidr> | undefined;
  if (input.trustedIPs) {
    trusted = [];
    input.trustedIPs.forEach((t, i) => {
      const v = t.includes('/') ? parseCidr(t) : parseIp(t);
      if (!v) c.add(`trustedIPs[${i}]`, t, 'is not an IP address or CIDR range');
      else trusted?.push(v);
    });
  }

  // Duplicates make HAProxy refuse the config (servers) or fail at start (binds).
  const seenBinds = new Map<string, string>();
  const seenNames = new Map<string, string>();
  for (const l of listeners) {
    const prefix = prefixes.get(l) ?? '';
    l.binds.forEach((b, i) => {
      const key = `${b.address.text}|${b.port}`;
      const prev = seenBinds.get(key);
      if (prev) c.add(`${prefix}binds[${i}]`, `${b.address.text}:${b.port}`, `is already bound by ${prev}`);
      else seenBinds.set(key, `${prefix}binds[${i}]`);
    });
    seenNames.clear();
    l.backends.forEach((b, i) => {
      const prev = seenNames.get(b.name);
      const at = `${b.address.text}:${b.port}`;
      if (prev !== undefined && prev !== at) c.add(`${prefix}backends[${i}].name`, b.name, `is already used by another backend (${prev})`);
      else seenNames.set(b.name, at);
    });
  }

  if (c.issues.length > 0 || !main) return { ok: false, issues: c.issues };
  return {
    ok: true,
    input: {
      source: input.source,
      mode: input.mode,
      listeners,
      proxy: input.proxy,
      check: input.check,
      timeouts: input.timeouts,
      maxconn: input.maxconn,
      egress: egress ?? undefined,
      trustedIPs: trusted,
      ipMode: input.ipMode,
    },
  };
}
