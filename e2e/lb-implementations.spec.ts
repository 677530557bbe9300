// The Overview's LB cards on the lab scenarios of the other load balancers:
// each card names its implementation and where its holder was read.
import { expect, test } from '@playwright/test';
import { lbCard, setScenario, waitForReport, DEFAULT_SCENARIO } from './lab';

test.afterEach(async ({ request }) => {
  await setScenario(request, DEFAULT_SCENARIO);
});

test('cilium-l2: the card names Cilium and the Lease that holds the IP', async ({ page, request }) => {
  await setScenario(request, 'cilium-l2');
  await page.goto('/');
  await waitForReport(page);
  const card = lbCard(page, '10.0.20.200');
  await expect(card.getByTestId('lb-implementation')).toHaveText('Cilium L2');
  await expect(card).toContainText('Announced by k8s-node2 (from Lease kube-system/cilium-l2announce-traefik-traefik)');
});

test('purelb and k3s-servicelb: annotation holder, and the nodes that accept traffic', async ({ page, request }) => {
  await setScenario(request, 'purelb');
  await page.goto('/');
  await waitForReport(page);
  await expect(lbCard(page, '10.0.20.240')).toContainText('Announced by k8s-node2 (from annotation purelb.io/announcing-IPv4)');

  await setScenario(request, 'k3s-servicelb');
  await page.goto('/');
  await waitForReport(page);
  const traefik = page.locator('[data-testid="lb-card"]', { hasText: 'kube-system/traefik' }).first();
  await expect(traefik.getByTestId('lb-implementation')).toHaveText('k3s ServiceLB');
  await expect(traefik).toContainText('ServiceLB: accepted on k3s-node1, k3s-node2, k3s-node3');
  // One card per ServiceLB Service, each with its own findings (the masquerade finding is traefik's).
  await expect(traefik).toContainText('2 findings on this Service');
  await expect(traefik.getByRole('img')).toHaveCount(0); // no VIP → announcer picture: there is no single holder
  await expect(page.locator('[data-testid="lb-card"]', { hasText: 'home/mosquitto' })).toContainText('no findings on this Service');
});
