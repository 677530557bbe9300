import type { NextConfig } from 'next';

const config: NextConfig = {
  // The image ships the standalone server (server.js + only the traced node_modules);
  // `edgelens serve` runs the same server.js from the repository (scripts/build-image-tree.sh).
  output: 'standalone',
  // Node-only packages stay out of the bundler (LAB.md): client-node is ESM + undici, quic a native addon.
  serverExternalPackages: ['@kubernetes/client-node', '@matrixai/quic', 'esbuild', 'better-sqlite3'],
  // The lab's scenario files are read at run time by path, which tracing cannot see.
  outputFileTracingIncludes: { '/**': ['./lab/scenarios/**/*'] },
  // Not served: image optimisation (sharp) is unused, fixtures and e2e files are test data.
  outputFileTracingExcludes: { '/**': ['node_modules/sharp/**', 'node_modules/@img/**', '**/__fixtures__/**', 'e2e/**'] },
  images: { unoptimized: true },
  poweredByHeader: false,
  reactStrictMode: true,
  typescript: { ignoreBuildErrors: false },
  // Body limits: proxy.ts refuses declared bodies over 1 MB; routes stop reading a chunked body
  // at 1 MB (server/auth/body.ts). Next buffers at most its default 10 MB for the proxy meanwhile.
};

export default config;
