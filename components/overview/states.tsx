// Designed loading and empty states of the Overview (errors: components/load-states.tsx).

export function OverviewSkeleton() {
  return (
    <div className="skeleton" aria-busy="true">
      <p role="status" className="visually-hidden">
        Loading the cluster report…
      </p>
      <div className="verdict-grid" aria-hidden="true">
        {[0, 1, 2].map((i) => (
          <div key={i} className="card verdict skeleton-card">
            <span className="bone bone-line" />
            <span className="bone bone-word" />
            <span className="bone bone-figure" />
            <span className="bone bone-line" />
            <span className="bone bone-line short" />
          </div>
        ))}
      </div>
      <div className="card skeleton-card skeleton-lb" aria-hidden="true">
        <span className="bone bone-word" />
        <span className="bone bone-block" />
      </div>
    </div>
  );
}

export function EmptyLoadBalancers() {
  return (
    <div className="card empty-state">
      <h3>No LoadBalancer services found</h3>
      <p>
        edgelens looks for Services of <code>type: LoadBalancer</code> and the IPs MetalLB gave them. This cluster has none — or edgelens could
        not read them (see below).
      </p>
    </div>
  );
}
