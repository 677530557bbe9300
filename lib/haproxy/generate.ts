// haproxy.cfg for TCP pass-through in front of Traefik, with a PROXY header on every
// backend connection, plus the matching Traefik trust settings. Pure and
// deterministic: the same input (in any order) gives byte-identical output, so a
// regenerated config diffs cleanly.
import type { HaproxyOutput, HaproxyServer } from '../model/haproxy';
import { compareIp, type ParsedIp } from './ip';
import { resolveTrust } from './trust';
import { traefikWarnings, TRUST_PLACEHOLDER } from './traefik';
import { receiverSettings, receiverWarnings } from './receivers';
import {
  commentProblem,
  escapeValue,
  HaproxyInputError,
  validateHaproxyInput,
  type NormalizedBackend,
  type NormalizedBind,
  type NormalizedInput,
  type NormalizedListener,
} from './validate';

export interface HaproxyMeta {
  /** e.g. `edgelens 0.1.0`. */
  generatedBy: string;
  /** Where the backends came from, e.g. `snapshot cluster.yaml`. */
  source: string;
  /** Only written when given, so output without it is stable across runs. */
  now?: Date;
}

const INDENT = '    ';

function hostPort(ip: ParsedIp, port: number): string {
  return ip.family === 6 ? `[${ip.text}]:${port}` : `${ip.text}:${port}`;
}

function byEndpoint(a: { address: ParsedIp; port: number }, b: { address: ParsedIp; port: number }): number {
  return compareIp(a.address, b.address) || a.port - b.port;
}

/** Sorted, one server per address:port (the first name in sort order wins). */
function orderBackends(backends: readonly NormalizedBackend[]): NormalizedBackend[] {
  const sorted = [...backends].sort((a, b) => byEndpoint(a, b) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const seen = new Set<string>();
  return sorted.filter((b) => {
    const key = hostPort(b.address, b.port);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function orderBinds(binds: readonly NormalizedBind[]): NormalizedBind[] {
  return [...binds].sort(byEndpoint);
}

function bindLine(b: NormalizedBind, all: readonly NormalizedBind[]): string {
  const wildcard6 = b.address.family === 6 && b.address.bytes.every((x) => x === 0);
  // [::] also accepts IPv4 unless v6only; with an explicit 0.0.0.0 on the same port the two would clash.
  const v4Twin = all.some((o) => o.port === b.port && o.address.family === 4 && o.address.bytes.every((x) => x === 0));
  return `${INDENT}bind ${hostPort(b.address, b.port)}${wildcard6 && v4Twin ? ' v6only' : ''}`;
}

function sourceText(input: NormalizedInput): string {
  if (input.source.kind === 'manual') return 'a manual backend list';
  const how = input.mode === 'nodeport' ? 'node IP:NodePort' : 'ready pod endpoints';
  return `Service ${input.source.namespace}/${input.source.name} (${how})`;
}

const RECEIVER_LABEL: Record<NormalizedListener['receiver'], string> = {
  traefik: 'Traefik entry point',
  postfix: 'Postfix',
  dovecot: 'Dovecot',
  generic: 'PROXY-aware server',
};

function receiverComment(l: NormalizedListener): string {
  const port = l.servicePort === undefined ? '' : ` (Service port ${l.servicePort})`;
  return l.receiver === 'traefik' ? `Traefik entry point: ${l.entryPoint}${port}.` : `${RECEIVER_LABEL[l.receiver]}${port}.`;
}

function renderListener(l: NormalizedListener, input: NormalizedInput, backends: readonly NormalizedBackend[]): string[] {
  const sendProxy = input.proxy === 'v2' ? 'send-proxy-v2' : 'send-proxy';
  const { inter, fall, rise } = input.check;
  const binds = orderBinds(l.binds);
  const hc = l.healthCheck;
  // With `check port N` HAProxy sends no PROXY header on checks (only on traffic): right for
  // kube-proxy's plain-HTTP health server. Between two checks, a connection to a node that just
  // lost its pod is refused or dropped there: `observe layer4` takes the server out at that first
  // failure, and `redispatch 1` sends the retry to another node, so the request is still served
  // (after at most one `timeout connect` when the node drops rather than refuses).
  const checkArgs = hc ? `check port ${hc.port} inter ${inter} fall ${fall} rise ${rise} observe layer4 error-limit 1 on-error mark-down` : `check inter ${inter} fall ${fall} rise ${rise}`;
  return [
    `frontend fe_${l.entryPoint}`,
    ...binds.map((b) => bindLine(b, binds)),
    `${INDENT}default_backend be_${l.entryPoint}`,
    '',
    `backend be_${l.entryPoint}`,
    `${INDENT}# ${receiverComment(l)} leastconn suits long-lived connections.`,
    `${INDENT}balance leastconn`,
    ...(hc
      ? [
          `${INDENT}# Health: kube-proxy's healthCheckNodePort ${hc.port} answers 200 while the node has a ready local endpoint, 503 when it has none.`,
          `${INDENT}option httpchk GET ${hc.path}`,
          `${INDENT}http-check expect status 200`,
          `${INDENT}option redispatch 1`,
          `${INDENT}retries 2`,
        ]
      : []),
    // IPv6 in brackets: HAProxy would read a bare address's last group as a port.
    ...(input.egress ? [`${INDENT}source ${input.egress.family === 6 ? `[${input.egress.text}]` : input.egress.text}`] : []),
    ...backends.map((b) => `${INDENT}server ${b.name} ${hostPort(b.address, b.port)} ${checkArgs} ${sendProxy}`),
    '',
  ];
}

function checkMeta(meta: HaproxyMeta): void {
  const issues = (['generatedBy', 'source'] as const).flatMap((k) => {
    const p = commentProblem(meta[k]);
    return p ? [{ field: `meta.${k}`, value: escapeValue(meta[k]), reason: p }] : [];
  });
  if (issues.length > 0) throw new HaproxyInputError(issues);
}

/**
 * Build haproxy.cfg and the Traefik trust snippets. Throws HaproxyInputError (with
 * one issue per bad field) when the input could produce a broken or injected config.
 */
export function generateHaproxy(raw: unknown, meta: HaproxyMeta): HaproxyOutput {
  checkMeta(meta);
  const v = validateHaproxyInput(raw);
  if (!v.ok) throw new HaproxyInputError(v.issues);
  const input = v.input;
  const trust = resolveTrust(input);
  const trustText = trust.trustedIPs.length > 0 ? trust.trustedIPs.join(', ') : `${TRUST_PLACEHOLDER} (unknown: see warnings)`;
  const entryPoints = input.listeners.filter((l) => l.receiver === 'traefik').map((l) => l.entryPoint);
  const onlyTraefik = input.listeners.every((l) => l.receiver === 'traefik');
  const anyTcpCheck = input.listeners.some((l) => !l.healthCheck);
  const proxyName = input.proxy === 'v2' ? 'PROXY v2' : 'PROXY v1';
  const headerLine = `Generated by ${meta.generatedBy} from ${meta.source}. Do not edit by hand: regenerate.`;

  const ordered = input.listeners.map((l) => ({ l, backends: orderBackends(l.backends) }));
  const t = input.timeouts;
  const lines = [
    `# ${headerLine}`,
    ...(meta.now ? [`# Generated at ${meta.now.toISOString()}.`] : []),
    `# Backends: ${sourceText(input)}.`,
    `# TCP pass-through: TLS is not terminated here. Each backend connection starts with a`,
    ...(onlyTraefik
      ? [
          `# ${proxyName} header carrying the client address, so Traefik logs the real client IP.`,
          `# Traefik must trust exactly: ${trustText}`,
          `#   (${entryPoints.map((ep) => `entryPoints.${ep}.proxyProtocol.trustedIPs`).join(', ')}).`,
        ]
      : [
          `# ${proxyName} header carrying the client address, so each receiver sees the real client IP.`,
          `# The receivers must accept the header only from: ${trustText}`,
          `#   (${[...new Set(input.listeners.map((l) => RECEIVER_LABEL[l.receiver]))].join(', ')}: see the receiver settings).`,
        ]),
    ...(anyTcpCheck
      ? [
          input.proxy === 'v2'
            ? `# Health checks are TCP connects; with send-proxy-v2 each check first sends a PROXY v2 LOCAL header, which ${onlyTraefik ? 'Traefik accepts' : 'the receivers accept'}.`
            : '# Health checks are TCP connects and carry a PROXY header too (send-proxy applies to checks).',
        ]
      : ["# Health checks are HTTP GETs to kube-proxy's healthCheckNodePort on each node (no PROXY header on those)."]),
    'global',
    `${INDENT}log stdout format raw local0 info`,
    `${INDENT}maxconn ${input.maxconn}`,
    '',
    'defaults',
    `${INDENT}mode tcp`,
    `${INDENT}log global`,
    `${INDENT}option tcplog`,
    `${INDENT}option dontlognull`,
    `${INDENT}maxconn ${input.maxconn}`,
    `${INDENT}timeout connect ${t.connect}`,
    `${INDENT}timeout client ${t.client}`,
    `${INDENT}timeout server ${t.server}`,
    `${INDENT}timeout tunnel ${t.tunnel}`,
    `${INDENT}timeout check ${t.check}`,
    '',
    ...ordered.flatMap(({ l, backends }) => renderListener(l, input, backends)),
  ];

  const servers: HaproxyServer[] = ordered.flatMap(({ l, backends }) =>
    backends.map((b) => ({ name: b.name, address: b.address.text, port: b.port, entryPoint: l.entryPoint, ...(l.healthCheck ? { checkPort: l.healthCheck.port } : {}) })),
  );
  const { receivers, traefik } = receiverSettings(input, trust.trustedIPs, headerLine);
  return {
    haproxyCfg: lines.join('\n'),
    receivers,
    ...(traefik ? { traefik } : {}),
    trustedIPs: trust.trustedIPs,
    warnings: [...trust.warnings, ...traefikWarnings(input), ...receiverWarnings(input)],
    servers,
  };
}
