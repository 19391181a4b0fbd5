// Runs a bench script in its own Node process (TypeScript through tsx), with
// its progress on this terminal and a time limit.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('..', import.meta.url));

export interface ChildOutcome {
  code: number | null;
  stdout: string;
  timedOut: boolean;
}

export function runChild(script: string, args: string[], timeoutMs: number): Promise<ChildOutcome> {
  return new Promise((resolve, reject) => {
    // --expose-gc: the measuring process collects garbage before each timed run,
    // so no run pays for the garbage of the one before it.
    const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', script, ...args], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let stdout = '';
    let timedOut = false;
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => (stdout += chunk));
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, timedOut });
    });
  });
}
