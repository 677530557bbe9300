// The dashboard's pages, in nav order. Adding a page to the nav is one line here.
export interface NavItem {
  href: string;
  label: string;
}

export const NAV_ITEMS: readonly NavItem[] = [
  { href: '/', label: 'Overview' },
  { href: '/clients', label: 'Client IPs' },
  { href: '/edge', label: 'Edge' },
  { href: '/findings', label: 'Findings' },
  { href: '/fix', label: 'Fix' },
];
