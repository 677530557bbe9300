// Pure CrowdSec analysis: LapiObservation (+ per-router source classes from the
// Traefik logs) → CrowdsecReport. Rules are small objects run by one driver.
import { CROWDSEC_RULES, LAPI_NETWORK_ERRORS, withSteps } from '@/lib/model';
import type {
  AddressClass,
  AddressContext,
  BouncerPlugin,
  ClassifiedAlert,
  ClassifiedDecision,
  CrowdsecAssumption,
  CrowdsecReport,
  CrowdsecVisibility,
  CrowdsecVerdict,
  Finding,
  LapiCall,
  LapiObservation,
} from '@/lib/model';
import { classifyTarget } from './crowdsec-classify';
import { checkBouncers, type BouncerFacts } from './crowdsec-bouncer';
import { parseGoDuration, shortDuration } from './crowdsec-duration';

export interface RouterSources {
  router: string;
  byClass: Partial<Record<AddressClass, number>>;
  requests: number;
  /** What CrowdSec can see of the router (lib/logs/crowdsec-visibility.ts); blindness is judged on it. */
  crowdsec?: CrowdsecVisibility;
}

export interface CrowdsecContext {
  classify: (ip: string) => AddressClass;
  /** Node IPs, pod CIDRs and LB IPs, so a Range decision can name what it covers. */
  addresses?: AddressContext;
  /** Source classes per Traefik router (the `logs` report), for crowdsec-blind. */
  routers?: RouterSources[];
  /** The hub behaviour and whitelist the routers' crowdsec tallies assume (the logs report's `crowdsec.assumed`). */
  assumed?: CrowdsecAssumption;
  now: Date;
  /** CrowdSec bouncer plugins found in Traefik's configuration, with what the logs show, for the plugin checks. */
  bouncers?: { plugins: BouncerPlugin[]; facts: Omit<BouncerFacts, 'scopes'> };
  /** Public decisions kept in the report (internal ones are always kept); default 200. */
  maxPublicDecisions?: number;
}

/** Everything the rules read, computed once. */
interface CrowdsecFacts {
  obs: LapiObservation;
  decisions: Array<{ decision: ClassifiedDecision; covers: string[] }>;
  blind: RouterSources[];
  /** Routers where most of what CrowdSec sees is a node, pod or LB address. */
  infra: RouterSources[];
  assumed: CrowdsecAssumption | undefined;
}

interface CrowdsecRule {
  id: string;
  check(facts: CrowdsecFacts): Finding[];
}

const DEFAULT_MAX_PUBLIC = 200;

const CLASS_WORDS: Record<AddressClass, string> = {
  node: 'node address',
  lb: 'load-balancer IP',
  pod: 'pod address',
  loopback: 'loopback address',
  private: 'private address',
  cgnat: 'CGNAT address',
  linklocal: 'link-local address',
  public: 'public address',
  documentation: 'documentation address',
};

const CLASS_PLURALS: Record<AddressClass, string> = {
  node: 'node addresses',
  lb: 'load-balancer IPs',
  pod: 'pod addresses',
  loopback: 'loopback addresses',
  private: 'private addresses',
  cgnat: 'CGNAT addresses',
  linklocal: 'link-local addresses',
  public: 'public addresses',
  documentation: 'documentation addresses',
};

const PRESERVE_FIX =
  'Preserve the client IP up to Traefik: externalTrafficPolicy: Local on the Traefik Service, or a PROXY-protocol load balancer in front with entryPoints.websecure.proxyProtocol.trustedIPs (see the Fix page).';

export function analyzeCrowdsec(obs: LapiObservation | null, ctx: CrowdsecContext): CrowdsecReport {
  const generatedAt = ctx.now.toISOString();
  const blind = (ctx.routers ?? []).filter(isBlind);
  const infra = (ctx.routers ?? []).filter(seesInfrastructure);
  const routerPart = ctx.routers
    ? {
        blindRouters: blind.map((r) => r.router),
        routers: ctx.routers.flatMap((r) => (r.crowdsec ? [{ router: r.router, ...r.crowdsec }] : [])),
        ...(ctx.assumed ? { assumed: ctx.assumed } : {}),
      }
    : {};
  const bouncerPart = ctx.bouncers ? { bouncers: ctx.bouncers.plugins } : {};
  const bouncerFindings = (scopes: Record<string, number>): Finding[] => (ctx.bouncers ? checkBouncers(ctx.bouncers.plugins, { ...ctx.bouncers.facts, scopes }) : []);
  if (obs === null) {
    return {
      lapi: { url: '', reachable: false, healthy: null, auth: 'not-configured' },
      decisions: [],
      decisionsTotal: 0,
      decisionsOmitted: 0,
      decisionsByClass: {},
      ...routerPart,
      ...bouncerPart,
      verdict: 'not-configured',
      explanation:
        'CrowdSec is not configured: set EDGELENS_CROWDSEC_URL and a dedicated bouncer key (EDGELENS_CROWDSEC_KEY or EDGELENS_CROWDSEC_KEY_FILE) to check its decisions.',
      findings: bouncerFindings({}),
      generatedAt,
    };
  }

  const classified = (obs.decisions?.items ?? []).map((d) => {
    const t = classifyTarget(d.scope, d.value, ctx.classify, ctx.addresses);
    const ms = parseGoDuration(d.duration);
    const flags = d.simulated === true ? [...t.flags, 'simulated'] : t.flags;
    const decision: ClassifiedDecision = { ...d, class: t.class, flags, ...(ms === null ? {} : { expiresAt: new Date(ctx.now.getTime() + ms).toISOString() }) };
    return { decision, covers: t.covers };
  });
  const facts: CrowdsecFacts = { obs, decisions: classified, blind, infra, assumed: ctx.assumed };
  const scopes: Record<string, number> = {};
  for (const c of classified) scopes[c.decision.scope] = (scopes[c.decision.scope] ?? 0) + 1;
  const findings = [...RULES.flatMap((rule) => rule.check(facts)), ...bouncerFindings(scopes)].map(withSteps);

  const internal = classified.filter((c) => isInternal(c.decision)).map((c) => c.decision);
  const publicOnes = classified.filter((c) => !isInternal(c.decision)).map((c) => c.decision);
  const keptPublic = publicOnes.slice(0, ctx.maxPublicDecisions ?? DEFAULT_MAX_PUBLIC);

  const lapi = lapiSummary(obs);
  const verdict = verdictOf(obs, lapi, internal.length > 0 || infra.length > 0, blind.length > 0);
  const report: CrowdsecReport = {
    lapi,
    decisions: [...internal, ...keptPublic],
    decisionsTotal: classified.length,
    decisionsOmitted: publicOnes.length - keptPublic.length,
    decisionsByClass: countByClass(classified.map((c) => c.decision)),
    ...(obs.alerts === null ? {} : { alerts: obs.alerts.items.map((a) => classifyAlert(a, ctx)) }),
    ...routerPart,
    ...bouncerPart,
    verdict,
    explanation: explain(verdict, obs, lapi, internal, blind, classified.length, infra),
    findings,
    generatedAt,
  };
  return report;
}

/**
 * A router is blind to CrowdSec when CrowdSec can use under half of its requests
 * (`blind` under 5%, `mostly-blind` under 50%), judged with CrowdSec's own parser
 * source and whitelist. Without those tallies (an old logs report): no public source at all.
 */
function isBlind(r: RouterSources): boolean {
  if (r.requests === 0) return false;
  if (r.crowdsec) return r.crowdsec.sight !== 'sees';
  return (r.byClass.public ?? 0) === 0 && (r.byClass.documentation ?? 0) === 0;
}

/** CrowdSec sees the router's traffic, but mostly as node, pod or LB addresses (SNAT onto a public node address). */
function seesInfrastructure(r: RouterSources): boolean {
  const cs = r.crowdsec;
  return cs !== undefined && cs.requests > 0 && cs.infrastructure / cs.requests >= 0.5;
}

/** Every decision counted once, by its class (`none` for non-address scopes). */
function countByClass(decisions: readonly ClassifiedDecision[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const d of decisions) {
    const k = d.class ?? 'none';
    out[k] = (out[k] ?? 0) + 1;
  }
  return out;
}

function isInternal(d: ClassifiedDecision): boolean {
  return d.flags.includes('internal-address') && !d.flags.includes('simulated');
}

function isNetworkFailure(call: LapiCall): boolean {
  return call.error !== null && LAPI_NETWORK_ERRORS.includes(call.error);
}

function lapiSummary(obs: LapiObservation): CrowdsecReport['lapi'] {
  const reachable = !isNetworkFailure(obs.health);
  const healthy = obs.health.ok ? obs.health.up : obs.health.error === 'http' ? false : null;
  const configured = [obs.decisions, obs.alerts].filter((c): c is NonNullable<typeof c> => c !== null);
  // `unknown`: credentials are configured but the LAPI never got to judge them (unreachable).
  const auth = configured.some((c) => c.error === 'auth')
    ? 'failed'
    : configured.length === 0
      ? 'not-configured'
      : configured.some((c) => c.ok)
        ? 'ok'
        : 'unknown';
  const firstError = [obs.health, obs.decisions, obs.alerts].find((c): c is NonNullable<typeof c> => c !== null && !c.ok);
  return { url: obs.url, reachable, healthy, auth, ...(firstError?.detail ? { error: firstError.detail } : {}) };
}

function verdictOf(obs: LapiObservation, lapi: CrowdsecReport['lapi'], dangerous: boolean, blind: boolean): CrowdsecVerdict {
  if (dangerous) return 'dangerous';
  if (!lapi.reachable) return 'unreachable';
  if (obs.decisions?.error === 'auth') return 'auth-failed';
  if (obs.decisions !== null && !obs.decisions.ok) return 'unreachable';
  if (blind) return 'blind';
  if (obs.decisions === null) return 'not-configured';
  return 'ok';
}

function explain(
  verdict: CrowdsecVerdict,
  obs: LapiObservation,
  lapi: CrowdsecReport['lapi'],
  internal: ClassifiedDecision[],
  blind: RouterSources[],
  total: number,
  infra: RouterSources[],
): string {
  switch (verdict) {
    case 'dangerous': {
      if (internal.length === 0) {
        const r = infra[0];
        const ips = (r?.crowdsec?.infrastructureSources ?? []).map((s) => s.ip).join(', ');
        return `CrowdSec sees the traffic of ${infra.length} router${infra.length === 1 ? '' : 's'} (${infra.map((x) => x.router).join(', ')}) as coming from cluster addresses${ips ? ` (${ips})` : ''}: a ban it raises there would block everyone behind that address. No decision targets an internal address yet (${total} decision${total === 1 ? '' : 's'}).`;
      }
      const names = internal.slice(0, 3).map((d) => `${d.value} (${d.flags.filter((f) => f !== 'internal-address').join(', ')})`);
      const more = internal.length > 3 ? ` and ${internal.length - 3} more` : '';
      return `${internal.length} of ${total} CrowdSec decision${total === 1 ? '' : 's'} target internal addresses: ${names.join('; ')}${more}. A bouncer enforcing them blocks your own nodes or every client routed through them.`;
    }
    case 'auth-failed':
      return `The CrowdSec LAPI at ${lapi.url} rejected the bouncer key (${obs.decisions?.detail ?? 'HTTP 403'}): decisions cannot be read.`;
    case 'unreachable':
      return `edgelens cannot read the CrowdSec LAPI at ${lapi.url}: ${lapi.error ?? 'no answer'}.`;
    case 'blind': {
      const each = blind.map((r) => `${r.router}: ${r.crowdsec ? `sees ${pct(r.crowdsec.share)} of ${r.requests}` : `no public source in ${r.requests}`}`);
      return `CrowdSec is ${obs.decisions === null ? 'reachable' : `reachable (${total} decision${total === 1 ? '' : 's'}, none on internal addresses)`} but blind or mostly blind on ${blind.length} router${blind.length === 1 ? '' : 's'} (${each.join('; ')}): the source its traefik-logs parser takes is on its whitelist (node, LAN or loopback addresses) or is not an IP, so those events are dropped.`;
    }
    case 'not-configured':
      return `The CrowdSec LAPI at ${lapi.url} is ${lapi.healthy === false ? 'not healthy' : 'up'}, but no bouncer key is configured, so its decisions cannot be read: create a dedicated one with "cscli bouncers add edgelens" and set EDGELENS_CROWDSEC_KEY or EDGELENS_CROWDSEC_KEY_FILE.`;
    case 'ok':
      return `The CrowdSec LAPI at ${lapi.url} is ${lapi.healthy === false ? 'answering (but /health is not "up")' : 'healthy'}: ${total} decision${total === 1 ? '' : 's'}, none on internal addresses.`;
  }
}

function classifyAlert(a: NonNullable<LapiObservation['alerts']>['items'][number], ctx: CrowdsecContext): ClassifiedAlert {
  const scope = a.source?.scope ?? null;
  const value = a.source?.value ?? a.source?.ip ?? a.source?.range ?? null;
  const t = classifyTarget(scope, value, ctx.classify, ctx.addresses);
  return {
    id: a.id,
    scenario: a.scenario,
    scope,
    value,
    class: t.class,
    flags: a.simulated === true ? [...t.flags, 'simulated'] : t.flags,
    machineId: a.machine_id ?? null,
    createdAt: a.created_at ?? null,
    eventsCount: a.events_count ?? null,
    decisions: a.decisions?.length ?? 0,
  };
}

const lapiSubject = (obs: LapiObservation) => ({ kind: 'CrowdSecLAPI', name: obs.url });

const decisionOnInternalIp: CrowdsecRule = {
  id: CROWDSEC_RULES.decisionOnInternalIp,
  check: ({ decisions }) =>
    decisions
      .filter(({ decision }) => isInternal(decision))
      .map(({ decision: d, covers }): Finding => {
        const isRange = d.flags.includes('range');
        const classes = d.flags.filter((f): f is AddressClass => f in CLASS_WORDS);
        const what = isRange
          ? `range ${d.value}, which covers ${classes.map((c) => CLASS_PLURALS[c]).join(', ')}`
          : `${CLASS_WORDS[d.class ?? 'private']} ${d.value}`;
        const expires = d.expiresAt ? `, expires ${d.expiresAt} (in ${shortDuration(parseGoDuration(d.duration) ?? 0)})` : '';
        return {
          rule: CROWDSEC_RULES.decisionOnInternalIp,
          severity: 'error',
          subjects: [{ kind: 'CrowdSecDecision', name: String(d.id) }],
          ...(isRange ? {} : { ip: d.value }),
          message: `CrowdSec has a ${d.type} decision on ${what}.`,
          evidence: [
            `decision #${d.id}: type ${d.type}, scope ${d.scope}, value ${d.value}, origin ${d.origin}, scenario "${d.scenario}"${expires}`,
            ...(isRange ? covers : [`${d.value} is a ${CLASS_WORDS[d.class ?? 'private']}`]),
          ],
          why: isRange
            ? 'A range decision on internal space blocks your own infrastructure: every node, pod or load-balancer address in it, and every client whose traffic is SNATed through them.'
            : 'Behind kube-proxy SNAT (externalTrafficPolicy: Cluster) clients arrive as node addresses, so CrowdSec blames the node. A bouncer enforcing this decision blocks every client routed through that address — one attacker gets everyone banned — and can cut health checks and node-to-node traffic.',
          fix: `Remove it now: cscli decisions delete ${isRange ? `--range ${d.value}` : `--ip ${d.value}`} (or --id ${d.id}). Then keep it from coming back: ${PRESERVE_FIX} Whitelist your node, pod and load-balancer ranges in a CrowdSec whitelist (a parser in s02-enrich or a postoverflow) so infrastructure can never be banned.`,
        };
      }),
};

const pct = (x: number): string => `${Math.round(x * 1000) / 10}%`;

const WHITELIST_WHY =
  "CrowdSec's traefik-logs parser takes one source address per request, and the crowdsecurity/whitelists parser drops every event whose source is on the whitelist (by default 127.0.0.0/8, ::1, 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16 — not CGNAT or IPv6 ULA). When Traefik logs node addresses instead of clients, those events never reach a scenario: CrowdSec is not wrong, it is silent.";

const blindRule: CrowdsecRule = {
  id: CROWDSEC_RULES.blind,
  check: ({ blind, assumed }) =>
    blind.map((r): Finding => {
      const counts = Object.entries(r.byClass)
        .filter(([, n]) => (n ?? 0) > 0)
        .map(([c, n]) => `${c} ${n}`)
        .join(', ');
      const cs = r.crowdsec;
      const message = cs
        ? `CrowdSec can use ${cs.visible} of ${r.requests} requests (${pct(cs.share)}) on router ${r.router}: ${cs.sight === 'blind' ? 'it is blind there' : 'it is mostly blind there'}.`
        : `CrowdSec cannot see attackers on router ${r.router}: all ${r.requests} requests came from node, pod or private addresses.`;
      return {
        rule: CROWDSEC_RULES.blind,
        severity: 'warning',
        subjects: [{ kind: 'TraefikRouter', name: r.router }],
        message,
        evidence: [
          `sources on ${r.router} (as Traefik logs the client): ${counts || 'none classified'}`,
          ...(cs
            ? [
                `as CrowdSec reads them: ${cs.visible} kept, ${cs.whitelisted} dropped by the whitelist, ${cs.unusable} with no usable IP`,
                ...(assumed ? [`assumed: ${assumed.hub} (${assumed.source}); whitelist ${assumed.whitelist.join(', ')} (${assumed.whitelistFrom})`] : []),
              ]
            : ['no request came from a public address']),
        ],
        why: `${WHITELIST_WHY} (If these really are LAN clients, this is expected.)`,
        fix: `${PRESERVE_FIX} Do not remove the whitelist instead: CrowdSec would then ban your own nodes.${cs && cs.unusable > cs.whitelisted ? ' The sources that are not an IP are X-Forwarded-For lists: update the crowdsecurity/traefik-logs parser (cscli parsers upgrade crowdsecurity/traefik-logs; since 2026-01 it reads the last entry).' : ''}`,
      };
    }),
};

const infrastructureRule: CrowdsecRule = {
  id: CROWDSEC_RULES.infrastructureSource,
  check: ({ infra }) =>
    infra.map((r): Finding => {
      const cs = r.crowdsec;
      const sources = (cs?.infrastructureSources ?? []).map((s) => `${s.ip} (${s.class}): ${s.requests} requests`);
      return {
        rule: CROWDSEC_RULES.infrastructureSource,
        severity: 'warning',
        subjects: [{ kind: 'TraefikRouter', name: r.router }],
        message: `CrowdSec sees ${cs?.infrastructure ?? 0} of ${r.requests} requests on router ${r.router} as coming from cluster addresses${sources.length ? ` (${(cs?.infrastructureSources ?? []).map((s) => s.ip).join(', ')})` : ''}: a ban it raised would block everyone behind that address.`,
        evidence: [...sources, 'these addresses are not on the whitelist (a node with a public address), so CrowdSec keeps the events and would act on them'],
        why: 'Behind SNAT every visitor arrives as the node. CrowdSec counts all of them as one client: one abusive visitor gets the node banned, and with it every other visitor routed through it.',
        fix: `${PRESERVE_FIX} Until then, whitelist the node addresses in CrowdSec (a parser in s02-enrich listing them) so the node itself can never be banned.`,
      };
    }),
};

const unreachableRule: CrowdsecRule = {
  id: CROWDSEC_RULES.unreachable,
  check: ({ obs }) => {
    const failed = isNetworkFailure(obs.health)
      ? obs.health
      : obs.decisions !== null && !obs.decisions.ok && obs.decisions.error !== 'auth'
        ? obs.decisions
        : null;
    if (failed === null) return [];
    const reason = failed.error ?? 'error';
    return [
      {
        rule: CROWDSEC_RULES.unreachable,
        severity: 'warning',
        subjects: [lapiSubject(obs)],
        message: `edgelens cannot read the CrowdSec LAPI at ${obs.url}: ${reasonWords(reason)}.`,
        evidence: [failed.detail ?? reason, ...(failed.status !== null ? [`HTTP status ${failed.status}`] : [])],
        why: 'Without the LAPI edgelens cannot tell whether CrowdSec has banned a node, load-balancer or pod address.',
        fix:
          reason === 'invalid-url'
            ? 'Set EDGELENS_CROWDSEC_URL to the LAPI base URL, e.g. http://crowdsec-service.crowdsec:8080 (no credentials in it).'
            : 'Check EDGELENS_CROWDSEC_URL (the LAPI listens on :8080; in Kubernetes the Helm chart names the Service <release>-service), that the LAPI pod is running, and that no NetworkPolicy blocks edgelens from it.',
      },
    ];
  },
};

const authFailedRule: CrowdsecRule = {
  id: CROWDSEC_RULES.authFailed,
  check: ({ obs }) => {
    const out: Finding[] = [];
    if (obs.decisions?.error === 'auth') {
      out.push({
        rule: CROWDSEC_RULES.authFailed,
        severity: 'error',
        subjects: [lapiSubject(obs)],
        message: `The CrowdSec LAPI at ${obs.url} rejected the bouncer key.`,
        evidence: [obs.decisions.detail ?? 'HTTP 403'],
        why: 'With a rejected key edgelens cannot read any decision, so a ban on an internal address would go unnoticed.',
        fix: 'Create a dedicated key with "cscli bouncers add edgelens" (a real bouncer\'s key would move its LastPull window) and put it in EDGELENS_CROWDSEC_KEY or the file named by EDGELENS_CROWDSEC_KEY_FILE.',
      });
    }
    if (obs.alerts?.error === 'auth') {
      out.push({
        rule: CROWDSEC_RULES.authFailed,
        severity: 'error',
        subjects: [lapiSubject(obs)],
        message: `The CrowdSec LAPI at ${obs.url} rejected the machine ${obs.alerts.step === 'login' ? 'login' : 'token'} used to read alerts.`,
        evidence: [obs.alerts.detail ?? 'HTTP 401'],
        why: 'Alerts show which scenarios fired on which source; without them edgelens only sees active decisions.',
        fix: 'Register a machine with "cscli machines add edgelens --auto" and set EDGELENS_CROWDSEC_MACHINE_ID and EDGELENS_CROWDSEC_MACHINE_PASSWORD (or _FILE), or unset both to skip alerts.',
      });
    }
    return out;
  },
};

function reasonWords(kind: string): string {
  switch (kind) {
    case 'refused':
      return 'connection refused';
    case 'timeout':
      return 'no answer before the timeout';
    case 'dns':
      return 'the host name does not resolve';
    case 'tls':
      return 'the TLS handshake failed';
    case 'aborted':
      return 'the request was cancelled';
    case 'invalid-url':
      return 'the configured URL is not valid';
    case 'http':
      return 'it answered with an HTTP error';
    case 'invalid-response':
      return 'the answer is not what a CrowdSec LAPI sends';
    default:
      return 'the network path failed';
  }
}

const RULES: readonly CrowdsecRule[] = [decisionOnInternalIp, blindRule, infrastructureRule, unreachableRule, authFailedRule];
