// Finding cluster credentials the way kubectl does (explicit path, $KUBECONFIG,
// ~/.kube/config, then in-cluster), and building the lab's config in code with
// loadFromOptions, so the lab is just another cluster to the probes.
// `/*turbopackIgnore: true*/` on each runtime path: a user's kubeconfig is not a build input, and
// without the hint Next's file tracing would copy the whole project into the standalone output.
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';

export interface LoadKubeConfigOptions {
  kubeconfigPath?: string;
  context?: string;
}

const LAB_NAME = 'edgelens-lab';

function kubeconfigEnvFiles(): string[] | null {
  const env = process.env.KUBECONFIG;
  if (!env) return null;
  return env.split(delimiter).filter(Boolean);
}

function defaultKubeconfig(): string {
  return join(homedir(), '.kube', 'config');
}

/** Is a cluster configured: an existing file in $KUBECONFIG, ~/.kube/config, or in-cluster env? */
export function hasKubeConfig(): boolean {
  const envFiles = kubeconfigEnvFiles();
  if (envFiles) return envFiles.some((f) => existsSync(/*turbopackIgnore: true*/ f));
  if (existsSync(/*turbopackIgnore: true*/ defaultKubeconfig())) return true;
  return !!process.env.KUBERNETES_SERVICE_HOST;
}

function loadFiles(files: string[]): KubeConfig {
  const kc = new KubeConfig();
  files.forEach((file, i) => {
    try {
      if (i === 0) {
        kc.loadFromFile(file);
        return;
      }
      // Like kubectl: the first file to define a name wins; later duplicates are ignored.
      const more = new KubeConfig();
      more.loadFromFile(file);
      for (const c of more.getClusters()) if (!kc.getCluster(c.name)) kc.addCluster(c);
      for (const u of more.getUsers()) if (!kc.getUser(u.name)) kc.addUser(u);
      for (const x of more.getContexts()) if (!kc.getContextObject(x.name)) kc.addContext(x);
      if (!kc.getCurrentContext()) kc.setCurrentContext(more.getCurrentContext());
    } catch (cause) {
      throw new Error(`cannot read kubeconfig ${file}: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    }
  });
  return kc;
}

/**
 * Loads the kubeconfig: `kubeconfigPath`, else $KUBECONFIG (colon list, missing files
 * skipped), else ~/.kube/config, else in-cluster. Throws a clear Error (with cause) when
 * nothing is configured, a file is unreadable, or the context does not exist.
 */
export function loadKubeConfig(opts: LoadKubeConfigOptions = {}): KubeConfig {
  let kc: KubeConfig;
  let where: string;
  const envFiles = kubeconfigEnvFiles();
  if (opts.kubeconfigPath) {
    if (!existsSync(/*turbopackIgnore: true*/ opts.kubeconfigPath)) throw new Error(`kubeconfig not found: ${opts.kubeconfigPath}`);
    kc = loadFiles([opts.kubeconfigPath]);
    where = opts.kubeconfigPath;
  } else if (envFiles) {
    const existing = envFiles.filter((f) => existsSync(/*turbopackIgnore: true*/ f));
    if (existing.length === 0) throw new Error(`KUBECONFIG is set but none of its files exist: ${envFiles.join(delimiter)}`);
    kc = loadFiles(existing);
    where = `KUBECONFIG=${existing.join(delimiter)}`;
  } else if (existsSync(/*turbopackIgnore: true*/ defaultKubeconfig())) {
    kc = loadFiles([defaultKubeconfig()]);
    where = defaultKubeconfig();
  } else if (process.env.KUBERNETES_SERVICE_HOST) {
    kc = new KubeConfig();
    try {
      kc.loadFromCluster();
    } catch (cause) {
      throw new Error('cannot load the in-cluster service account configuration', { cause });
    }
    where = 'in-cluster service account';
  } else {
    throw new Error('no Kubernetes cluster configured: no --kubeconfig, no KUBECONFIG, no ~/.kube/config and not running in a cluster');
  }

  if (opts.context) {
    if (!kc.getContextObject(opts.context)) {
      const known = kc.getContexts().map((c) => c.name);
      throw new Error(`context "${opts.context}" not found in ${where} (known: ${known.join(', ') || 'none'})`);
    }
    kc.setCurrentContext(opts.context);
  }
  const current = kc.getCurrentContext();
  if (!current || !kc.getContextObject(current)) {
    throw new Error(`${where} has no usable current context${current ? ` ("${current}" is not defined)` : ''}; pass --context`);
  }
  if (!kc.getCurrentCluster()) {
    const ctx = kc.getContextObject(current);
    throw new Error(`context "${current}" in ${where} refers to cluster "${ctx?.cluster ?? ''}", which is not defined`);
  }
  return kc;
}

/**
 * A KubeConfig for the embedded lab at `url` (plain HTTP on loopback, no credentials).
 * skipTLSVerify is required: client-node refuses `http:` servers without it, and
 * there is no certificate to verify.
 */
export function labKubeConfig(url: string): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: LAB_NAME, server: url, skipTLSVerify: true }],
    users: [{ name: LAB_NAME }],
    contexts: [{ name: LAB_NAME, cluster: LAB_NAME, user: LAB_NAME }],
    currentContext: LAB_NAME,
  });
  return kc;
}
