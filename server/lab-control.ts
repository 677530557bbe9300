// Lab-only controls for the API: which scenario is served, and switching it at run time.
import { z } from 'zod';
import { ApiError, echo } from './api-error';
import type { Runtime } from './runtime';

export const switchScenarioSchema = z.object({ name: z.string().max(64, 'scenario names are at most 64 characters').regex(/^[a-z0-9-]+$/, 'scenario names are lowercase letters, digits and dashes') });

export interface LabState {
  scenario: string | null;
  scenarios: string[];
}

export function labState(rt: Runtime): LabState {
  const lab = rt.source.lab;
  if (!lab) throw new ApiError(404, 'not-lab-mode', 'the lab is only available in lab mode');
  return { scenario: lab.scenario, scenarios: lab.scenarios };
}

export function switchScenario(rt: Runtime, name: string): LabState {
  const lab = rt.source.lab;
  if (!lab) throw new ApiError(404, 'not-lab-mode', 'the lab is only available in lab mode');
  if (!lab.scenarios.includes(name)) throw new ApiError(400, 'unknown-scenario', `unknown scenario ${echo(name)} (known: ${lab.scenarios.join(', ')})`);
  lab.switchScenario(name);
  rt.invalidate();
  return labState(rt);
}
