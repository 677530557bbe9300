// Geometry for the announcer picture (pure): the VIP, the node that answers
// ARP for it, and every cluster node, with arrows from the announcer to the
// nodes that hold ready endpoints. Two columns so it stays legible on a phone.
import type { LoadBalancer } from '@/lib/model';

export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface NodeBox extends Box {
  name: string;
  endpoint: boolean;
  /** How many of the IP's services have a ready endpoint on this node. */
  services: number;
}

export interface AnnouncerBox extends Box {
  name: string | null;
  hasEndpoint: boolean;
  /** How many of the IP's services have a ready endpoint on the announcer. */
  localServices: number;
  totalServices: number;
  /** ETP=Local services whose endpoints are all on other nodes: their traffic is dropped at the announcer. */
  strandedLocal: string[];
}

export interface Edge {
  from: { x: number; y: number };
  to: { x: number; y: number };
  /**
   * `forward`: an ETP=Cluster service has endpoints there, kube-proxy forwards (and SNATs) to it.
   * `blocked`: only ETP=Local services have endpoints there; the announcer does not forward to them.
   */
  kind: 'forward' | 'blocked';
  node: string;
}

export interface AnnouncerLayout {
  width: number;
  height: number;
  vip: Box & { ip: string };
  announcer: AnnouncerBox;
  nodes: NodeBox[];
  edges: Edge[];
  endpointNodes: string[];
  description: string;
}

const PAD = 10;
const COL_W = 165;
const GAP_X = 70;
const ROW_H = 44;
const ROW_GAP = 10;
const ANNOUNCER_H = 96;

function list(names: readonly string[]): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1] ?? ''}`;
}

export function layoutAnnouncer(lb: LoadBalancer, clusterNodes: readonly string[]): AnnouncerLayout {
  const services = lb.services.filter((s) => s.state !== 'requested');
  const endpointNodes = [...new Set(services.flatMap((s) => s.endpointNodes))];
  const announcerName = lb.announcer?.node ?? null;
  // Nodes the report lists first (cluster order), then any only the services or announcer mention.
  const allNodes = [...new Set([...clusterNodes, ...endpointNodes, ...(announcerName ? [announcerName] : [])])];
  const others = allNodes.filter((n) => n !== announcerName);

  const strandedLocal =
    announcerName === null
      ? []
      : services
          .filter((s) => s.externalTrafficPolicy === 'Local' && !s.endpointNodes.includes(announcerName))
          .map((s) => `${s.namespace}/${s.name}`);

  const rightX = PAD + COL_W + GAP_X;
  const servicesOn = (node: string): number => services.filter((s) => s.endpointNodes.includes(node)).length;
  const nodes: NodeBox[] = others.map((name, i) => ({
    name,
    endpoint: endpointNodes.includes(name),
    services: servicesOn(name),
    x: rightX,
    y: PAD + i * (ROW_H + ROW_GAP),
    w: COL_W,
    h: ROW_H,
  }));

  const vip = { ip: lb.ip, x: PAD, y: PAD, w: COL_W, h: ROW_H };
  const announcer: AnnouncerBox = {
    name: announcerName,
    hasEndpoint: announcerName !== null && endpointNodes.includes(announcerName),
    localServices: announcerName === null ? 0 : servicesOn(announcerName),
    totalServices: services.length,
    strandedLocal,
    x: PAD,
    y: PAD + ROW_H + 30,
    w: COL_W,
    h: ANNOUNCER_H,
  };

  const start = { x: announcer.x + announcer.w, y: announcer.y + announcer.h / 2 };
  const forwardedTo = (node: string): boolean =>
    services.some((s) => s.externalTrafficPolicy === 'Cluster' && s.endpointNodes.includes(node));
  const strandedOn = (node: string): boolean =>
    services.some((s) => strandedLocal.includes(`${s.namespace}/${s.name}`) && s.endpointNodes.includes(node));
  // ETP=Local services the announcer serves itself need no arrow: their other pods are simply not used via this node.
  const edges: Edge[] = [];
  if (announcerName !== null) {
    for (const n of nodes) {
      const kind = forwardedTo(n.name) ? 'forward' : strandedOn(n.name) ? 'blocked' : null;
      if (kind) edges.push({ from: start, to: { x: n.x, y: n.y + n.h / 2 }, kind, node: n.name });
    }
  }

  const last = nodes.at(-1);
  const rightBottom = last ? last.y + last.h : 0;
  const height = Math.max(announcer.y + announcer.h, rightBottom) + PAD;

  const parts = [
    announcerName ? `${lb.ip} is announced by ${announcerName}.` : `The node announcing ${lb.ip} is unknown.`,
    endpointNodes.length > 0 ? `Ready endpoints on ${list(endpointNodes)}.` : 'No node has a ready endpoint.',
  ];
  if (announcerName && strandedLocal.length > 0) {
    parts.push(`${announcerName} has no local endpoint for ETP=Local ${strandedLocal.length === 1 ? 'service' : 'services'} ${list(strandedLocal)}: that traffic is dropped.`);
  }
  const idle = others.filter((n) => !endpointNodes.includes(n));
  if (idle.length > 0) parts.push(`No endpoints on ${list(idle)}.`);

  return {
    width: rightX + COL_W + PAD,
    height,
    vip,
    announcer,
    nodes,
    edges,
    endpointNodes,
    description: parts.join(' '),
  };
}
