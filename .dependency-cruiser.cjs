// Import boundaries from DESIGN.md, checked by `npm run lint` (not by memory).
/** @type {import('dependency-cruiser').IConfiguration} */
const only = (from, allowed) => ({
  name: `${from.replace(/[^a-z]/g, '-')}-imports`,
  comment: `${from} may import only: ${allowed.join(', ') || 'nothing of ours'}`,
  severity: 'error',
  from: { path: `^${from}`, pathNot: '\\.test\\.tsx?$' },
  to: {
    path: '^(app|components|lib|server|probes|lab|cli|e2e)/',
    pathNot: [`^${from}`, ...allowed.map((a) => `^${a}`)],
  },
});

/** The folders DESIGN.md calls pure (no I/O, no clock). */
const PURE_FOLDERS = '^lib/(model|net|analyzers|logs|haproxy|snapshot)/';
/** Node modules that do I/O or read the environment: none of them may be imported from a pure folder. */
const NODE_IO_MODULES = `^(node:)?(${[
  'fs', 'fs/promises', 'net', 'dgram', 'dns', 'dns/promises', 'http', 'https', 'http2', 'tls',
  'child_process', 'worker_threads', 'cluster', 'os', 'readline', 'process', 'inspector', 'v8', 'vm', 'timers', 'timers/promises',
].join('|')})$`;

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
    only('server/', ['lib/', 'probes/', 'lab/']),
    {
      name: 'nothing-imports-server',
      comment: 'server/ is the composition root: only app/ and cli/ (and tests) start it',
      severity: 'error',
      from: { path: '^(lib|components|probes|lab)/', pathNot: '\\.test\\.tsx?$' },
      to: { path: '^server/' },
    },
    {
      name: 'pure-folders-no-node-io',
      comment: 'lib/ is pure: no files, sockets, processes, threads or OS reads; I/O lives in probes/, server/, lab/ and cli/',
      severity: 'error',
      from: { path: PURE_FOLDERS, pathNot: '(\\.test\\.tsx?$|/__fixtures__/)' },
      to: { path: NODE_IO_MODULES },
    },
    only('probes/', ['lib/model/', 'lib/net/', 'lib/logs/']),
    only('lab/', ['lib/model/']),
    only('components/', ['lib/model/', 'lib/client/', 'components/']),
    only('cli/', ['lib/', 'server/', 'probes/', 'lab/']),
    {
      name: 'one-yaml-library',
      comment: 'YAML is read and written with js-yaml (CORE schema) everywhere; the `yaml` package is not a dependency',
      severity: 'error',
      from: {},
      to: { path: '(^|/)node_modules/yaml/|^yaml$' },
    },
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
