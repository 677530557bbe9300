// What the Fix page generated: warnings first (they change what to do), then
// the files to copy or download.
import type { HaproxyOutput } from '@/lib/model';
import { ToneBadge } from '../severity';
import { FileBlock } from './file-block';

export const DOWNLOAD_NAMES = {
  haproxy: 'haproxy.cfg',
  traefikStatic: 'traefik-proxy-protocol.yml',
  helmValues: 'values-proxy-protocol.yaml',
  helmValuesLegacy: 'values-proxy-protocol-legacy.yaml',
} as const;

const PLACEHOLDER = 'HAPROXY_SOURCE_IP';

/**
 * Advice the generator gives for every config of a mode (hairpin, HTTP/3, never
 * `insecure`, pod/NodePort backends): folded into "Before you apply" so the
 * warnings about this input stand out.
 */
const STANDING = ['In-cluster clients', 'HTTP/3 (QUIC', 'Never set proxyProtocol.insecure', 'Backends are Traefik pod IPs', 'Backends are node IP:NodePort'];

export function isStanding(w: string): boolean {
  return STANDING.some((p) => w.startsWith(p));
}

export function FixWarnings({ warnings }: { warnings: readonly string[] }) {
  const specific = warnings.filter((w) => !isStanding(w));
  const standing = warnings.filter(isStanding);
  return (
    <>
      {specific.length === 0 ? (
        <p className="card empty-note">
          <ToneBadge tone="ok" label="No warnings" /> Nothing about this input needs extra care.
        </p>
      ) : (
        <section className="fix-warnings" aria-labelledby="fix-warnings-title" data-testid="fix-warnings">
          <h2 id="fix-warnings-title" className="group-title">
            <ToneBadge tone="warning" label="Warnings" /> <span className="count">{specific.length}</span>
          </h2>
          <ul className="warning-list">
            {specific.map((w) => (
              <li key={w} className="warning-item">
                <ToneBadge tone="warning" />
                <p>{w}</p>
              </li>
            ))}
          </ul>
        </section>
      )}
      {standing.length > 0 ? (
        <details className="card before-apply" data-testid="fix-before-apply">
          <summary>
            Before you apply <span className="muted">({standing.length} things that hold for every config like this one)</span>
          </summary>
          <ul>
            {standing.map((w) => (
              <li key={w}>{w}</li>
            ))}
          </ul>
        </details>
      ) : null}
    </>
  );
}

export function TrustedSummary({ out }: { out: HaproxyOutput }) {
  return (
    <p className="trust-summary" data-testid="fix-trusted">
      <span className="trust-label">{out.traefik && (out.receivers ?? []).every((r) => r.receiver === 'traefik') ? 'Traefik trusts' : 'The receivers trust'} PROXY headers from</span>{' '}
      {out.trustedIPs.length > 0 ? (
        <span className="chips inline-chips">
          {out.trustedIPs.map((ip) => (
            <code key={ip} className="chip chip-strong">
              {ip}
            </code>
          ))}
        </span>
      ) : (
        <span>
          <code>{PLACEHOLDER}</code> — HAProxy&apos;s address is unknown: set its source address (egress) or replace the placeholder.
        </span>
      )}
    </p>
  );
}

/** Why the files must not be taken as they are (the output is stale), or null. */
export function blockReason(stale: boolean): string | null {
  return stale ? 'the output is stale: it does not match the form. Fix the problem above first.' : null;
}

/** Why one file must not be taken: stale output, or the HAPROXY_SOURCE_IP placeholder still in it. */
export function fileBlock(text: string, blocked: string | null): string | null {
  if (blocked) return blocked;
  return text.includes(PLACEHOLDER) ? `it still contains the placeholder ${PLACEHOLDER}: set HAProxy's source address (egress) above first.` : null;
}

export function FixFiles({ out, blocked = null }: { out: HaproxyOutput; blocked?: string | null }) {
  const backends = out.servers ?? [];
  const traefik = out.traefik;
  return (
    <div className="file-stack">
      <FileBlock
        blocked={fileBlock(out.haproxyCfg, blocked)}
        testId="file-haproxy"
        title="HAProxy"
        filename={DOWNLOAD_NAMES.haproxy}
        text={out.haproxyCfg}
        note={
          <>
            TCP pass-through{backends.length > 0 ? ` to ${backends.length} ${backends.length === 1 ? 'server' : 'servers'}` : ''}, a PROXY header on every
            backend connection. Check it with <code>haproxy -c -f haproxy.cfg</code> before reloading.
          </>
        }
      />
      {traefik ? (
        <>
      <FileBlock
        blocked={fileBlock(traefik.static, blocked)}
        testId="file-traefik-static"
        title="Traefik static configuration"
        filename={DOWNLOAD_NAMES.traefikStatic}
        text={traefik.static}
        note={
          <>
            Merge into <code>traefik.yml</code>, keeping the entry point&apos;s address.
          </>
        }
      />
      <FileBlock blocked={fileBlock(traefik.cli.join('\n'), blocked)} testId="file-traefik-cli" title="Traefik CLI flags" text={traefik.cli.join('\n')} note="The same setting as command-line arguments." />
      <FileBlock
        blocked={fileBlock(traefik.helmValues, blocked)}
        testId="file-helm-values"
        title="Helm values (traefik/traefik chart)"
        filename={DOWNLOAD_NAMES.helmValues}
        text={traefik.helmValues}
        note={
          <>
            Current charts: <code>ports.&lt;entryPoint&gt;.proxyProtocol</code>. Apply with <code>helm upgrade … -f values-proxy-protocol.yaml</code>.
          </>
        }
      />
      {traefik.helmValuesLegacy ? (
        <FileBlock
          blocked={fileBlock(traefik.helmValuesLegacy, blocked)}
          testId="file-helm-values-legacy"
          title="Helm values (any chart version)"
          filename={DOWNLOAD_NAMES.helmValuesLegacy}
          text={traefik.helmValuesLegacy}
          note={
            <>
              For older charts, as <code>additionalArguments</code>.
            </>
          }
        />
      ) : null}
        </>
      ) : null}
      {(out.receivers ?? [])
        .filter((r) => r.receiver !== 'traefik')
        .flatMap((r) =>
          r.files.map((f) => (
            <FileBlock
              key={`${r.receiver}-${f.name}`}
              testId={`file-receiver-${r.receiver}`}
              title={`${r.title}: ${f.name}`}
              text={f.text}
              note={<>Receiver settings for HAProxy listener{r.listeners.length === 1 ? '' : 's'} {r.listeners.join(', ')}: accept the PROXY header from HAProxy only.</>}
            />
          )),
        )}
    </div>
  );
}
