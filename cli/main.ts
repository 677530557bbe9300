// The edgelens CLI: dispatches to one module per command, loaded only when chosen (a
// `logs` run must not pay for the Kubernetes client). Exit codes (CONTRACT.md):
// 0 ran and found no errors, 1 ran and found errors, 2 bad usage or unreadable input.
import { UsageError, describeError } from './errors';
import { type Io, processIo } from './io';
import pkg from '../package.json';

type Command = (argv: string[], io: Io) => Promise<number | null>;

const COMMANDS: Record<string, { load: () => Promise<Command>; summary: string }> = {
  cluster: {
    load: async () => (await import('./commands/cluster')).clusterCommand,
    summary: 'LB IPs, who shares them, ETP, announcers, endpoints, and the traps set',
  },
  haproxy: {
    load: async () => (await import('./commands/haproxy')).haproxyCommand,
    summary: 'a PROXY-protocol HAProxy config for Traefik, and the Traefik trust settings',
  },
  probe: {
    load: async () => (await import('./commands/probe')).probeCommand,
    summary: 'probe one endpoint over TCP+TLS or HTTP/3 (QUIC): N samples, verdict, p50/p95',
  },
  status: {
    load: async () => (await import('./commands/status')).statusCommand,
    summary: 'the three answers: do client IPs reach my apps, does HTTP/3 work, which LB traps are set',
  },
  logs: {
    load: async () => (await import('./commands/logs')).logsCommand,
    summary: 'do real client IPs reach Traefik? classify an access log (file, stdin or the Traefik pods)',
  },
  crowdsec: {
    load: async () => (await import('./commands/crowdsec')).crowdsecCommand,
    summary: 'what CrowdSec decided and what it can see: per-router visibility, decisions on your own addresses, bouncer plugin trust',
  },
  serve: {
    load: async () => (await import('./commands/serve')).serveCommand,
    summary: 'run the dashboard and JSON API (lab mode when no cluster is configured)',
  },
  agent: {
    load: async () => (await import('./commands/agent')).agentCommand,
    summary: 'the per-node agent: probe from this node and report to the server (a DaemonSet)',
  },
  agents: {
    load: async () => (await import('./commands/agents')).agentsCommand,
    summary: "the node × target matrix from a running server's agents",
  },
  lab: {
    load: async () => (await import('./commands/lab')).labCommand,
    summary: 'run the embedded lab Kubernetes API alone and print a kubeconfig for it',
  },
};

function usage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((c) => c.length));
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`);
  return ['Usage: edgelens <command> [options]   (every command takes --json and --help)', '', 'Commands:', ...lines].join('\n');
}

export async function main(argv: string[], io: Io = processIo): Promise<number | null> {
  const [name, ...rest] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    io.out(usage());
    return name === undefined ? 2 : 0;
  }
  if (name === '--version' || name === 'version') {
    io.out(pkg.version);
    return 0;
  }
  const command = COMMANDS[name];
  if (!command) {
    io.err(`edgelens: unknown command "${name}"\n${usage()}`);
    return 2;
  }
  try {
    return await (await command.load())(rest, io);
  } catch (err) {
    if (err instanceof UsageError) {
      io.err(`edgelens ${name}: ${err.message} (see: edgelens ${name} --help)`);
      return 2;
    }
    // Anything else is a bug or an unexpected failure: still one line, with the cause chain.
    let line = describeError(err);
    let cause = err instanceof Error ? err.cause : undefined;
    while (cause instanceof Error) {
      line += ` (cause: ${cause.message})`;
      cause = cause.cause;
    }
    io.err(`edgelens ${name}: ${line}`);
    if (io.env.EDGELENS_DEBUG && err instanceof Error && err.stack) io.err(err.stack);
    return 2;
  }
}
