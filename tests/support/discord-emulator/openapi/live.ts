/** What the jest hook needs of a request contract (kept apart so the hook loads nothing heavy). */
export interface LiveContract {
  throwIfUnreported(): void;
}

/** The request contracts of the emulators open in this test file. */
export const liveContracts = new Set<LiveContract>();

/** Throws every violation no one has reported yet, across all open emulators (for an `afterEach`). */
export function throwUnreportedViolations(): void {
  const failures: Error[] = [];
  for (const contract of liveContracts) {
    try {
      contract.throwIfUnreported();
    } catch (error) {
      failures.push(error as Error);
    }
  }
  if (failures.length === 1) throw failures[0];
  if (failures.length > 1) throw new Error(failures.map((failure) => failure.message).join('\n'));
}
