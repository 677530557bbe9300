// An address class as a colour swatch AND its name (never colour alone).
import type { AddressClass } from '@/lib/model';
import { CLASS_COLOURS } from '../charts/requests-by-class-chart';
import { CLASS_MEANING } from './words';

export function ClassBadge({ cls }: { cls: AddressClass | null }) {
  if (cls === null) return <span className="class-badge class-none">not an address</span>;
  return (
    <span className={`class-badge class-${cls}`} title={CLASS_MEANING[cls]}>
      <span className="class-swatch" style={{ background: CLASS_COLOURS[cls] }} aria-hidden="true" />
      {cls}
    </span>
  );
}
