// Readable text for `edgelens crowdsec`: the verdict first, then what CrowdSec can
// see per router (and the hub behaviour assumed), the decisions by class, the
// bouncer plugins, how edgelens polls, and the findings.
import type { CrowdsecReport } from '@/lib/model';
import { countBySeverity, formatFinding, table } from './text';

const VERDICT_LINE: Record<CrowdsecReport['verdict'], string> = {
  ok: '✔ OK — CrowdSec sees the clients and no decision hits your own addresses',
  blind: '✖ BLIND — CrowdSec cannot see most clients on some routers',
  dangerous: '✖ DANGEROUS — CrowdSec has banned, or would ban, your own addresses',
  unreachable: '✖ UNREACHABLE — the LAPI did not answer',
  'auth-failed': '✖ KEY REJECTED — the LAPI refused the bouncer key',
  'not-configured': '? NOT CONFIGURED — no LAPI to read',
};

const pct = (x: number): string => `${Math.round(x * 1000) / 10}%`;

export function formatCrowdsecReport(r: CrowdsecReport): string {
  const out: string[] = [VERDICT_LINE[r.verdict], r.explanation, ''];
  if (r.stale) out.push(`(stale: ${r.stale.reason})`, '');
  if (r.lapi.url) out.push(`LAPI ${r.lapi.url}: ${r.lapi.reachable ? 'reachable' : 'not reachable'}, key ${r.lapi.auth}`);
  if (r.decisionsByClass && r.decisionsTotal > 0) {
    out.push(`decisions: ${r.decisionsTotal} — ${Object.entries(r.decisionsByClass).map(([c, n]) => `${c} ${n}`).join(', ')}`);
  }
  if (r.routers && r.routers.length > 0) {
    out.push('', 'What CrowdSec can see, per router:');
    out.push(
      table([
        ['router', 'requests', 'CrowdSec sees', 'whitelisted', 'no IP', 'cluster addr.', 'judgement'],
        ...r.routers.map((x) => [x.router, String(x.requests), `${x.visible} (${pct(x.share)})`, String(x.whitelisted), String(x.unusable), String(x.infrastructure), x.sight]),
      ]),
    );
  }
  if (r.assumed) out.push(`assumed: ${r.assumed.hub} — ${r.assumed.source}; whitelist ${r.assumed.whitelist.join(', ')} (${r.assumed.whitelistFrom})`);
  if (r.bouncers && r.bouncers.length > 0) {
    out.push('', 'Traefik CrowdSec bouncer plugins:');
    out.push(
      table([
        ['where', 'mode', 'enabled', 'clientTrustedIPs', 'forwardedHeadersTrustedIPs', 'header'],
        ...r.bouncers.map((b) => [
          b.source.kind === 'Middleware' ? `${b.source.namespace ?? ''}/${b.source.name}` : b.source.name,
          b.mode,
          b.enabled ? 'yes' : 'no',
          b.clientTrustedIPs.join(',') || '-',
          b.forwardedHeadersTrustedIPs.join(',') || '-',
          b.forwardedHeader,
        ]),
      ]),
    );
  }
  if (r.polling) out.push('', `polling: ${r.polling.endpoint}${r.polling.everySeconds > 0 ? `, at most every ${r.polling.everySeconds} s` : ''}; ${r.polling.effects.join('; ')}`);
  out.push('', `Findings: ${countBySeverity(r.findings)}`);
  for (const f of r.findings) out.push('', formatFinding(f));
  return out.join('\n');
}
