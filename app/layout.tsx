import type { Metadata, Viewport } from 'next';
import type { ReactNode } from 'react';
import { DegradedBanner } from '@/components/degraded-banner';
import { LabBanner } from '@/components/lab-banner';
import { PageTools } from '@/components/page-tools';
import { THEME_SCRIPT } from '@/components/theme';
import { TopNav } from '@/components/top-nav';
import { Providers } from './providers';
import './globals.css';
import './theme.css';
import './tables.css';

export const metadata: Metadata = {
  title: { default: 'edgelens', template: '%s · edgelens' },
  description: 'Does the real client IP reach your apps, and does HTTP/3 work through MetalLB + Traefik?',
};

export const viewport: Viewport = { width: 'device-width', initialScale: 1 };

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    // data-theme is set before paint by THEME_SCRIPT (prefers-color-scheme or the user's choice).
    <html lang="en" suppressHydrationWarning>
      <head>
        <script dangerouslySetInnerHTML={{ __html: THEME_SCRIPT }} />
      </head>
      <body>
        <Providers>
          <a className="skip-link" href="#main">
            Skip to content
          </a>
          <TopNav />
          {/* In the layout, not a page: the lab banner must be on every view. */}
          <LabBanner />
          <DegradedBanner />
          <PageTools />
          <main id="main" className="page">
            {children}
          </main>
        </Providers>
      </body>
    </html>
  );
}
