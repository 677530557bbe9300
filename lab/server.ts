// The embedded lab cluster: a real HTTP server that speaks the read-only subset
// of the Kubernetes API that @kubernetes/client-node and kubectl use
// (discovery, list, get, watch, pods/log), serving a scenario's objects.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dump } from 'js-yaml';
import type { KindName, KubeObject } from '../lib/model/kube';
import { apiGroup, apiGroupList, apiResourceList, apiVersions, LAB_VERSION, rootPaths } from './discovery';
import { scenarioDir as defaultScenarioDir } from './paths';
import { formatLine, limitText, parseLogQuery, selectLines, type LogQuery } from './pod-log';
import { announcerInternalIP, generateFollowLine, generatePodLog, nodeInternalIPs } from './podlogs';
import { groupVersionOf, isBuiltinGroup, kindNameOf, type ResourceInfo } from './resources';
import { loadEdgelensRole, rbacAllows, type PolicyRule } from './rbac';
import { listScenarios, loadScenario } from './scenarios';
import { checkFields, parseFieldSelector, parseLabelSelector, SelectorError, type FieldRequirement, type LabelRequirement } from './selectors';
import { badRequest, forbidden, kubeStatus, methodNotAllowed, notFound, NO_SUCH_RESOURCE, type KubeStatus } from './status';
import { ObjectStore } from './store';
import { toTable, wantsTable, type IncludeObject } from './table';
import { WatchHub, eventFor, watcherMatches, writeError, writeEvent, type Watcher } from './watch-hub';

export interface LabServerOptions {
  /** Scenario to serve (file name without .yaml). Default: homelab-before if present, else the first, else nothing. */
  scenario?: string;
  /** Objects to serve instead of a scenario file (`scenario`, if given, is then only the label). */
  objects?: KubeObject[];
  scenarioDir?: string;
  host?: string;
  port?: number;
  now?: () => Date;
  /** Simulate RBAC denial (403) or a missing CRD/resource (404, also hidden from discovery) per kind. */
  deny?: Partial<Record<KindName, 403 | 404>>;
  /**
   * RBAC: the rules requests are authorized against (403 otherwise). Default: edgelens' own
   * ClusterRole (deploy/kustomize/base/clusterrole.yaml); `false` serves everything.
   */
  rbac?: readonly PolicyRule[] | false;
  /** Lines per annotated Traefik pod log (default 600). */
  logLines?: number;
  /** Interval between appended lines for `follow=true` (default 1000 ms). */
  followIntervalMs?: number;
}

export interface LabServer {
  url: string;
  port: number;
  readonly scenario: string | null;
  readonly scenarios: string[];
  switchScenario(name: string): void;
  setObjects(objs: KubeObject[]): void;
  /** A kubeconfig (YAML) pointing at `url`, context `edgelens-lab`. */
  kubeconfig(): string;
  close(): Promise<void>;
}

export const LAB_CONTEXT = 'edgelens-lab';

interface Ctx {
  store: ObjectStore;
  hub: WatchHub;
  now: () => Date;
  deny: Partial<Record<KindName, 403 | 404>>;
  rbac: readonly PolicyRule[] | false;
  serverAddress: string;
  logLines?: number;
  followIntervalMs: number;
  streams: Set<{ end: () => void; podStillThere: () => boolean }>;
}

function sendJson(res: ServerResponse, code: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(code, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text), 'Cache-Control': 'no-cache, private' });
  res.end(text);
}

const sendStatus = (res: ServerResponse, s: KubeStatus): void => sendJson(res, s.code, s);

function visibleRegistry(ctx: Ctx): ResourceInfo[] {
  return ctx.store.registry.filter((r) => {
    const k = kindNameOf(r);
    return !(k && ctx.deny[k] === 404);
  });
}

/** Items as kube-apiserver lists them: built-in types without kind/apiVersion, custom resources with them. */
function listItem(r: ResourceInfo, o: KubeObject): unknown {
  if (!isBuiltinGroup(r.group)) return o;
  const { kind: _k, apiVersion: _a, ...rest } = o;
  return rest;
}

function encodeContinue(rv: number, offset: number): string {
  return Buffer.from(JSON.stringify({ rv, offset })).toString('base64url');
}
function decodeContinue(token: string): number | null {
  try {
    const v: unknown = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    if (typeof v === 'object' && v !== null && 'offset' in v && typeof v.offset === 'number' && v.offset >= 0) return v.offset;
  } catch {
    // fall through: malformed token
  }
  return null;
}

function includeObject(q: URLSearchParams): IncludeObject {
  const v = q.get('includeObject');
  return v === 'None' || v === 'Object' ? v : 'Metadata';
}

interface Target {
  resource: ResourceInfo;
  namespace?: string;
  name?: string;
  sub?: string;
  watch: boolean;
}

/** Maps the path after /api/v1 or /apis/{g}/{v} to a resource request, or a 404. */
function parseTarget(rest: string[], resources: ResourceInfo[], watchQuery: boolean): Target | null {
  let watch = watchQuery;
  if (rest[0] === 'watch') {
    watch = true;
    rest = rest.slice(1);
  }
  let namespace: string | undefined;
  let plural: string | undefined;
  let name: string | undefined;
  let sub: string | undefined;
  if (rest[0] === 'namespaces' && rest.length >= 3) {
    [, namespace, plural, name, sub] = rest;
    if (rest.length > 5) return null;
  } else {
    [plural, name, sub] = rest;
    if (rest.length > 3) return null;
  }
  const resource = resources.find((r) => r.plural === plural);
  if (!resource) return null;
  if (namespace !== undefined && !resource.namespaced) return null;
  if (namespace === undefined && name !== undefined && resource.namespaced) return null;
  return { resource, namespace, name, sub, watch };
}

function parseSelectors(q: URLSearchParams, kind: string): { labels: LabelRequirement[]; fields: FieldRequirement[] } | KubeStatus {
  try {
    const labels = parseLabelSelector(q.get('labelSelector') ?? '');
    const fields = parseFieldSelector(q.get('fieldSelector') ?? '');
    checkFields(kind, fields);
    return { labels, fields };
  } catch (e) {
    if (e instanceof SelectorError) return badRequest(e.message);
    throw e;
  }
}

function handleList(ctx: Ctx, req: IncomingMessage, res: ServerResponse, t: Target, q: URLSearchParams): void {
  const sel = parseSelectors(q, t.resource.kind);
  if ('kind' in sel) return sendStatus(res, sel);
  const w: Watcher = { res, resource: t.resource, namespace: t.namespace, labels: sel.labels, fields: sel.fields, table: null, sentColumns: false };
  const matching = ctx.store.list(t.resource, t.namespace).filter((o) => watcherMatches(w, o, t.resource));
  let start = 0;
  const token = q.get('continue');
  if (token) {
    const offset = decodeContinue(token);
    if (offset === null) return sendStatus(res, badRequest('continue key is not valid: malformed token'));
    start = offset;
  }
  const limitRaw = Number(q.get('limit') ?? '');
  const limit = Number.isInteger(limitRaw) && limitRaw > 0 ? limitRaw : Infinity;
  const page = matching.slice(start, start + limit);
  const more = start + page.length < matching.length;
  const rv = String(ctx.store.resourceVersion);
  const continueToken = more ? encodeContinue(ctx.store.resourceVersion, start + page.length) : undefined;
  if (wantsTable(req.headers.accept)) {
    return sendJson(res, 200, toTable(t.resource.kind, page, { now: ctx.now(), include: includeObject(q), resourceVersion: rv, continueToken }));
  }
  sendJson(res, 200, {
    kind: `${t.resource.kind}List`,
    apiVersion: groupVersionOf(t.resource),
    metadata: { resourceVersion: rv, ...(continueToken ? { continue: continueToken, remainingItemCount: matching.length - start - page.length } : {}) },
    items: page.map((o) => listItem(t.resource, o)),
  });
}

function handleWatch(ctx: Ctx, req: IncomingMessage, res: ServerResponse, t: Target, q: URLSearchParams): void {
  const sel = parseSelectors(q, t.resource.kind);
  if ('kind' in sel) return sendStatus(res, sel);
  const fields = t.name ? [...sel.fields, { field: 'metadata.name', op: 'eq' as const, value: t.name }] : sel.fields;
  const rvParam = q.get('resourceVersion') ?? '';
  const fromRv = rvParam === '' || rvParam === '0' ? null : Number(rvParam);
  if (fromRv !== null && !Number.isInteger(fromRv)) return sendStatus(res, badRequest(`invalid resource version: "${rvParam}"`));
  const timeoutRaw = Number(q.get('timeoutSeconds') ?? '');

  const w: Watcher = {
    res,
    resource: t.resource,
    namespace: t.namespace,
    labels: sel.labels,
    fields,
    table: wantsTable(req.headers.accept) ? { include: includeObject(q), now: ctx.now } : null,
    sentColumns: false,
  };
  res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache, private', 'Transfer-Encoding': 'chunked' });
  res.flushHeaders();

  if (fromRv === null) {
    for (const o of ctx.store.list(t.resource, t.namespace)) if (watcherMatches(w, o, t.resource)) writeEvent(w, 'ADDED', o);
  } else if (fromRv < ctx.store.oldestResourceVersion) {
    writeError(w, kubeStatus(410, 'Expired', `too old resource version: ${fromRv} (${ctx.store.oldestResourceVersion})`));
    res.end();
    return;
  } else {
    for (const ev of ctx.store.eventsSince(fromRv)) {
      const type = eventFor(w, ev);
      if (type) writeEvent(w, type, ev.object);
    }
  }
  ctx.hub.add(w);
  if (Number.isFinite(timeoutRaw) && timeoutRaw > 0) {
    w.timer = setTimeout(() => {
      ctx.hub.remove(w);
      res.end();
    }, timeoutRaw * 1000);
  }
  const stop = (): void => ctx.hub.remove(w);
  req.on('close', stop);
  res.on('close', stop);
}

function handleLog(ctx: Ctx, req: IncomingMessage, res: ServerResponse, pod: KubeObject, q: URLSearchParams): void {
  const parsed = parseLogQuery(q, pod);
  if ('kind' in parsed) return sendStatus(res, parsed);
  const query: LogQuery = parsed;
  const now = ctx.now();
  const sources = (): { nodeIPs: string[]; announcerIP?: string } => {
    const all = ctx.store.all();
    return { nodeIPs: nodeInternalIPs(all), announcerIP: announcerInternalIP(all, pod.metadata.namespace) };
  };
  const lines = selectLines(generatePodLog(pod, { now, ...sources(), container: query.container, lines: ctx.logLines }), query, now);
  const text = limitText(lines.map((l) => formatLine(l, query.timestamps)).join(''), query.limitBytes);
  if (!query.follow) {
    res.writeHead(200, { 'Content-Type': 'text/plain', 'Content-Length': Buffer.byteLength(text) });
    res.end(text);
    return;
  }
  res.writeHead(200, { 'Content-Type': 'text/plain', 'Transfer-Encoding': 'chunked' });
  res.write(text);
  let written = Buffer.byteLength(text);
  if (query.limitBytes !== undefined && written >= query.limitBytes) {
    res.end();
    return;
  }
  let seq = 0;
  const key = { ns: pod.metadata.namespace, name: pod.metadata.name, kind: pod.kind };
  const stream = {
    end: (): void => {
      clearInterval(timer);
      ctx.streams.delete(stream);
      res.end();
    },
    podStillThere: (): boolean => ctx.store.all().some((o) => o.kind === key.kind && o.metadata.namespace === key.ns && o.metadata.name === key.name),
  };
  const timer = setInterval(() => {
    const line = generateFollowLine(pod, { now: ctx.now(), ...sources(), seq: seq++, container: query.container });
    if (!line) return;
    const chunk = limitText(formatLine(line, query.timestamps), query.limitBytes === undefined ? undefined : query.limitBytes - written);
    res.write(chunk);
    written += Buffer.byteLength(chunk);
    if (query.limitBytes !== undefined && written >= query.limitBytes) stream.end();
  }, ctx.followIntervalMs);
  ctx.streams.add(stream);
  const stop = (): void => {
    clearInterval(timer);
    ctx.streams.delete(stream);
  };
  req.on('close', stop);
  res.on('close', stop);
}

/** The RBAC verb of a request, as kube-apiserver derives it from method and path. */
function verbOf(method: string, t: Target): string {
  switch (method) {
    case 'GET':
    case 'HEAD':
      return t.watch ? 'watch' : t.name !== undefined ? 'get' : 'list';
    case 'POST':
      return 'create';
    case 'PUT':
      return 'update';
    case 'PATCH':
      return 'patch';
    case 'DELETE':
      return t.name !== undefined ? 'delete' : 'deletecollection';
    default:
      return method.toLowerCase();
  }
}

function handleResource(ctx: Ctx, req: IncomingMessage, res: ServerResponse, group: string, version: string, rest: string[], q: URLSearchParams): void {
  const method = req.method ?? 'GET';
  const resources = visibleRegistry(ctx).filter((r) => r.group === group && r.version === version);
  if (resources.length === 0) return sendStatus(res, NO_SUCH_RESOURCE);
  if (rest.length === 0) return method === 'GET' || method === 'HEAD' ? sendJson(res, 200, apiResourceList(resources, group, version)) : sendStatus(res, methodNotAllowed(method));
  const t = parseTarget(rest, resources, q.get('watch') === 'true' || q.get('watch') === '1');
  if (!t) return sendStatus(res, NO_SUCH_RESOURCE);
  const { resource } = t;
  const kind = kindNameOf(resource);
  // Authorization comes first, as in kube-apiserver: a write the role does not allow is a 403.
  if (ctx.rbac !== false) {
    const verb = verbOf(method, t);
    const rbacResource = t.sub !== undefined ? `${resource.plural}/${t.sub}` : resource.plural;
    if (!rbacAllows(ctx.rbac, { verb, group: resource.group, resource: rbacResource, name: t.name })) {
      return sendStatus(res, forbidden(verb, resource.plural, resource.group, t.namespace, t.name, t.sub));
    }
  }
  if (method !== 'GET' && method !== 'HEAD') return sendStatus(res, methodNotAllowed(method));
  const isLog = t.sub === 'log' && resource.plural === 'pods' && resource.group === '';
  if (t.sub !== undefined && !isLog) return sendStatus(res, NO_SUCH_RESOURCE);
  // pods/log is its own RBAC resource: denying pods does not deny logs.
  if (kind && ctx.deny[kind] === 403 && !isLog) {
    const verb = t.watch ? 'watch' : t.name ? 'get' : 'list';
    return sendStatus(res, forbidden(verb, resource.plural, resource.group, t.namespace, t.name));
  }
  if (t.watch) return handleWatch(ctx, req, res, t, q);
  if (t.name === undefined) return handleList(ctx, req, res, t, q);
  const obj = ctx.store.get(resource, t.namespace, t.name);
  if (!obj) return sendStatus(res, notFound(resource.plural, resource.group, t.name));
  if (isLog) return handleLog(ctx, req, res, obj, q);
  if (wantsTable(req.headers.accept)) {
    return sendJson(res, 200, toTable(resource.kind, [obj], { now: ctx.now(), include: includeObject(q), resourceVersion: obj.metadata.resourceVersion }));
  }
  sendJson(res, 200, obj);
}

function handle(ctx: Ctx, req: IncomingMessage, res: ServerResponse): void {
  const method = req.method ?? 'GET';
  const url = new URL(req.url ?? '/', 'http://lab.invalid');
  let segs: string[];
  try {
    segs = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
  } catch {
    return sendStatus(res, badRequest('malformed path'));
  }
  const q = url.searchParams;
  const registry = visibleRegistry(ctx);
  const [first, second, third] = segs;
  const isResourcePath = (first === 'api' && second === 'v1' && segs.length > 2) || (first === 'apis' && segs.length > 3);
  // Writes to resources go through RBAC first (handleResource); anything else read-only is a 405.
  if (method !== 'GET' && method !== 'HEAD' && !isResourcePath) return sendStatus(res, methodNotAllowed(method));
  if (segs.length === 0) return sendJson(res, 200, rootPaths(registry));
  if (segs.length === 1 && (first === 'healthz' || first === 'livez' || first === 'readyz')) {
    res.writeHead(200, { 'Content-Type': 'text/plain' });
    res.end('ok');
    return;
  }
  if (segs.length === 1 && first === 'version') return sendJson(res, 200, LAB_VERSION);
  if (first === 'api') {
    if (segs.length === 1) return sendJson(res, 200, apiVersions(ctx.serverAddress));
    if (second === 'v1') return handleResource(ctx, req, res, '', 'v1', segs.slice(2), q);
    return sendStatus(res, NO_SUCH_RESOURCE);
  }
  if (first === 'apis') {
    if (segs.length === 1) return sendJson(res, 200, apiGroupList(registry));
    if (segs.length === 2 && second) {
      const g = apiGroup(registry, second);
      return g ? sendJson(res, 200, g) : sendStatus(res, NO_SUCH_RESOURCE);
    }
    if (second && third) return handleResource(ctx, req, res, second, third, segs.slice(3), q);
  }
  // /openapi/v2, /openapi/v3 and everything else: the lab does not serve it.
  sendStatus(res, NO_SUCH_RESOURCE);
}

function defaultScenario(dir: string): string | null {
  const names = listScenarios(dir);
  return names.includes('homelab-before') ? 'homelab-before' : (names[0] ?? null);
}

export function labKubeconfigYaml(url: string): string {
  return dump({
    apiVersion: 'v1',
    kind: 'Config',
    // client-node refuses http: servers unless insecure-skip-tls-verify is set; kubectl ignores it for http.
    clusters: [{ name: LAB_CONTEXT, cluster: { server: url, 'insecure-skip-tls-verify': true } }],
    users: [{ name: LAB_CONTEXT, user: {} }],
    contexts: [{ name: LAB_CONTEXT, context: { cluster: LAB_CONTEXT, user: LAB_CONTEXT } }],
    'current-context': LAB_CONTEXT,
    preferences: {},
  });
}

export async function startLabServer(opts: LabServerOptions = {}): Promise<LabServer> {
  const dir = opts.scenarioDir ?? defaultScenarioDir();
  let scenario: string | null;
  let initial: KubeObject[];
  if (opts.objects) {
    scenario = opts.scenario ?? null;
    initial = opts.objects;
  } else {
    scenario = opts.scenario ?? defaultScenario(dir);
    initial = scenario ? loadScenario(scenario, dir) : [];
  }
  const host = opts.host ?? '127.0.0.1';
  const ctx: Ctx = {
    store: new ObjectStore(initial),
    hub: new WatchHub(),
    now: opts.now ?? (() => new Date()),
    deny: { ...opts.deny },
    rbac: opts.rbac === undefined ? loadEdgelensRole() : opts.rbac,
    serverAddress: '',
    logLines: opts.logLines,
    followIntervalMs: opts.followIntervalMs ?? 1000,
    streams: new Set(),
  };
  const server = createServer((req, res) => {
    try {
      handle(ctx, req, res);
    } catch (e) {
      // A bug in the lab must not take the process down; answer like the API server would.
      const message = e instanceof Error ? e.message : String(e);
      if (!res.headersSent) sendStatus(res, kubeStatus(500, 'InternalError', `lab API server error: ${message}`));
      else res.end();
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const hostForUrl = host.includes(':') ? `[${host}]` : host;
  const url = `http://${hostForUrl}:${port}`;
  ctx.serverAddress = `${hostForUrl}:${port}`;

  const setObjects = (objs: KubeObject[]): void => {
    ctx.hub.publish(ctx.store.replace(objs));
    for (const s of [...ctx.streams]) if (!s.podStillThere()) s.end();
  };

  return {
    url,
    port,
    get scenario() {
      return scenario;
    },
    get scenarios() {
      return listScenarios(dir);
    },
    switchScenario(name: string) {
      const objs = loadScenario(name, dir);
      scenario = name;
      setObjects(objs);
    },
    setObjects,
    kubeconfig: () => labKubeconfigYaml(url),
    close: () =>
      new Promise<void>((resolve, reject) => {
        ctx.hub.closeAll();
        for (const s of [...ctx.streams]) s.end();
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}
