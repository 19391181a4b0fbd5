// Schemas use zod/mini: the same contracts are bundled into every sandboxed
// preload, and the mini build tree-shakes to a few KB where classic zod adds
// about 450 KB. Import `* as z from 'zod/mini'` directly (a re-exported
// namespace would defeat tree-shaking) and import this module once for
// English error messages.
import { config, type core } from 'zod/mini';
import en from 'zod/v4/locales/en.js';

config(en());

/** A short, readable description of why a payload failed validation. */
export function describeIssues(error: core.$ZodError): string {
  return error.issues
    .map((issue) => `${issue.path.length ? issue.path.join('.') : 'payload'}: ${issue.message}`)
    .join('; ');
}
