// Types for node-version.mjs (plain JavaScript: `npm start` runs it before anything is built).
export function nodeVersionProblem(version: string, range: string | undefined): string | undefined;
