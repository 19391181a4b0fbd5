// `sightline text` under Node: the text layer (engine/text) runs in this
// process, with every step timed. Only the Node entry (sightline.ts) imports
// this file: the app's main process must never load the OCR (it reads in the
// engine instead, engine-jobs.ts).
import { TextReadError, TextReader } from '../engine/text/text-reader.js';
import { ImageTextError, type ImageTextReading, type TextLanguage } from './text-command.js';

export async function readTextHere(imagePath: string, lang: TextLanguage): Promise<ImageTextReading> {
  const reader = new TextReader();
  try {
    return await reader.read(imagePath, { lang });
  } catch (error) {
    if (error instanceof TextReadError) throw new ImageTextError(error.message, error.code === 'not-an-image');
    throw error;
  } finally {
    await reader.dispose();
  }
}
