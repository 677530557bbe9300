// README screenshots of the Overview on the homelab-before scenario.
import { test } from '@playwright/test';
import { DEFAULT_SCENARIO, setScenario, waitForReport } from './lab';

test('overview screenshots (laptop and phone)', async ({ page, request }) => {
  await setScenario(request, DEFAULT_SCENARIO);

  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto('/');
  await waitForReport(page);
  await page.screenshot({ path: 'docs/screenshot-overview.png', fullPage: true, animations: 'disabled' });

  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto('/');
  await waitForReport(page);
  await page.screenshot({ path: 'docs/screenshot-overview-phone.png', fullPage: true, animations: 'disabled' });
});
