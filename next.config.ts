import type { NextConfig } from 'next';

const config: NextConfig = {
  // Node-only packages stay out of the bundler (LAB.md): client-node is ESM + undici, quic a native addon.
  serverExternalPackages: ['@kubernetes/client-node', '@matrixai/quic', 'esbuild', 'better-sqlite3'],
  poweredByHeader: false,
  reactStrictMode: true,
  typescript: { ignoreBuildErrors: false },
};

export default config;
