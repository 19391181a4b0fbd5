// The Node.js version check `npm start` makes before anything else: the
// "engines" range in package.json is a plain ">=major.minor".

/** A sentence saying what to do when `version` (process.version) is below `range`; undefined when it is fine. */
export function nodeVersionProblem(version, range) {
  const wanted = /^>=\s*(\d+)(?:\.(\d+))?/.exec(range ?? '');
  const have = /^v?(\d+)\.(\d+)/.exec(version);
  if (!wanted || !have) return undefined;
  const [needMajor, needMinor] = [Number(wanted[1]), Number(wanted[2] ?? 0)];
  const [major, minor] = [Number(have[1]), Number(have[2])];
  if (major > needMajor || (major === needMajor && minor >= needMinor)) return undefined;
  return (
    `Sightline needs Node.js ${needMajor}.${needMinor} or newer, and this is Node.js ${version.replace(/^v/, '')}. ` +
    'Install a newer Node.js (https://nodejs.org, or your version manager: nvm install 20), then run npm ci and npm start again.'
  );
}
