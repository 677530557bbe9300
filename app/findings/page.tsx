import type { Metadata } from 'next';
import { Suspense } from 'react';
import { FindingsPage } from '@/components/findings/findings-page';

export const metadata: Metadata = { title: 'Findings' };

// Server shell; the list reads the URL's filters, which needs a Suspense boundary in a prerendered page.
export default function Page() {
  return (
    <>
      <div className="page-head">
        <h1>Findings</h1>
        <p className="lede">Every finding from the cluster config, the access logs, CrowdSec and the edge probes, in one list.</p>
      </div>
      <Suspense fallback={null}>
        <FindingsPage />
      </Suspense>
    </>
  );
}
