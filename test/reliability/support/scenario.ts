/** What every scenario file starts with: the stack, a counting client, the world of rows, and its figures saved at the end. */
import { createClient, type Client } from './client.js';
import { newFigures, saveFigures, type ScenarioFigures } from './figures.js';
import { startReliabilityStack, type ReliabilityStack } from './stack.js';
import { buildWorld, type World } from './world.js';

export interface Scenario {
  stack: ReliabilityStack;
  client: Client;
  world: World;
  figures: ScenarioFigures;
  /** Saves the figures (malformed error answers added to the checks) and stops the stack. */
  finish(): Promise<void>;
}

export async function startScenario(name: string): Promise<Scenario> {
  const figures = newFigures(name);
  const stack = await startReliabilityStack();
  const client = createClient(stack.url, stack.tokens, figures);
  const world = await buildWorld(stack, client);
  return {
    stack,
    client,
    world,
    figures,
    async finish() {
      if (client.malformedErrors.length > 0) figures.checks.push(`${client.malformedErrors.length} error answers not problem+json`);
      await saveFigures(figures);
      await stack.stop();
    },
  };
}

/** Runs `work` over `items` with at most `width` at a time. */
export async function inParallel<T, R>(items: readonly T[], width: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const lanes = Array.from({ length: Math.min(width, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i]!, i);
    }
  });
  await Promise.all(lanes);
  return results;
}

/** `{ 200: 1, 412: 5 }` as "1×200, 5×412". */
export function tally(statuses: readonly number[]): Record<number, number> {
  const out: Record<number, number> = {};
  for (const s of statuses) out[s] = (out[s] ?? 0) + 1;
  return out;
}

export function describeTally(t: Record<number, number>): string {
  return Object.entries(t).map(([status, n]) => `${n}×${status}`).join(', ');
}
