// README screenshots of the Overview and the Fix page on the homelab-before scenario. They rewrite
// docs/screenshot-*.png, so they run only from `npm run screenshots` (playwright.config.ts), not npm test.
import { expect, test } from '@playwright/test';
import { DEFAULT_SCENARIO, setScenario, waitForReport } from './lab';

test('overview screenshots (laptop and phone)', async ({ page, request }) => {
  await setScenario(request, DEFAULT_SCENARIO);

  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto('/');
  await waitForReport(page);
  // The client-IP card answers from the access logs once they are sampled: shoot that, not "checking…".
  await expect(page.getByTestId('verdict-clients')).toHaveAttribute('data-basis', 'logs');
  await page.screenshot({ path: 'docs/screenshot-overview.png', fullPage: true, animations: 'disabled' });

  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto('/');
  await waitForReport(page);
  await expect(page.getByTestId('verdict-clients')).toHaveAttribute('data-basis', 'logs');
  await page.screenshot({ path: 'docs/screenshot-overview-phone.png', fullPage: true, animations: 'disabled' });
});

test('fix page screenshot (laptop)', async ({ page, request }) => {
  await setScenario(request, DEFAULT_SCENARIO);
  await page.setViewportSize({ width: 1280, height: 900 });
  // HAProxy's source address given, so the Traefik snippets show a real trusted IP.
  await page.goto('/fix?svc=traefik%2Ftraefik&egress=10.0.20.5');
  await expect(page.getByTestId('file-haproxy').locator('pre')).toContainText('send-proxy-v2');
  await expect(page.getByTestId('fix-output')).toHaveAttribute('data-stale', 'false');
  await page.screenshot({ path: 'docs/screenshot-fix.png', fullPage: true, animations: 'disabled' });
});

test('client IPs page screenshot (laptop)', async ({ page, request }) => {
  await setScenario(request, DEFAULT_SCENARIO);
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto('/clients');
  await expect(page.getByTestId('router-row').first()).toHaveAttribute('data-verdict', 'snat');
  await expect(page.locator('.recharts-area').first()).toBeVisible();
  await page.screenshot({ path: 'docs/screenshot-clients.png', fullPage: true, animations: 'disabled' });
});
