import { describe, expect, it } from 'vitest';
import type { LoadBalancer } from '@/lib/model';
import { verifyCommands } from './verify-commands';

const svc = (namespace: string, name: string): LoadBalancer['services'][number] => ({
  namespace,
  name,
  externalTrafficPolicy: 'Local',
  sharingKey: null,
  ports: ['TCP/25'],
  readyEndpoints: 1,
  endpointNodes: ['k8s-node1'],
});

describe('verifyCommands', () => {
  it('one read-only command per line for a card', () => {
    const lb: LoadBalancer = { ip: '10.0.20.201', announcer: { node: 'k8s-node4', source: 'event' }, services: [svc('mail', 'mailserver')] };
    expect(verifyCommands(lb).map((c) => c.command)).toEqual([
      'kubectl get svc -A -o wide | grep -wF 10.0.20.201',
      'kubectl get events -A --field-selector reason=nodeAssigned | grep -wF 10.0.20.201',
      'kubectl -n mail get endpointslices -l kubernetes.io/service-name=mailserver -o wide',
    ]);
  });

  it('no command from a name or address that could carry shell syntax', () => {
    const lb: LoadBalancer = { ip: '10.0.20.201; id', announcer: null, services: [svc('mail', 'x$(id)'), svc('mail', 'mailserver')] };
    expect(verifyCommands(lb).map((c) => c.command)).toEqual(['kubectl -n mail get endpointslices -l kubernetes.io/service-name=mailserver -o wide']);
  });
});
