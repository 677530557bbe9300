// Import boundaries from DESIGN.md, checked by `npm run lint` (not by memory).
/** @type {import('dependency-cruiser').IConfiguration} */
const only = (from, allowed) => ({
  name: `${from.replace(/[^a-z]/g, '-')}-imports`,
  comment: `${from} may import only: ${allowed.join(', ') || 'nothing of ours'}`,
  severity: 'error',
  from: { path: `^${from}`, pathNot: '\\.test\\.tsx?$' },
  to: {
    path: '^(app|components|lib|probes|lab|cli|e2e)/',
    pathNot: [`^${from}`, ...allowed.map((a) => `^${a}`)],
  },
});

module.exports = {
  forbidden: [
    {
      name: 'nothing-imports-app-cli-e2e',
      severity: 'error',
      from: { pathNot: '^(app|cli|e2e)/' },
      to: { path: '^(app|cli|e2e)/' },
    },
    only('lib/model/', []),
    only('lib/net/', []),
    only('lib/analyzers/', ['lib/model/', 'lib/net/']),
    only('lib/logs/', ['lib/model/', 'lib/net/']),
    only('lib/haproxy/', ['lib/model/', 'lib/net/']),
    only('lib/snapshot/', ['lib/model/']),
    only('lib/client/', ['lib/model/']),
    only('lib/server/', ['lib/', 'probes/', 'lab/']),
    only('probes/', ['lib/model/', 'lib/net/', 'lib/logs/']),
    only('lab/', ['lib/model/']),
    only('components/', ['lib/model/', 'lib/client/', 'components/']),
    only('cli/', ['lib/', 'probes/', 'lab/']),
    { name: 'no-circular', severity: 'error', from: {}, to: { circular: true } },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(node_modules|\\.next|dist)/' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { extensions: ['.ts', '.tsx', '.js', '.mjs', '.json'] },
  },
};
