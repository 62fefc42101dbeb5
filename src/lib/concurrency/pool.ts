/**
 * Runs `work` for every item with at most `concurrency` at a time, in item order.
 * Start-up restoration uses a pool over channels so hundreds of open raids do not become
 * hundreds of simultaneous Discord requests (and a storm of 429s). A failing item
 * does not stop the others: failures are returned, with their items.
 */
export async function forEachConcurrently<T>(
  items: readonly T[],
  concurrency: number,
  work: (item: T) => Promise<void>,
): Promise<Array<{ item: T; error: unknown }>> {
  const failures: Array<{ item: T; error: unknown }> = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const item = items[next++]!;
      try {
        await work(item);
      } catch (error) {
        failures.push({ item, error });
      }
    }
  };
  const workers = Math.max(1, Math.min(concurrency, items.length));
  await Promise.all(Array.from({ length: workers }, worker));
  return failures;
}

/**
 * Splits items into groups by key, each group in item order, groups in order of first
 * appearance. Restoration runs the raids of one planner channel one after the other
 * (Discord limits message writes per channel) and the groups side by side.
 */
export function groupBy<T>(items: readonly T[], groupOf: (item: T) => string): T[][] {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = groupOf(item);
    const group = groups.get(key);
    if (group === undefined) groups.set(key, [item]);
    else group.push(item);
  }
  return [...groups.values()];
}
