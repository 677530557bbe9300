// CrowdSec LAPI: what the probe observed (LapiObservation) and what the
// analyzer concluded (CrowdsecReport). Shapes follow REFERENCE.md; the bouncer
// key, machine password and JWT never appear in any of these objects.
import { z } from 'zod';
import { findingSchema } from './finding';
import { addressClassSchema } from './logs';
import { crowdsecAssumptionSchema, crowdsecVisibilitySchema } from './crowdsec-visibility';
import { bouncerPluginSchema } from './crowdsec-bouncer';

/**
 * One decision as `GET /v1/decisions` returns it. `uuid` and `simulated` are
 * absent in older LAPIs (1.4.x); `scope` is a string because CrowdSec also has
 * custom scopes (Country, AS, Username …) besides "Ip" and "Range".
 */
export const decisionSchema = z.object({
  id: z.number(),
  origin: z.string(),
  type: z.string(),
  scope: z.string(),
  value: z.string(),
  duration: z.string(),
  scenario: z.string(),
  uuid: z.string().optional(),
  simulated: z.boolean().optional(),
});
export type Decision = z.infer<typeof decisionSchema>;

/** `GET /v1/decisions`: JSON `null` means "no decisions". */
export const decisionListSchema = z
  .array(decisionSchema)
  .nullable()
  .transform((list) => list ?? []);

/** One alert as `GET /v1/alerts` returns it (machine auth); only the fields edgelens shows. */
export const alertSchema = z.object({
  id: z.number(),
  scenario: z.string(),
  message: z.string().nullish(),
  machine_id: z.string().nullish(),
  created_at: z.string().nullish(),
  events_count: z.number().nullish(),
  simulated: z.boolean().nullish(),
  source: z
    .object({
      ip: z.string().nullish(),
      range: z.string().nullish(),
      scope: z.string().nullish(),
      value: z.string().nullish(),
      cn: z.string().nullish(),
      as_name: z.string().nullish(),
    })
    .nullish(),
  decisions: z.array(decisionSchema).nullish(),
});
export type Alert = z.infer<typeof alertSchema>;
export const alertListSchema = z
  .array(alertSchema)
  .nullable()
  .transform((list) => list ?? []);

/**
 * Why one LAPI call failed. `refused`, `timeout`, `dns`, `unreachable`, `tls`
 * and `aborted` mean no usable HTTP answer (the LAPI is unreachable); `auth`
 * is a 401/403; `http` any other non-2xx; `invalid-response` a body that is
 * not what the LAPI sends; `invalid-url` a configuration problem.
 */
export const lapiErrorKindSchema = z.enum([
  'refused',
  'timeout',
  'dns',
  'unreachable',
  'tls',
  'aborted',
  'auth',
  'http',
  'invalid-response',
  'invalid-url',
]);
export type LapiErrorKind = z.infer<typeof lapiErrorKindSchema>;

/** Error kinds that mean "no HTTP conversation happened". */
export const LAPI_NETWORK_ERRORS: readonly LapiErrorKind[] = ['refused', 'timeout', 'dns', 'unreachable', 'tls', 'aborted', 'invalid-url'];

/** The outcome of one HTTP call to the LAPI. `detail` is human text, already free of secrets. */
export const lapiCallSchema = z.object({
  ok: z.boolean(),
  error: lapiErrorKindSchema.nullable(),
  status: z.number().nullable(),
  detail: z.string().nullable(),
  ms: z.number().nullable(),
});
export type LapiCall = z.infer<typeof lapiCallSchema>;

export const lapiObservationSchema = z.object({
  /** The LAPI base URL without credentials, query or fragment; `(invalid URL)` when unparsable. */
  url: z.string(),
  observedAt: z.string(),
  /** `GET /health`; `up` is true when it answered `{"status":"up"}`. */
  health: lapiCallSchema.extend({ up: z.boolean().nullable() }),
  /** `GET /v1/decisions` with the bouncer key; null when no key is configured. */
  decisions: lapiCallSchema.extend({ items: z.array(decisionSchema) }).nullable(),
  /** `POST /v1/watchers/login` then `GET /v1/alerts`; null when no machine is configured. */
  alerts: lapiCallSchema.extend({ step: z.enum(['login', 'alerts']), items: z.array(alertSchema) }).nullable(),
});
export type LapiObservation = z.infer<typeof lapiObservationSchema>;

export const classifiedDecisionSchema = decisionSchema.extend({
  /**
   * Class of the address; for a Range, the most alarming class it covers (node, lb, pod,
   * loopback, private, cgnat, linklocal — public when it covers none); null for non-address scopes.
   */
  class: addressClassSchema.nullable(),
  /**
   * `internal-address` plus the class(es) it hits (`node`, `lb`, `pod`,
   * `private`, `loopback`, `cgnat`, `linklocal`), `range` for a Range decision,
   * `simulated`, and `not-an-address` for scopes such as Country.
   */
  flags: z.array(z.string()),
  /** `now` + `duration`, when the duration parses. */
  expiresAt: z.string().optional(),
});
export type ClassifiedDecision = z.infer<typeof classifiedDecisionSchema>;

export const classifiedAlertSchema = z.object({
  id: z.number(),
  scenario: z.string(),
  scope: z.string().nullable(),
  value: z.string().nullable(),
  class: addressClassSchema.nullable(),
  flags: z.array(z.string()),
  machineId: z.string().nullable(),
  createdAt: z.string().nullable(),
  eventsCount: z.number().nullable(),
  decisions: z.number(),
});
export type ClassifiedAlert = z.infer<typeof classifiedAlertSchema>;

export const crowdsecVerdictSchema = z.enum(['ok', 'blind', 'dangerous', 'unreachable', 'auth-failed', 'not-configured']);
export type CrowdsecVerdict = z.infer<typeof crowdsecVerdictSchema>;

export const crowdsecReportSchema = z.object({
  lapi: z.object({
    url: z.string(),
    reachable: z.boolean(),
    healthy: z.boolean().nullable(),
    /** `unknown`: credentials are configured but the LAPI could not be reached to check them. */
    auth: z.enum(['ok', 'failed', 'not-configured', 'unknown']),
    error: z.string().optional(),
  }),
  /** Internal-address decisions always; public ones up to the analyzer's cap (see decisionsOmitted). */
  decisions: z.array(classifiedDecisionSchema),
  decisionsTotal: z.number(),
  decisionsOmitted: z.number(),
  /** Every decision (not only the listed ones) by the class of its target; `none` for Country, AS and other scopes. */
  decisionsByClass: z.record(z.string(), z.number()).optional(),
  /** Per router: what CrowdSec can see (from the logs, computed with CrowdSec's parser and whitelist). */
  routers: z.array(crowdsecVisibilitySchema.extend({ router: z.string() })).optional(),
  /** The hub behaviour and whitelist the router figures assume. */
  assumed: crowdsecAssumptionSchema.optional(),
  /** Set when this is the last good reading served because the LAPI did not answer in time. */
  stale: z.object({ since: z.string(), reason: z.string() }).optional(),
  /** CrowdSec bouncer plugin configurations found in Traefik Middlewares or files (null entries never; absent when none were read). */
  bouncers: z.array(bouncerPluginSchema).optional(),
  /** How edgelens reads the LAPI and what that does to the bouncer whose key it uses. */
  polling: z.object({ endpoint: z.string(), everySeconds: z.number(), effects: z.array(z.string()) }).optional(),
  alerts: z.array(classifiedAlertSchema).optional(),
  /** Routers CrowdSec is blind or mostly blind on (its whitelist drops, or it cannot parse, most of their sources). */
  blindRouters: z.array(z.string()).optional(),
  verdict: crowdsecVerdictSchema,
  explanation: z.string(),
  findings: z.array(findingSchema),
  generatedAt: z.string(),
});
export type CrowdsecReport = z.infer<typeof crowdsecReportSchema>;

/**
 * Stable CrowdSec rule ids (CONTRACT.md style):
 *
 * | rule | severity | when |
 * |---|---|---|
 * | `crowdsec-decision-on-internal-ip` | error | an active (non-simulated) decision targets a node, LB, pod, private, loopback, CGNAT or link-local address, or a Range covering one |
 * | `crowdsec-blind` | warning | CrowdSec can use under 50% of a router's requests (its traefik-logs parser's source is whitelisted or not an IP) |
 * | `crowdsec-source-is-infrastructure` | warning | CrowdSec sees a node, pod or LB address as the client of a router (e.g. a node with a public address behind SNAT): a ban on it would block everyone behind it |
 * | `crowdsec-unreachable` | warning | no usable answer from the LAPI (refused, timeout, DNS, TLS, invalid URL, HTTP error, not a LAPI answer) |
 * | `crowdsec-auth-failed` | error | the LAPI rejected the bouncer key (403) or the machine login/token (401) |
 */
export const CROWDSEC_RULES = {
  decisionOnInternalIp: 'crowdsec-decision-on-internal-ip',
  blind: 'crowdsec-blind',
  unreachable: 'crowdsec-unreachable',
  authFailed: 'crowdsec-auth-failed',
  infrastructureSource: 'crowdsec-source-is-infrastructure',
} as const;
