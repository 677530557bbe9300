// `edgelens crowdsec`: the GET /api/v1/crowdsec report from the command line —
// the same function (server/crowdsec-service.ts readCrowdsecReport) over a log
// file or stdin, a snapshot, the flags, and the LAPI named by --url/--key-file
// or the EDGELENS_CROWDSEC_* environment.
import { CORE_SCHEMA, load as loadYaml } from 'js-yaml';
import { bouncerPluginsFromDynamicConfig } from '@/lib/analyzers/crowdsec-bouncer';
import { mergeAddressContexts } from '@/lib/logs/address-context';
import { invalidWhitelistEntries } from '@/lib/logs/crowdsec-visibility';
import { analyzeLogText } from '@/lib/logs/stream';
import { crowdsecHubSchema, type AddressContext, type BouncerPlugin, type CrowdsecHub, type CrowdsecReport, type KubeObject, type LogReport } from '@/lib/model';
import { redactedFingerprint } from '@/probes/kube/redact-plugin-secrets';
import { readCrowdsecReport, DEFAULT_LAPI_TIMEOUT_MS, type CrowdsecContext } from '@/server/crowdsec-service';
import { commaList, parseCommandArgs, parsePositiveInt } from '../args';
import { addressFlags } from '../address-flags';
import { UsageError } from '../errors';
import { formatCrowdsecReport } from '../format/crowdsec-text';
import { type Io, printJson, readInput } from '../io';

export const crowdsecUsage = `Usage: edgelens crowdsec [--logs FILE|-] [--snapshot FILE] [--node-ip IP,…] [--pod-cidr CIDR,…] [--lb-ip IP,…]
                        [--url URL] [--key-file F] [--traefik-config FILE] [--crowdsec-hub hub-2026|hub-2025|hub-2023|hub-2021]
                        [--whitelist default,CIDR,…] [--timeout MS] [--json]

What CrowdSec decided and what it can see: reads the LAPI (GET /health, GET /v1/decisions with a
dedicated bouncer key — never the stream endpoint) and judges every decision against the cluster's
addresses; with --logs, computes per router the share of requests CrowdSec can act on, the way its
traefik-logs parser and whitelists parser do (--crowdsec-hub picks the hub version, --whitelist the
ranges your CrowdSec whitelists; "default" = the hub's list); with --snapshot or --traefik-config,
checks the Traefik bouncer plugin's trust settings. The LAPI comes from --url/--key-file or
EDGELENS_CROWDSEC_URL and EDGELENS_CROWDSEC_KEY(_FILE).
Exit: 0 ok, 1 CrowdSec is blind on a router, a decision hits an internal address, or an error finding; 2 bad usage.`;

export interface CrowdsecCheckInput {
  env: Readonly<Record<string, string | undefined>>;
  logs?: LogReport | null;
  addresses?: AddressContext | null;
  objects?: readonly KubeObject[];
  filePlugins?: readonly BouncerPlugin[];
  /** Request headers the log kept (for the custom-header check). */
  headersSeen?: { entries: number; counts: Record<string, number> };
  now?: Date;
  timeoutMs?: number;
}

/** The CrowdSec report for `edgelens crowdsec` and `edgelens status`: the same function as the API. */
export async function runCrowdsecCheck(input: CrowdsecCheckInput): Promise<CrowdsecReport> {
  const context: CrowdsecContext = {
    addresses: input.addresses ?? null,
    logs: input.logs ?? null,
    ...(input.objects ? { objects: input.objects } : {}),
    ...(input.filePlugins ? { filePlugins: input.filePlugins } : {}),
    ...(input.headersSeen ? { headersSeen: input.headersSeen } : {}),
  };
  return readCrowdsecReport(input.env, context, { now: input.now ?? new Date(), timeoutMs: input.timeoutMs ?? DEFAULT_LAPI_TIMEOUT_MS });
}

/** 1 when CrowdSec is (or, not configured, would be) blind on a router, a decision hits an internal address, or any finding is an error. */
export function crowdsecExitCode(report: CrowdsecReport): number {
  const blind = report.verdict === 'blind' || (report.blindRouters?.length ?? 0) > 0;
  return blind || report.verdict === 'dangerous' || report.findings.some((f) => f.severity === 'error') ? 1 : 0;
}

/** Per header (lower case): JSON entries that kept it as request_<Header> (Traefik's accessLog.fields.headers), for the plugin's custom header. */
export function headersSeen(text: string): { entries: number; counts: Record<string, number> } | null {
  let entries = 0;
  const counts: Record<string, number> = {};
  for (const line of text.split('\n')) {
    if (!line.includes('"request_')) continue;
    entries++;
    for (const m of line.matchAll(/"request_([^"]+)":/g)) {
      const name = (m[1] ?? '').toLowerCase();
      counts[name] = (counts[name] ?? 0) + 1;
    }
  }
  // Without any kept request header the log says nothing about headers.
  return entries > 0 ? { entries, counts } : null;
}

export async function crowdsecCommand(argv: string[], io: Io): Promise<number> {
  const { values } = parseCommandArgs(
    argv,
    {
      logs: { type: 'string' },
      snapshot: { type: 'string' },
      'node-ip': { type: 'string', multiple: true },
      'pod-cidr': { type: 'string', multiple: true },
      'lb-ip': { type: 'string', multiple: true },
      url: { type: 'string' },
      'key-file': { type: 'string' },
      'traefik-config': { type: 'string', multiple: true },
      'crowdsec-hub': { type: 'string' },
      whitelist: { type: 'string', multiple: true },
      timeout: { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    { positionals: 0 },
  );
  if (values.help) {
    io.out(crowdsecUsage);
    return 0;
  }
  const hub = values['crowdsec-hub'] === undefined ? undefined : crowdsecHubSchema.safeParse(values['crowdsec-hub']);
  if (hub && !hub.success) throw new UsageError(`--crowdsec-hub takes ${crowdsecHubSchema.options.join(', ')}, got "${values['crowdsec-hub'] ?? ''}"`);
  const whitelist = values.whitelist === undefined ? undefined : commaList(values.whitelist);
  if (whitelist) {
    const bad = invalidWhitelistEntries(whitelist);
    if (bad.length > 0) throw new UsageError(`--whitelist takes "default" and IPs or CIDRs, got "${bad[0] ?? ''}"`);
  }
  const timeoutMs = parsePositiveInt('--timeout', values.timeout, DEFAULT_LAPI_TIMEOUT_MS, 120_000);

  // The LAPI: flags over the environment (a key file replaces an inline key).
  const env: Record<string, string | undefined> = { ...io.env };
  if (values.url !== undefined) env.EDGELENS_CROWDSEC_URL = values.url;
  if (values['key-file'] !== undefined) {
    env.EDGELENS_CROWDSEC_KEY_FILE = values['key-file'];
    delete env.EDGELENS_CROWDSEC_KEY;
  }

  let objects: KubeObject[] | undefined;
  let snapshotCtx: AddressContext | undefined;
  if (values.snapshot !== undefined) {
    const text = await readInput(values.snapshot, io);
    const [{ parseSnapshot, SnapshotError }, { addressContextFromObjects }] = await Promise.all([import('@/lib/snapshot/parse'), import('@/lib/logs/address-context')]);
    try {
      objects = parseSnapshot(text, { source: 'snapshot' }).objects;
    } catch (err) {
      if (err instanceof SnapshotError) throw new UsageError(`--snapshot ${values.snapshot}: ${err.message}`, { cause: err });
      throw err;
    }
    snapshotCtx = addressContextFromObjects(objects);
  }
  const addresses = mergeAddressContexts(snapshotCtx, addressFlags(values));

  const ownKey = await ownKeyOf(env);
  const filePlugins: BouncerPlugin[] = [];
  for (const path of values['traefik-config'] ?? []) {
    let doc: unknown;
    try {
      doc = loadYaml(await readInput(path, io), { schema: CORE_SCHEMA });
    } catch (err) {
      if (err instanceof UsageError) throw err;
      throw new UsageError(`--traefik-config ${path}: not YAML (${err instanceof Error ? err.message.split('\n')[0] : String(err)})`, { cause: err });
    }
    filePlugins.push(...bouncerPluginsFromDynamicConfig(doc, path, ownKey ? { raw: ownKey, redacted: redactedFingerprint(ownKey) } : {}));
  }

  let logs: LogReport | null = null;
  let logText = '';
  if (values.logs !== undefined) {
    logText = await readInput(values.logs, io);
    logs = analyzeLogText(logText, addresses, { ...(hub?.success ? { crowdsecHub: hub.data as CrowdsecHub } : {}), ...(whitelist ? { crowdsecWhitelist: whitelist } : {}) });
  }

  const seen = logText ? headersSeen(logText) : null;
  const report = await runCrowdsecCheck({ env, logs, addresses, ...(objects ? { objects } : {}), filePlugins, timeoutMs, ...(seen ? { headersSeen: seen } : {}) });
  if (values.json) printJson(io, report);
  else io.out(formatCrowdsecReport(report));
  return crowdsecExitCode(report);
}

/** edgelens's own key (to recognise a bouncer plugin that shares it); undefined when unset or unreadable. */
async function ownKeyOf(env: Readonly<Record<string, string | undefined>>): Promise<string | undefined> {
  const { readCrowdsecConfig } = await import('@/probes/crowdsec/config');
  const cfg = readCrowdsecConfig(env);
  return cfg.ok ? cfg.config?.apiKey : undefined;
}
