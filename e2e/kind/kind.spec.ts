// The kind suite's browser checks, one phase per run (KIND_PHASE, set by e2e/kind/run.sh):
//   cluster — Traefik's Service is ETP=Cluster: the access log shows node addresses (snat) and the
//             Overview shows etp-cluster-snat.
//   local   — ETP=Local: real client addresses (preserved); the VIP's announcer is a node with a
//             Traefik endpoint; every node's agent reports and the announcer is marked in the matrix.
//   proxy   — the generated HAProxy (PROXY v2) in front: real client addresses again.
import { expect, test, type APIRequestContext } from '@playwright/test';

const PHASE = process.env.KIND_PHASE;
const VIP = process.env.EDGELENS_KIND_VIP ?? '';

async function json(request: APIRequestContext, path: string): Promise<Record<string, unknown>> {
  const res = await request.get(path);
  expect(res.status(), `${path}: ${await res.text()}`).toBe(200);
  return (await res.json()) as Record<string, unknown>;
}

test.skip(PHASE === undefined, 'run through e2e/kind/run.sh (KIND_PHASE=cluster|local|proxy)');

test(`phase ${PHASE ?? '?'}`, async ({ page, request }) => {
  if (PHASE === 'cluster') {
    await expect.poll(async () => ((await json(request, '/api/v1/logs')).verdict as string) ?? '').toBe('snat');
    await page.goto('/');
    await expect(page.locator('[data-testid="finding"][data-rule="etp-cluster-snat"]').first()).toBeVisible();
    await page.goto('/clients');
    await expect(page.getByTestId('client-verdict')).toHaveAttribute('data-verdict', 'snat');
    return;
  }
  if (PHASE === 'local') {
    await expect.poll(async () => ((await json(request, '/api/v1/logs')).verdict as string) ?? '').toBe('preserved');
    const cluster = await json(request, '/api/v1/cluster');
    const lbs = cluster.loadBalancers as Array<{ ip: string; announcer: { node: string } | null; services: Array<{ name: string; externalTrafficPolicy: string; endpointNodes: string[] }> }>;
    const lb = lbs.find((l) => l.ip === VIP);
    expect(lb?.services.find((s) => s.name === 'traefik')?.externalTrafficPolicy).toBe('Local');
    const announcer = lb?.announcer?.node ?? '';
    expect(announcer).not.toBe('');
    expect(lb?.services.find((s) => s.name === 'traefik')?.endpointNodes).toContain(announcer);

    // Four nodes run the agent; the announcer's column for the VIP is marked and its kube-proxy
    // health check reports local endpoints.
    await expect.poll(async () => ((await json(request, '/api/v1/agents')).nodes as unknown[]).length).toBe(4);
    await page.goto('/edge');
    await expect(page.locator(`[data-testid="agent-cell"][data-node="${announcer}"][data-announcer="true"]`).first()).toBeVisible();
    await expect(page.locator(`[data-testid="agent-health-row"][data-node="${announcer}"][data-announcer="true"]`).first()).toContainText('HTTP 200');
    await expect(page.locator('[data-testid="finding"][data-rule="announcer-health-check-failing"]')).toHaveCount(0);
    return;
  }
  if (PHASE === 'proxy') {
    await expect.poll(async () => ((await json(request, '/api/v1/logs')).verdict as string) ?? '').toBe('preserved');
    await page.goto('/clients');
    await expect(page.getByTestId('client-verdict')).toHaveAttribute('data-verdict', 'preserved');
    return;
  }
  throw new Error(`unknown KIND_PHASE ${PHASE}`);
});
