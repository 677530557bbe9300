// axe-core on every page, every lab scenario, light and dark: zero violations of any impact.
// Each page is loaded once per scenario and checked in both schemes (the theme follows
// prefers-color-scheme live), which keeps 7 scenarios × 5 pages × 2 schemes within CI budget.
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { DEFAULT_SCENARIO, LAB_SCENARIOS, setScenario } from './lab';

/** The what-if of the scenario's first LoadBalancer Service (MetalLB: a verdict; another implementation: its designed refusal). */
async function whatIfPath(request: APIRequestContext): Promise<string> {
  const cluster = (await (await request.get('/api/v1/cluster')).json()) as { loadBalancers: Array<{ services: Array<{ namespace: string; name: string }> }> };
  const svc = cluster.loadBalancers.flatMap((lb) => lb.services)[0];
  return svc ? `/?whatIf=${svc.namespace}/${svc.name}:etp=Local#what-if` : '/';
}

const PAGES: ReadonlyArray<{ path: string | ((r: APIRequestContext) => Promise<string>); ready: (p: Page) => Promise<void> }> = [
  // The Overview with the what-if panel open: everything on "/" plus the planner's answer.
  {
    path: whatIfPath,
    ready: async (p) => {
      await expect(p.getByTestId('status-strip')).not.toContainText('Still reading');
      if (new URL(p.url()).search) await expect(p.getByTestId('what-if-verdict').or(p.getByTestId('what-if-error'))).toBeVisible();
    },
  },
  { path: '/clients', ready: (p) => expect(p.getByTestId('verdict-clients')).not.toHaveAttribute('data-answer', 'pending') },
  { path: '/edge', ready: (p) => expect(p.getByTestId('verdict-h3')).not.toHaveAttribute('data-answer', 'pending') },
  { path: '/findings', ready: (p) => expect(p.getByTestId('findings-count')).not.toContainText('loading') },
  // The generated config, or the designed reason it cannot be generated for this scenario's first Service.
  { path: '/fix', ready: (p) => expect(p.getByTestId('fix-output').or(p.getByTestId('fix-problem')).or(p.getByTestId('fix-no-ip')).first()).toBeVisible() },
];

test.afterAll(async ({ request }) => {
  await setScenario(request, DEFAULT_SCENARIO);
});

for (const scenario of LAB_SCENARIOS) {
  test(`axe: every page of ${scenario} in light and dark mode has no violations`, async ({ page, request }) => {
    test.setTimeout(180_000);
    await setScenario(request, scenario);
    // Every page and scheme is checked before failing, so one run lists every violation.
    const found: string[] = [];
    for (const spec of PAGES) {
      const path = typeof spec.path === 'string' ? spec.path : await spec.path(request);
      await page.emulateMedia({ colorScheme: 'light', reducedMotion: 'reduce' });
      await page.goto(path);
      await spec.ready(page);
      // Open every collapsed card so axe checks the fixes and evidence too.
      await page.evaluate(() => document.querySelectorAll('details').forEach((d) => (d.open = true)));
      for (const scheme of ['light', 'dark'] as const) {
        await page.emulateMedia({ colorScheme: scheme, reducedMotion: 'reduce' });
        await expect(page.locator('html')).toHaveAttribute('data-theme', scheme);
        const result = await new AxeBuilder({ page }).analyze();
        for (const v of result.violations) found.push(`${path} ${scheme}: ${v.id} (${v.impact ?? '?'}): ${v.nodes.map((n) => n.target.join(' ')).slice(0, 5).join(' | ')}`);
      }
    }
    expect(found, scenario).toEqual([]);
  });
}
