// axe-core on every page, every lab scenario, light and dark: zero violations of any impact.
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { DEFAULT_SCENARIO, setScenario } from './lab';

const SCENARIOS = ['homelab-before', 'homelab-after', 'shared-ip-conflict'] as const;
const PAGES: ReadonlyArray<{ path: string; ready: (p: Page) => Promise<void> }> = [
  { path: '/', ready: (p) => expect(p.getByTestId('status-strip')).not.toContainText('Still reading') },
  { path: '/?whatIf=traefik/traefik:etp=Local,ip=10.0.20.203#what-if', ready: (p) => expect(p.getByTestId('what-if-verdict')).toBeVisible() },
  { path: '/clients', ready: (p) => expect(p.locator('main h2').first()).toBeVisible() },
  { path: '/edge', ready: (p) => expect(p.locator('main .edge, main [data-testid="no-targets"]').first()).toBeVisible() },
  { path: '/findings', ready: (p) => expect(p.getByTestId('findings-count')).not.toContainText('loading') },
  { path: '/fix', ready: (p) => expect(p.getByTestId('fix-output')).toBeVisible() },
];

test.afterAll(async ({ request }) => {
  await setScenario(request, DEFAULT_SCENARIO);
});

for (const scheme of ['light', 'dark'] as const) {
  for (const scenario of SCENARIOS) {
    test(`axe: every page of ${scenario} in ${scheme} mode has no violations`, async ({ page, request }) => {
      test.setTimeout(120_000);
      await setScenario(request, scenario);
      await page.emulateMedia({ colorScheme: scheme, reducedMotion: 'reduce' });
      // Every page is checked before failing, so one run lists every violation.
      const found: string[] = [];
      for (const { path, ready } of PAGES) {
        await page.goto(path);
        await expect(page.locator('html')).toHaveAttribute('data-theme', scheme);
        await ready(page);
        // Open every collapsed card so axe checks the fixes and evidence too.
        await page.evaluate(() => document.querySelectorAll('details').forEach((d) => (d.open = true)));
        const result = await new AxeBuilder({ page }).analyze();
        for (const v of result.violations) found.push(`${path}: ${v.id} (${v.impact ?? '?'}): ${v.nodes.map((n) => n.target.join(' ')).slice(0, 5).join(' | ')}`);
      }
      expect(found, `${scenario} ${scheme}`).toEqual([]);
    });
  }
}
