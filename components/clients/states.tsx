// Designed loading states for the Client IPs page (errors: components/load-states.tsx).

export function SectionSkeleton({ label, tall = false }: { label: string; tall?: boolean }) {
  return (
    <div className="card skeleton-card" aria-busy="true">
      <p role="status" className="visually-hidden">
        {label}
      </p>
      <span className="bone bone-word" aria-hidden="true" />
      <span className="bone bone-line" aria-hidden="true" />
      {tall ? <span className="bone bone-block" aria-hidden="true" /> : <span className="bone bone-line short" aria-hidden="true" />}
    </div>
  );
}


export function timeOf(iso: string | undefined, fallbackMs: number): string {
  const d = iso ? new Date(iso) : new Date(fallbackMs);
  return Number.isNaN(d.getTime()) ? 'an unknown time' : d.toLocaleTimeString();
}
