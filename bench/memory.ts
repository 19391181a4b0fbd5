// Memory of this process. The kernel's peak resident set (getrusage) sees
// every allocation, native ones included, so no sampling can miss a spike;
// each model runs in its own child process, as the app's engine does.
const MB = 1024 * 1024;

/** Peak resident set size of this process so far, in MB. */
export function peakRssMB(): number {
  // maxRSS is in kilobytes.
  return process.resourceUsage().maxRSS / 1024;
}

export function currentRssMB(): number {
  return process.memoryUsage().rss / MB;
}
