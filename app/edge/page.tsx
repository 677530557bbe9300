import type { Metadata } from 'next';
import { EdgePage } from '@/components/edge/edge-page';
import './edge.css';

export const metadata: Metadata = { title: 'Edge' };

// Server shell: the heading is static; the probe results are live data from /api/v1/probes.
export default function EdgeRoute() {
  return (
    <>
      <div className="page-head">
        <h1>Edge probes</h1>
        <p className="lede">
          Does TCP/TLS answer, does HTTP/3 (QUIC over UDP) really work where Alt-Svc advertises it, and do LAN clients reach the load balancer?
        </p>
      </div>
      <EdgePage />
    </>
  );
}
