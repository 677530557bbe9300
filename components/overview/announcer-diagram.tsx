// The L2 picture for one LB IP: VIP → announcing node → nodes with ready
// endpoints. "The announcer has no endpoint" must be obvious at a glance, and
// spelled out for screen readers in the aria-label.
import { useId } from 'react';
import type { LoadBalancer } from '@/lib/model';
import { layoutAnnouncer, type Box } from './announcer-layout';

const MAX_NAME = 19;

function short(name: string): string {
  return name.length > MAX_NAME ? `${name.slice(0, MAX_NAME - 1)}…` : name;
}

function mid(b: Box): { x: number; y: number } {
  return { x: b.x + b.w / 2, y: b.y + b.h / 2 };
}

export function AnnouncerDiagram({ lb, clusterNodes }: { lb: LoadBalancer; clusterNodes: readonly string[] }) {
  const l = layoutAnnouncer(lb, clusterNodes);
  const marker = `arrow-${useId().replace(/[^a-zA-Z0-9_-]/g, '')}`;
  const a = l.announcer;
  const stranded = a.strandedLocal.length > 0;
  // Two short lines: the box is narrow so the picture stays legible on a phone.
  const [status, status2] =
    a.name === null
      ? ['announcer unknown', '']
      : stranded
        ? ['✕ no local endpoint', 'ETP=Local: dropped']
        : a.hasEndpoint
          ? ['✓ local endpoint', a.totalServices > 1 ? `for ${a.localServices} of ${a.totalServices} services` : '']
          : ['no local endpoint', '→ forwards (SNAT)'];
  const vipMid = mid(l.vip);

  const hasForward = l.edges.some((e) => e.kind === 'forward');
  const hasBlocked = l.edges.some((e) => e.kind === 'blocked');

  return (
    <div className="announcer">
      <svg
        className="announcer-diagram"
        role="img"
        aria-label={l.description}
        viewBox={`0 0 ${l.width} ${l.height}`}
        width={l.width}
        height={l.height}
        preserveAspectRatio="xMinYMin meet"
      >
        <defs>
          <marker id={marker} viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
            <path d="M0 0L10 5L0 10z" className="d-arrowhead" />
          </marker>
        </defs>

        <g className="d-vip">
          <rect x={l.vip.x} y={l.vip.y} width={l.vip.w} height={l.vip.h} rx={l.vip.h / 2} />
          <text x={vipMid.x} y={vipMid.y} dominantBaseline="central" textAnchor="middle">
            VIP {l.vip.ip}
          </text>
        </g>

        <line
          className="d-edge"
          x1={vipMid.x}
          y1={l.vip.y + l.vip.h}
          x2={vipMid.x}
          y2={a.y - 2}
          markerEnd={`url(#${marker})`}
        />

        <g className={`d-node d-announcer${a.name === null ? ' unknown' : ''}${a.hasEndpoint ? ' endpoint' : ''}${stranded ? ' stranded' : ''}`}>
          <rect x={a.x} y={a.y} width={a.w} height={a.h} rx="8" />
          <text x={a.x + 12} y={a.y + 22} className="d-name">
            {a.name === null ? 'unknown node' : short(a.name)}
          </text>
          <text x={a.x + 12} y={a.y + 43} className="d-sub">
            announces VIP
          </text>
          <text x={a.x + 12} y={a.y + 64} className="d-status">
            {status}
          </text>
          <text x={a.x + 12} y={a.y + 82} className="d-sub">
            {status2}
          </text>
        </g>

        {l.edges.map((e) => {
          const midX = (e.from.x + e.to.x) / 2;
          const midY = (e.from.y + e.to.y) / 2;
          return (
            <g key={e.node} className={`d-link d-link-${e.kind}`}>
              <path
                className="d-edge"
                d={`M${e.from.x} ${e.from.y} C${e.from.x + 40} ${e.from.y} ${e.to.x - 40} ${e.to.y} ${e.to.x - 2} ${e.to.y}`}
                markerEnd={e.kind === 'forward' ? `url(#${marker})` : undefined}
              />
              {e.kind === 'blocked' ? (
                <g className="d-block-mark">
                  <circle cx={midX} cy={midY} r="8" />
                  <path d={`M${midX - 3.5} ${midY - 3.5}l7 7M${midX + 3.5} ${midY - 3.5}l-7 7`} />
                </g>
              ) : null}
            </g>
          );
        })}

        {l.nodes.map((n) => (
          <g key={n.name} className={`d-node${n.endpoint ? ' endpoint' : ' idle'}`}>
            <rect x={n.x} y={n.y} width={n.w} height={n.h} rx="8" />
            <text x={n.x + 12} y={n.y + 18} className="d-name">
              {short(n.name)}
            </text>
            <text x={n.x + 12} y={n.y + 35} className="d-sub">
              {!n.endpoint ? 'no endpoint' : a.totalServices > 1 ? `✓ endpoints of ${n.services} svc` : '✓ ready endpoint'}
            </text>
          </g>
        ))}
      </svg>
      {stranded && a.name ? (
        <p className="diagram-note">
          <strong>✕ Traffic dropped:</strong> {a.name} announces {lb.ip} but has no ready endpoint of{' '}
          {a.strandedLocal.join(', ')}; with externalTrafficPolicy Local it does not forward to other nodes.
        </p>
      ) : null}
      {hasForward || hasBlocked ? (
        <p className="diagram-legend">
          {hasForward ? <span>→ kube-proxy forwards there (client IP replaced by a node IP)</span> : null}
          {hasBlocked ? <span>✕ ETP=Local: not forwarded</span> : null}
        </p>
      ) : null}
    </div>
  );
}
