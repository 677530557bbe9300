// Shared helpers for specs that run against the lab server (playwright.config.ts webServer).
import { expect, type APIRequestContext, type Locator, type Page, type Route } from '@playwright/test';
import type { CrowdsecReport } from '@/lib/model';
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

type Decision = CrowdsecReport['decisions'][number];

/** A CrowdSec ban as the LAPI lists it, classified as edgelens classifies it (lib/model CrowdsecReport). */
export function banDecision(id: number, value: string, cls: Decision['class'], flags: Decision['flags'], scenario: string): Decision {
  return { id, origin: 'crowdsec', type: 'ban', scope: 'Ip', value, duration: '3h59m', scenario, class: cls, flags };
}

/**
 * GET /api/v1/crowdsec answered as a reachable LAPI holding `over.decisions` would be: the e2e
 * server runs without a LAPI, so specs about the CrowdSec panel give it one report.
 */
export async function mockCrowdsec(page: Page, over: Pick<CrowdsecReport, 'decisions' | 'verdict' | 'explanation'> & Partial<CrowdsecReport>): Promise<void> {
  const report = {
    lapi: { url: 'http://crowdsec-service.crowdsec:8080', reachable: true, healthy: true, auth: 'ok' },
    decisionsTotal: over.decisions.length,
    decisionsOmitted: 0,
    blindRouters: [],
    findings: [],
    generatedAt: new Date().toISOString(),
    ...over,
  };
  await page.route('**/api/v1/crowdsec', (route: Route) => route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify(report) }));
}
