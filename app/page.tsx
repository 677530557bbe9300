import { Overview } from '@/components/overview/overview';

// Server shell: the heading is static; everything below it is live data from /api/v1/cluster.
export default function OverviewPage() {
  return (
    <>
      <div className="page-head">
        <h1>Overview</h1>
        <p className="lede">Does the real client IP reach your apps, and does HTTP/3 work through your load balancer?</p>
      </div>
      <Overview />
    </>
  );
}
