// Probe targets: the ones the operator configured (EDGELENS_PROBE_TARGETS as JSON, or
// EDGELENS_PROBE_TARGETS_FILE as YAML/JSON, re-read when the file changes) and the ones discovered
// in the cluster report (each LB IP with TCP/443 and/or UDP/443).
// Safety: discovered addresses are data first. In the lab they are scenario addresses (10.0.20.x)
// and are never probed; in a real cluster only with EDGELENS_PROBE_DISCOVERED=true.
import { stat, readFile } from 'node:fs/promises';
import { isIP } from 'node:net';
import { CORE_SCHEMA, load } from 'js-yaml';
import { z } from 'zod';
import { probeKindSchema, type ClusterReport, type ProbeKind, type ProbeTargetSource } from '@/lib/model';

const NAME = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const HOSTNAME = /^(?=.{1,253}\.?$)(?:[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9])?)(?:\.[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9])?)*\.?$/i;

export const MAX_TARGETS = 200;

const hostSchema = z
  .string()
  .refine((h) => isIP(h) !== 0 || HOSTNAME.test(h), 'must be an IP address (IPv6 without brackets) or a hostname');
const ipSchema = z.string().refine((h) => isIP(h) !== 0, 'must be an IP address');

export const probeTargetConfigSchema = z.strictObject({
  name: z.string().regex(NAME, 'names are lowercase letters, digits and dashes (at most 63)'),
  host: hostSchema,
  port: z.number().int().min(1).max(65535),
  sni: z.string().regex(HOSTNAME, 'must be a hostname').optional(),
  path: z.string().startsWith('/', 'must start with /').max(2048).optional(),
  kinds: z.array(probeKindSchema).min(1).default(['tcp', 'h3']),
  /** Skip certificate verification (self-signed / internal CA); the certificate is still reported. */
  insecure: z.boolean().default(false),
  /** The LoadBalancer IP that should serve `host` (a hostname): enables the hairpin / split-horizon checks. */
  lb: ipSchema.optional(),
});
export type ProbeTargetConfig = z.infer<typeof probeTargetConfigSchema>;

const targetListSchema = z
  .array(probeTargetConfigSchema)
  .max(MAX_TARGETS)
  .superRefine((list, ctx) => {
    const seen = new Set<string>();
    list.forEach((t, i) => {
      if (seen.has(t.name)) ctx.addIssue({ code: 'custom', path: [i, 'name'], message: `duplicate target name "${t.name}"` });
      seen.add(t.name);
    });
  });

/** A file may hold the bare list or `{ targets: [...] }`. */
const targetsDocumentSchema = z.preprocess(
  // Pick the shape first so an error points into the list instead of "matches neither form".
  (raw) => (typeof raw === 'object' && raw !== null && !Array.isArray(raw) && 'targets' in raw ? raw.targets : raw),
  targetListSchema,
);

/** A target as the scheduler and the API see it, whatever its source. */
export interface ProbeTargetSpec {
  name: string;
  host: string;
  port: number;
  sni: string | null;
  path: string | null;
  kinds: ProbeKind[];
  insecure: boolean;
  lb: string | null;
  source: ProbeTargetSource;
  /** Per-sample timeout for this target instead of the setting (the lab's own HTTP/3 server). */
  timeoutMs?: number;
  /** false: listed, never probed (see `reason`). */
  probe: boolean;
  reason?: string;
}

export interface TargetList {
  targets: ProbeTargetSpec[];
  /** Why the configured list could not be used, if so (the list is then empty). */
  error: string | null;
}

function fromConfig(t: ProbeTargetConfig): ProbeTargetSpec {
  return {
    name: t.name,
    host: t.host,
    port: t.port,
    sni: t.sni ?? null,
    path: t.path ?? null,
    kinds: [...new Set(t.kinds)],
    insecure: t.insecure,
    lb: t.lb ?? null,
    source: 'config',
    probe: true,
  };
}

function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid';
  const where = issue.path.length > 0 ? issue.path.map(String).join('.') : '(root)';
  return `${where}: ${issue.message}`;
}

/** Parses a JSON or YAML target list; `origin` names where it came from in the error. */
export function parseTargetsText(text: string, origin: string, format: 'json' | 'yaml'): TargetList {
  let raw: unknown;
  try {
    raw = format === 'json' ? JSON.parse(text) : load(text, { schema: CORE_SCHEMA });
  } catch (err) {
    return { targets: [], error: `${origin}: not valid ${format.toUpperCase()}: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}` };
  }
  if (raw === null || raw === undefined) return { targets: [], error: null }; // an empty file: no targets
  const parsed = targetsDocumentSchema.safeParse(raw);
  if (!parsed.success) return { targets: [], error: `${origin}: ${firstIssue(parsed.error)}` };
  return { targets: parsed.data.map(fromConfig), error: null };
}

export interface ConfiguredTargetsSource {
  json?: string;
  file?: string;
}

/**
 * The configured targets, with the file re-read only when its mtime or size changes (a test or an
 * operator may write it after the server started). JSON in the variable and the file add up.
 */
export class ConfiguredTargets {
  private cache: { key: string; list: TargetList } | null = null;
  private readonly fromEnv: TargetList | null;

  constructor(private readonly src: ConfiguredTargetsSource) {
    this.fromEnv = src.json ? parseTargetsText(src.json, 'EDGELENS_PROBE_TARGETS', 'json') : null;
  }

  async load(): Promise<TargetList> {
    const lists = [this.fromEnv, this.src.file ? await this.loadFile(this.src.file) : null].filter((l): l is TargetList => l !== null);
    const targets: ProbeTargetSpec[] = [];
    const errors: string[] = [];
    const names = new Set<string>();
    for (const list of lists) {
      if (list.error) errors.push(list.error);
      for (const t of list.targets) {
        if (names.has(t.name)) {
          errors.push(`target "${t.name}" is defined twice (EDGELENS_PROBE_TARGETS and the file); the first one is used`);
          continue;
        }
        names.add(t.name);
        targets.push(t);
      }
    }
    return { targets, error: errors.length > 0 ? errors.join('; ') : null };
  }

  private async loadFile(path: string): Promise<TargetList> {
    let key: string;
    try {
      const s = await stat(path);
      key = `${s.mtimeMs}:${s.size}:${s.ino}`;
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      this.cache = null;
      return { targets: [], error: `EDGELENS_PROBE_TARGETS_FILE ${path}: ${code === 'ENOENT' ? 'no such file' : String(err)}` };
    }
    if (this.cache?.key === key) return this.cache.list;
    let list: TargetList;
    try {
      const text = await readFile(path, 'utf8');
      list = parseTargetsText(text, `EDGELENS_PROBE_TARGETS_FILE ${path}`, /\.json$/i.test(path) ? 'json' : 'yaml');
    } catch (err) {
      list = { targets: [], error: `EDGELENS_PROBE_TARGETS_FILE ${path}: ${err instanceof Error ? err.message : String(err)}` };
    }
    this.cache = { key, list };
    return list;
  }
}

export type DiscoveryMode = 'lab' | 'kube' | 'snapshot';

/** `lb-10-0-20-200`, `lb-fd00--1`: a target name from an LB IP. */
export function lbTargetName(ip: string): string {
  return `lb-${ip.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`.replace(/-+$/, '').slice(0, 63);
}

export const LAB_NOT_PROBED = 'lab scenario address: not probed';
export const DISCOVERED_NOT_PROBED = 'discovered in the cluster: set EDGELENS_PROBE_DISCOVERED=true to probe it';

/**
 * One target per LB IP exposing 443: `tcp` when a service has TCP/443, `h3` when one has UDP/443.
 * In the lab the addresses are scenario data: `probe: false`, always.
 */
export function discoverTargets(report: Pick<ClusterReport, 'loadBalancers'>, opts: { mode: DiscoveryMode; probeDiscovered: boolean }): ProbeTargetSpec[] {
  const out: ProbeTargetSpec[] = [];
  for (const lb of report.loadBalancers) {
    if (isIP(lb.ip) === 0) continue;
    const ports = new Set(lb.services.filter((s) => s.state !== 'requested').flatMap((s) => s.ports));
    const kinds: ProbeKind[] = [];
    if (ports.has('TCP/443')) kinds.push('tcp');
    if (ports.has('UDP/443')) kinds.push('h3');
    if (kinds.length === 0) continue;
    const probe = opts.mode !== 'lab' && opts.probeDiscovered;
    out.push({
      name: lbTargetName(lb.ip),
      host: lb.ip,
      port: 443,
      sni: null,
      path: null,
      kinds,
      // No hostname is known for a bare LB IP: the probe checks reachability, not the certificate.
      insecure: true,
      lb: null,
      source: 'discovered',
      probe,
      ...(probe ? {} : { reason: opts.mode === 'lab' ? LAB_NOT_PROBED : DISCOVERED_NOT_PROBED }),
    });
  }
  return out;
}

/** Configured targets first; a discovered one is dropped when a configured target has its name or its address and port. */
export function mergeTargets(configured: readonly ProbeTargetSpec[], discovered: readonly ProbeTargetSpec[]): ProbeTargetSpec[] {
  const names = new Set(configured.map((t) => t.name));
  const endpoints = new Set(configured.map((t) => `${t.host}|${t.port}`));
  return [...configured, ...discovered.filter((d) => !names.has(d.name) && !endpoints.has(`${d.host}|${d.port}`))];
}
