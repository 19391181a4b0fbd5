// `npm run dev:web [-- options]`: builds the pages, then starts the
// development web host (web-host/cli.ts) — the chat panel in a browser,
// against the real engine — and prints the URL to open. --no-build skips the
// build; every other option goes to the host (--help lists them).
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const skipBuild = args.includes('--no-build') || args.includes('--help') || args.includes('-h');
const hostArgs = args.filter((arg) => arg !== '--no-build');

function run(command, commandArgs) {
  return new Promise((resolve) => {
    const child = spawn(command, commandArgs, { cwd: root, stdio: 'inherit' });
    const forward = (signal) => child.kill(signal);
    process.on('SIGINT', forward);
    process.on('SIGTERM', forward);
    child.on('exit', (code, signal) => {
      process.off('SIGINT', forward);
      process.off('SIGTERM', forward);
      resolve(code ?? (signal ? 1 : 0));
    });
  });
}

if (!skipBuild) {
  const code = await run(process.execPath, ['scripts/build.mjs']);
  if (code !== 0) process.exit(code);
}
process.exit(await run(process.execPath, ['--import', 'tsx', 'web-host/cli.ts', ...hostArgs]));
