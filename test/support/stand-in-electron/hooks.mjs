// Module hooks for the app under the stand-in: `import ... from 'electron'`
// gets electron.ts of this folder.
const standIn = new URL('./electron.ts', import.meta.url).href;

export async function resolve(specifier, context, next) {
  // Through the next hook (tsx's), which knows how to load TypeScript.
  if (specifier === 'electron') return next(standIn, context);
  return next(specifier, context);
}
