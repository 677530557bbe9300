// The bar under the navigation on every page: data age and refresh, theme.
import { RefreshControl } from './refresh-control';
import { ThemeToggle } from './theme-toggle';

export function PageTools() {
  return (
    <div className="page-tools" role="region" aria-label="Refresh and display">
      <div className="page-tools-inner">
        <RefreshControl />
        <ThemeToggle />
      </div>
    </div>
  );
}
