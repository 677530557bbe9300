import type { Metadata } from 'next';
import Link from 'next/link';
import { Suspense } from 'react';
import { FixPage } from '@/components/fix/fix-page';

export const metadata: Metadata = { title: 'Fix' };

// Server shell: the explanation is static; the form reads its state from the URL on the client.
export default function FixRoute() {
  return (
    <>
      <div className="page-head">
        <h1>Fix: real client IPs through HAProxy</h1>
        <p className="lede fix-lede">
          MetalLB only announces the IP; it never adds a PROXY header, so with externalTrafficPolicy Cluster kube-proxy hands Traefik a node
          address instead of the client&apos;s. HAProxy in front of Traefik, passing TCP through with <code>send-proxy-v2</code>, carries the
          real client address in a PROXY header on every connection. Traefik must trust exactly HAProxy&apos;s address for that header — never{' '}
          <code>insecure</code>, or anyone who reaches it can claim any IP.
        </p>
        <p className="fix-alt muted">
          The other fix — Traefik on its own IP with externalTrafficPolicy Local — can be previewed in the{' '}
          <Link href="/#what-if">what-if panel on the Overview</Link>.
        </p>
      </div>
      <Suspense
        fallback={
          <div className="card skeleton-card" aria-busy="true">
            <p className="visually-hidden">Loading the Fix page…</p>
            <span className="bone bone-word" aria-hidden="true" />
            <span className="bone bone-block" aria-hidden="true" />
          </div>
        }
      >
        <FixPage />
      </Suspense>
    </>
  );
}
