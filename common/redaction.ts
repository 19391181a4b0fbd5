// What the chat page and the host agree on about hiding secrets before a
// capture goes to a model server: the kinds of secret the host finds in a
// capture's text layer, the boxes (capture pixels) that are filled opaque in
// the image that leaves, and the replies of the channels (chat-contract.ts). The finder, the fill and
// the record of what was sent are the host's (host/redaction/).
import * as z from 'zod/mini';
import './schema.js';
import { PixelRect } from './pixel-rect.js';

/** What a finding looks like; the page names each kind in its language, the model reads `[hidden: <kind words>]`. */
export const SecretKind = z.enum([
  /** A key with a known prefix: AWS AKIA…, GitHub ghp_…, Slack xox…, OpenAI sk-…, Stripe, Google AIza…, npm_, hf_. */
  'api-key',
  /** A JSON Web Token (eyJ….….…). */
  'token',
  /** A long string with the randomness of a generated secret. */
  'secret',
  /** The lines of a PEM private-key block. */
  'private-key',
  /** A password typed in a form field, or assigned in a config line. */
  'password',
  'email',
  /** The credential of an Authorization header (Bearer, Basic…). */
  'authorization',
  /** The user and password in a connection string (postgres://user:pass@…, Password= in ADO strings). */
  'connection-string',
]);
export type SecretKind = z.infer<typeof SecretKind>;

/** The most boxes one capture's redaction holds (findings and drawn boxes together). */
export const maxRedactionBoxes = 500;

/** An area of a capture, in its own pixels, filled opaque in the image that leaves. */
export const RedactionBox = PixelRect;
export type RedactionBox = PixelRect;

/** One thing that looks secret, where it is: the page boxes it in the review. */
export const SecretFinding = z.object({
  kind: SecretKind,
  box: RedactionBox,
});
export type SecretFinding = z.infer<typeof SecretFinding>;

/** Which capture of a conversation: 0 is the first (capture.png), n the n-th later one. */
export const CaptureIndex = z.number().check(z.int(), z.nonnegative(), z.maximum(999));

/** What the review opens with: the findings, and whether the capture's text could be read at all. */
export const SecretsFound = z.object({
  findings: z.array(SecretFinding),
  /** false: the text layer could not read the capture; only boxes the user draws hide anything. */
  textRead: z.boolean(),
});
export type SecretsFound = z.infer<typeof SecretsFound>;

/** A capture's redaction as its CaptureInfo records it: the areas filled, and when. */
export const CaptureRedaction = z.object({
  boxes: z.array(RedactionBox).check(z.maxLength(maxRedactionBoxes)),
  at: z.number(),
});
export type CaptureRedaction = z.infer<typeof CaptureRedaction>;

/** The image that leaves (or left) for a capture, as base64 PNG: JSON-safe for the web host's socket too. */
export const SentImage = z.object({ pngBase64: z.string() });
export type SentImage = z.infer<typeof SentImage>;
