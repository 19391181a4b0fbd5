// What a measuring child process leaves for the runner: its measurement as
// JSON at `outPath`, or its failure with the stack (and a failing exit code),
// so one model that cannot be measured does not stop the others.
import { writeFile } from 'node:fs/promises';
import type { ModelFailure } from './results.js';

export async function writeMeasurement(
  outPath: string,
  spec: { label: string; dir: string },
  measure: () => Promise<unknown>,
): Promise<void> {
  try {
    await writeFile(outPath, JSON.stringify(await measure()));
  } catch (error) {
    const failure: ModelFailure = {
      label: spec.label,
      dir: spec.dir,
      error: error instanceof Error ? (error.stack ?? error.message) : String(error),
    };
    await writeFile(outPath, JSON.stringify(failure));
    process.exitCode = 1;
  }
}
