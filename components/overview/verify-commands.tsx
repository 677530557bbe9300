// "Verify with kubectl": the read-only commands that show what this card
// says — who holds the IP, who announces it, where each Service's endpoints
// run — one command per block, each with its own copy button.
import type { LoadBalancer } from '@/lib/model';
import { CommandBlock } from '../command-block';
import { isNamespace, isServiceName } from '../kubectl';

// An IP literal as the report writes it: digits, hex, dots and colons only (safe unquoted in a shell).
const IP = /^[0-9A-Fa-f.:]+$/;

/** The card's commands; a name or address that is not a valid Kubernetes name / IP gets none (nothing reaches a shell unchecked). */
export function verifyCommands(lb: LoadBalancer): Array<{ what: string; command: string }> {
  const out: Array<{ what: string; command: string }> = [];
  const ipOk = IP.test(lb.ip);
  if (ipOk) out.push({ what: `Services on ${lb.ip}`, command: `kubectl get svc -A -o wide | grep -wF ${lb.ip}` });
  if (lb.announcer?.source === 'ServiceL2Status') out.push({ what: 'Which node announces it', command: 'kubectl get servicel2statuses.metallb.io -A -o wide' });
  else if (ipOk) out.push({ what: 'Which node announces it', command: `kubectl get events -A --field-selector reason=nodeAssigned | grep -wF ${lb.ip}` });
  for (const s of lb.services) {
    if (isNamespace(s.namespace) && isServiceName(s.name)) out.push({ what: `Endpoints of ${s.namespace}/${s.name}`, command: `kubectl -n ${s.namespace} get endpointslices -l kubernetes.io/service-name=${s.name} -o wide` });
  }
  return out;
}

export function VerifyCommands({ lb }: { lb: LoadBalancer }) {
  return (
    <details className="verify-commands" data-testid="verify-commands">
      <summary>Verify with kubectl</summary>
      <ul className="verify-list">
        {verifyCommands(lb).map((c) => (
          <li key={c.command}>
            <span className="verify-what">{c.what}</span>
            <CommandBlock command={c.command} />
          </li>
        ))}
      </ul>
    </details>
  );
}
