import type { Metadata } from 'next';
import { ClientIpsPage } from '@/components/clients/clients-page';
import './clients.css';

export const metadata: Metadata = { title: 'Client IPs' };

// Server shell: the heading is static; everything below is live data from /api/v1/logs and /api/v1/crowdsec.
export default function ClientsRoute() {
  return (
    <>
      <div className="page-head">
        <h1>Client IPs</h1>
        <p className="lede">
          Which addresses Traefik really sees, read from its own access logs: visitors&apos; addresses, or the node that SNATed them — and whether
          CrowdSec can tell the two apart.
        </p>
      </div>
      <ClientIpsPage />
    </>
  );
}
