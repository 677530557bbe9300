// edgelens's CrowdSec visibility against the real thing: the same Traefik lines
// replayed through `crowdsec -dsn file://… -type traefik` (Debian's crowdsec 1.4.6
// and the hub it ships, i.e. edgelens's `hub-2021` profile) must give the same
// per-line answer — which source CrowdSec took, and whether its whitelist dropped it.
import { describe, expect, it } from 'vitest';
import { analyzeLogText } from '@/lib/logs/stream';
import type { AddressContext } from '@/lib/model';
import { findCrowdsecHub, replayThroughCrowdsec } from './crowdsec-replay';

// Traefik v3 JSON layout (keys sorted by logrus, as lib/logs/__fixtures__/traefik-v3.json.log) and `common` CLF.
const json = (clientAddr: string, clientHost: string): string =>
  `{"ClientAddr":"${clientAddr}","ClientHost":"${clientHost}","ClientPort":"41234","ClientUsername":"-","DownstreamContentSize":4512,"DownstreamStatus":200,"Duration":3527104,"OriginContentSize":4512,"OriginDuration":3310882,"OriginStatus":200,"Overhead":216222,"RequestAddr":"photos.example.com","RequestContentSize":0,"RequestCount":1,"RequestHost":"photos.example.com","RequestMethod":"GET","RequestPath":"/","RequestPort":"-","RequestProtocol":"HTTP/2.0","RequestScheme":"https","RetryAttempts":0,"RouterName":"app@kubernetescrd","ServiceAddr":"10.42.1.15:2283","ServiceName":"app@kubernetescrd","ServiceURL":"http://10.42.1.15:2283","StartLocal":"2024-05-01T12:00:01Z","StartUTC":"2024-05-01T12:00:01Z","entryPointName":"websecure","level":"info","msg":"","request_User-Agent":"curl/8.0","time":"2024-05-01T12:00:01Z"}`;
const clf = (clientHost: string): string =>
  `${clientHost} - - [01/May/2024:12:00:01 +0000] "GET / HTTP/2.0" 200 4512 "-" "curl/8.0" 1 "app@kubernetescrd" "http://10.42.1.15:2283" 3ms`;

const CLUSTER: AddressContext = { nodeIPs: ['10.0.20.101', '10.0.20.103', '198.51.100.7'], podCIDRs: ['10.42.0.0/16'], lbIPs: ['10.0.20.200'] };

const CASES: Array<[name: string, line: string, sourceIp: string, whitelisted: boolean]> = [
  ['node (JSON)', json('10.0.20.103:41234', '10.0.20.103'), '10.0.20.103', true],
  ['LAN client (JSON)', json('192.168.1.50:41234', '192.168.1.50'), '192.168.1.50', true],
  ['XFF list, peer is the node (JSON: this hub reads ClientAddr)', json('10.0.20.103:41234', '203.0.113.7, 10.0.20.103'), '10.0.20.103', true],
  ['public client (JSON)', json('203.0.113.7:41234', '203.0.113.7'), '203.0.113.7', false],
  ['CGNAT (JSON)', json('100.100.1.2:41234', '100.100.1.2'), '100.100.1.2', false],
  ['public node address (JSON)', json('198.51.100.7:41234', '198.51.100.7'), '198.51.100.7', false],
  ['node (CLF)', clf('10.0.20.103'), '10.0.20.103', true],
  ['XFF list in CLF: the grok matches its last entry', clf('203.0.113.7, 10.0.20.103'), '10.0.20.103', true],
  ['ULA (CLF)', clf('fd7a:115c:a1e0::1'), 'fd7a:115c:a1e0::1', false],
  ['127.0.0.2: this hub whitelists 127.0.0.1 only', clf('127.0.0.2'), '127.0.0.2', false],
];

const hub = findCrowdsecHub();

describe('CrowdSec visibility: replayed through real CrowdSec (Debian crowdsec 1.4.6 and its hub)', () => {
  if ('missing' in hub) {
    it.skip(`skipped: missing ${hub.missing}`, () => {});
    return;
  }

  it('takes the same source and gives the same whitelist verdict as crowdsec -dsn -type traefik, line by line', { timeout: 90_000 }, async () => {
    const replayed = await replayThroughCrowdsec(CASES.map(([, line]) => line));
    // First what real CrowdSec did (so a change in the package shows up as such) …
    expect(replayed.map((r) => [r.sourceIp, r.whitelisted])).toEqual(CASES.map(([, , ip, wl]) => [ip, wl]));
    // … then edgelens, with the matching hub profile, one line at a time.
    for (const [name, line, , whitelisted] of CASES) {
      const cs = analyzeLogText(`${line}\n`, CLUSTER, { crowdsecHub: 'hub-2021' }).routers[0]?.crowdsec;
      expect({ name, whitelisted: cs?.whitelisted === 1, visible: cs?.visible === 1 }).toEqual({ name, whitelisted, visible: !whitelisted });
    }
  });
});
