// `edgelens haproxy`: a PROXY-protocol HAProxy in front of Traefik, and the matching Traefik trust.
// stdout is exactly haproxy.cfg (or the --json document); the Traefik side and warnings go to stderr.
import { HaproxyInputError } from '@/lib/haproxy';
import { HaproxyRequestError, buildHaproxy, parseHostPort, type HaproxyRequest } from '@/server/haproxy-request';
import { parseCommandArgs } from '../args';
import { openClusterFromFlags } from '../cluster-flags';
import { UsageError } from '../errors';
import { type Io, printJson, readInput } from '../io';

export const haproxyUsage = `Usage: edgelens haproxy [--snapshot FILE|--lab --service NS/NAME [--mode pod|nodeport] [--port N …] [--http] | --backend IP:PORT …]
                        [--receiver auto|traefik|postfix|dovecot|generic] [--bind ADDR:PORT …] [--proxy v1|v2]
                        [--egress IP] [--trusted-ip IP …] [--entrypoint NAME] [--json]
  Serves every TCP port of the Service (a Traefik Service: 443, and 80 with --http), or the --port ones.
  --receiver auto: 25/465/587 → Postfix, 110/143/993/995/4190 → Dovecot, Traefik-like → Traefik, else generic.
  --mode nodeport with externalTrafficPolicy: Local lists only nodes with a ready endpoint and checks each
  on the Service's healthCheckNodePort.`;

const RECEIVERS = ['auto', 'traefik', 'postfix', 'dovecot', 'generic'] as const;

function ports(values: string[] | undefined): number[] | undefined {
  if (!values) return undefined;
  return values.flatMap((v) => v.split(',')).map((v) => {
    const n = Number(v.trim());
    if (!/^\d{1,5}$/.test(v.trim()) || n < 1 || n > 65_535) throw new UsageError(`--port takes a Service port number from 1 to 65535, got "${v.replace(/[\r\n]/g, '\\n')}"`);
    return n;
  });
}

function hostPorts(flag: string, values: string[] | undefined): Array<{ address: string; port: number }> {
  return (values ?? []).map((raw) => {
    // HAProxy's own "every IPv4 address" forms, `:443` and `*:443`, mean 0.0.0.0:443.
    const v = flag === '--bind' && /^\*?:\d+$/.test(raw) ? `0.0.0.0${raw.slice(raw.indexOf(':'))}` : raw;
    const hp = parseHostPort(v);
    if (!hp) throw new UsageError(`${flag} takes ADDRESS:PORT (IPv6 as [ADDRESS]:PORT${flag === '--bind' ? ', all addresses as :PORT' : ''}), got ${JSON.stringify(raw.length > 40 ? `${raw.slice(0, 40)}…` : raw)}`);
    return hp;
  });
}

export async function haproxyCommand(argv: string[], io: Io): Promise<number> {
  const { values } = parseCommandArgs(
    argv,
    {
      snapshot: { type: 'string' },
      service: { type: 'string' },
      mode: { type: 'string' },
      http: { type: 'boolean' },
      backend: { type: 'string', multiple: true },
      bind: { type: 'string', multiple: true },
      proxy: { type: 'string' },
      egress: { type: 'string' },
      'trusted-ip': { type: 'string', multiple: true },
      entrypoint: { type: 'string' },
      port: { type: 'string', multiple: true },
      receiver: { type: 'string' },
      kubeconfig: { type: 'string' },
      context: { type: 'string' },
      lab: { type: 'boolean' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    { positionals: 0 },
  );
  if (values.help) {
    io.out(haproxyUsage);
    return 0;
  }
  if (values.proxy !== undefined && values.proxy !== 'v1' && values.proxy !== 'v2') throw new UsageError(`--proxy takes v1 or v2, got "${values.proxy}"`);
  if (values.mode !== undefined && values.mode !== 'pod' && values.mode !== 'nodeport') throw new UsageError(`--mode takes pod or nodeport, got "${values.mode}"`);
  const receiver = RECEIVERS.find((r) => r === values.receiver);
  if (values.receiver !== undefined && !receiver) throw new UsageError(`--receiver takes ${RECEIVERS.join(', ')}, got "${values.receiver}"`);
  let service: { namespace: string; name: string } | undefined;
  if (values.service !== undefined) {
    const m = /^([^/]+)\/([^/]+)$/.exec(values.service);
    if (!m || m[1] === undefined || m[2] === undefined) throw new UsageError(`--service takes NAMESPACE/NAME, got "${values.service}"`);
    service = { namespace: m[1], name: m[2] };
  }
  if (!service && !values.backend) throw new UsageError('give --service NS/NAME (with --snapshot, or read from the cluster) or --backend IP:PORT');
  const request: HaproxyRequest = {
    service,
    mode: values.mode as 'pod' | 'nodeport' | undefined,
    backends: values.backend ? hostPorts('--backend', values.backend) : undefined,
    binds: values.bind ? hostPorts('--bind', values.bind) : undefined,
    proxy: values.proxy as 'v1' | 'v2' | undefined,
    http: values.http ?? false,
    egress: values.egress,
    trustedIPs: values['trusted-ip'],
    entryPoint: values.entrypoint,
    ports: ports(values.port),
    receiver,
  };
  const snapshotText = values.snapshot === undefined ? undefined : await readInput(values.snapshot, io);
  const sourceName = values.snapshot === undefined ? 'the cluster' : `snapshot ${values.snapshot === '-' ? '(stdin)' : values.snapshot}`;
  let close = async () => undefined as void;
  try {
    const out = await buildHaproxy(request, {
      generatedBy: 'edgelens haproxy',
      sourceName,
      readSnapshot: async () => {
        const source = await openClusterFromFlags(values, io, snapshotText === undefined ? undefined : { text: snapshotText });
        close = () => source.close();
        return source.read();
      },
    });
    if (values.json) {
      printJson(io, out);
      return 0;
    }
    io.out(out.haproxyCfg);
    io.err(`# The receivers must trust exactly HAProxy's source address${out.trustedIPs.length === 1 ? '' : 'es'}: ${out.trustedIPs.join(', ') || '(unknown — see warnings)'}`);
    if (out.traefik) {
      io.err(`# Static configuration:\n${out.traefik.static}`);
      io.err(`# Or CLI flags: ${out.traefik.cli.join(' ')}`);
    }
    for (const r of out.receivers ?? []) {
      if (r.receiver === 'traefik') continue;
      for (const f of r.files) io.err(`# ${r.title} — ${f.name}:\n${f.text}`);
    }
    for (const w of out.warnings) io.err(`warning: ${w}`);
    return 0;
  } catch (err) {
    if (err instanceof HaproxyInputError || err instanceof HaproxyRequestError) throw new UsageError(err.message, { cause: err });
    throw err;
  } finally {
    await close();
  }
}
