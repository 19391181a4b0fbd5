import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
export const distDir = path.join(repoRoot, 'dist');

export function bin(name: string): string {
  return path.join(repoRoot, 'node_modules', '.bin', name);
}

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a command in the repo and returns its exit code and output (never throws on a non-zero exit). */
export function run(
  command: string,
  args: string[],
  options: { input?: string; timeoutMs?: number; env?: NodeJS.ProcessEnv } = {},
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      command,
      args,
      {
        cwd: repoRoot,
        timeout: options.timeoutMs ?? 300_000,
        maxBuffer: 64 * 1024 * 1024,
        env: options.env ?? process.env,
      },
      (error, stdout, stderr) => {
        if (error && typeof error.code !== 'number') reject(error);
        else resolve({ code: error ? Number(error.code) : 0, stdout, stderr });
      },
    );
    if (options.input !== undefined) child.stdin?.end(options.input);
  });
}

/** Tests of built output need `npm run build` first (npm test does it). */
export function requireBuild(): void {
  if (!existsSync(path.join(distDir, 'main', 'index.js'))) {
    throw new Error('dist/ is missing: run `npm run build` first (npm test builds before testing).');
  }
}
