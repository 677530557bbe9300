'use client';
// Top navigation; a client leaf only because it marks the current page.
import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { NAV_ITEMS } from './nav-items';

function isCurrent(pathname: string, href: string): boolean {
  return href === '/' ? pathname === '/' : pathname === href || pathname.startsWith(`${href}/`);
}

export function TopNav() {
  const pathname = usePathname();
  return (
    <header className="topbar">
      <div className="topbar-inner">
        <Link href="/" className="brand" aria-label="edgelens home">
          <svg width="22" height="22" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
            <circle cx="11" cy="11" r="7" fill="none" stroke="currentColor" strokeWidth="2.2" />
            <path d="M16.2 16.2L21 21" stroke="currentColor" strokeWidth="2.4" strokeLinecap="round" />
            <path d="M7.5 11h7" stroke="currentColor" strokeWidth="2" strokeLinecap="round" />
          </svg>
          <span>edgelens</span>
        </Link>
        <nav aria-label="Pages">
          <ul className="nav-list">
            {NAV_ITEMS.map((item) => {
              const current = isCurrent(pathname, item.href);
              return (
                <li key={item.href}>
                  <Link href={item.href} className="nav-link" aria-current={current ? 'page' : undefined}>
                    {item.label}
                  </Link>
                </li>
              );
            })}
          </ul>
        </nav>
      </div>
    </header>
  );
}
