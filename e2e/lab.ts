// Shared helpers for specs that run against the lab server (playwright.config.ts webServer).
import { expect, type APIRequestContext, type Locator, type Page } from '@playwright/test';
import { listScenarios } from '../lab/scenarios';

export const DEFAULT_SCENARIO = 'homelab-before';

/** The lab scenario is global server state shared by every spec: set it explicitly at the start of each test. */
export async function setScenario(request: APIRequestContext, name: string): Promise<void> {
  const res = await request.post('/api/v1/lab/scenario', { data: { name } });
  expect(res.status(), `POST /api/v1/lab/scenario ${name}: ${await res.text()}`).toBe(200);
  const body: unknown = await res.json();
  expect(body).toMatchObject({ scenario: name });
}

export function findingsOf(page: Page, rule: string): Locator {
  return page.locator(`[data-testid="finding"][data-rule="${rule}"]`);
}

export function lbCard(page: Page, ip: string): Locator {
  return page.locator(`[data-testid="lb-card"][data-ip="${ip}"]`);
}

/** Waits until the Overview shows a report (verdicts rendered), not the skeleton. */
export async function waitForReport(page: Page): Promise<void> {
  await expect(page.getByTestId('verdict-traps')).toBeVisible();
}

/** Every lab scenario (lab/scenarios/*.yaml): a spec that says "per scenario" runs them all, new ones included. */
export const LAB_SCENARIOS: readonly string[] = listScenarios();
