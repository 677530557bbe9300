// Traefik Middlewares may carry plugin secrets inline (the CrowdSec bouncer's
// crowdsecLapiKey, captcha and Redis passwords, TLS private keys). They are
// replaced here, as the objects are read, by a fingerprint: nothing downstream
// (snapshot, API, logs) ever holds the secret, yet edgelens can still tell whether
// a plugin uses the same LAPI key as itself.
import { createHash } from 'node:crypto';
import type { KubeObject } from '../../lib/model/kube';

const SECRET_KEY = /(key|password|secret)$/i;

/** `redacted:sha256:<first 16 hex>` of a secret value. */
export function redactedFingerprint(secret: string): string {
  return `redacted:sha256:${createHash('sha256').update(secret).digest('hex').slice(0, 16)}`;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A copy of a Middleware with every secret-looking plugin setting fingerprinted; other objects unchanged. */
export function redactPluginSecrets(o: KubeObject): KubeObject {
  if (o.kind !== 'Middleware') return o;
  const spec = (o as { spec?: unknown }).spec;
  if (!isRecord(spec) || !isRecord(spec.plugin)) return o;
  const plugin: Record<string, unknown> = {};
  for (const [name, cfg] of Object.entries(spec.plugin)) {
    plugin[name] = isRecord(cfg)
      ? Object.fromEntries(Object.entries(cfg).map(([k, v]) => [k, SECRET_KEY.test(k) && typeof v === 'string' && v !== '' ? redactedFingerprint(v) : v]))
      : cfg;
  }
  return { ...o, spec: { ...spec, plugin } };
}
