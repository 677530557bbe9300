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

export function FixWarnings({ warnings }: { warnings: readonly string[] }) {
  if (warnings.length === 0) {
    return (
      <p className="card empty-note">
        <ToneBadge tone="ok" label="No warnings" /> Nothing in this setup needs extra care.
      </p>
    );
  }
  return (
    <section className="fix-warnings" aria-labelledby="fix-warnings-title" data-testid="fix-warnings">
      <h2 id="fix-warnings-title" className="group-title">
        <ToneBadge tone="warning" label="Warnings" /> <span className="count">{warnings.length}</span>
      </h2>
      <ul className="warning-list">
        {warnings.map((w) => (
          <li key={w} className="warning-item">
            <ToneBadge tone="warning" />
            <p>{w}</p>
          </li>
        ))}
      </ul>
    </section>
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

export function FixFiles({ out }: { out: HaproxyOutput }) {
  const backends = out.servers ?? [];
  const traefik = out.traefik;
  return (
    <div className="file-stack">
      <FileBlock
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
      <FileBlock testId="file-traefik-cli" title="Traefik CLI flags" text={traefik.cli.join('\n')} note="The same setting as command-line arguments." />
      <FileBlock
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
