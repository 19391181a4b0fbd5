// Where `sightline ask` puts what the engine's native libraries print: a
// debug log of this run in the temp folder (one file per run, so two
// terminals never mix their logs; removed again when the run printed
// nothing), shown live with --verbose. The user's terminal gets only
// Sightline's own lines, and the log's name when something failed.
import os from 'node:os';
import path from 'node:path';
import { EngineLog } from '../host/engine-host/engine-log.js';
import { nativeLoggingVariable } from '../common/native-logging.js';

export interface EngineOutput {
  log: EngineLog;
  /** The engine's environment: onnxruntime logs its warnings only with --verbose. */
  env: NodeJS.ProcessEnv;
}

/** `io`: the command's stderr and environment (the process's by default). */
export function cliEngineOutput(
  verbose: boolean,
  io: { stderr: NodeJS.WritableStream; env: NodeJS.ProcessEnv } = process,
): EngineOutput {
  const log = EngineLog.open(path.join(os.tmpdir(), `sightline-engine-${process.pid}.log`), {
    ...(verbose ? { echo: io.stderr } : {}),
    fallback: io.stderr,
  });
  return { log, env: verbose ? { ...io.env, [nativeLoggingVariable]: 'verbose' } : io.env };
}

/** A sentence about a failure, pointing at the log when it holds something. */
export async function withDetails(sentence: string, log: EngineLog): Promise<string> {
  const file = await log.details();
  return file ? `${sentence} (details in ${file})` : sentence;
}
