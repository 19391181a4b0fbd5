// The image work of a command run inside the app: reading an image's text
// (`sightline text`) and scaling an image for a model server (`ask
// --backend`). sharp and the OCR never run in Electron's main process, so
// both go to an engine process, as they do in the app (host/engine-host's
// readText and resize). The engine starts at the first job and ends with
// dispose(); its native output goes to the command's debug log.
import { CodedError } from '../common/coded-error.js';
import type { CliHost } from '../host/cli-host.js';
import { EngineHost } from '../host/engine-host/engine-host.js';
import { enginePrepareImage } from '../host/model-servers/engine-prepare-image.js';
import type { PrepareImage } from '../host/model-servers/image-payload.js';
import { cliEngineOutput, withDetails, type EngineOutput } from './engine-output.js';
import { ImageTextError, type ImageTextReading, type TextLanguage } from './text-command.js';

export class EngineJobs {
  private engine: { host: EngineHost; output: EngineOutput } | undefined;

  constructor(
    private readonly cliHost: CliHost,
    private readonly verbose: boolean,
  ) {}

  readonly prepareImage: PrepareImage = (bytes, maxSide, allowJpeg) =>
    enginePrepareImage(this.started().host)(bytes, maxSide, allowJpeg);

  readonly readText = async (imagePath: string, lang: TextLanguage): Promise<ImageTextReading> => {
    const { host, output } = this.started();
    const start = performance.now();
    try {
      const read = await host.readText({ kind: 'path', path: imagePath }, lang);
      // The fields in the order the text layer gives them, so --json reads the same from both.
      return {
        width: read.width,
        height: read.height,
        language: read.language,
        lines: read.lines.map((line) => ({ ...line, indent: line.text.length - line.text.trimStart().length })),
        text: read.text,
        ...(read.reader ? { reader: read.reader } : {}),
        timings: { total: performance.now() - start },
      };
    } catch (error) {
      if (!(error instanceof CodedError)) throw error;
      throw new ImageTextError(await withDetails(error.message, output.log), error.code === 'bad-image');
    }
  };

  /** Ends the engine, if one started, once the rest of its output is in the log. */
  async dispose(): Promise<void> {
    const engine = this.engine;
    this.engine = undefined;
    if (!engine) return;
    await engine.host.dispose();
    await engine.output.log.close();
  }

  private started(): { host: EngineHost; output: EngineOutput } {
    if (!this.engine) {
      const output = cliEngineOutput(this.verbose, this.cliHost);
      this.engine = { host: new EngineHost({ launcher: this.cliHost.engineLauncher(output) }), output };
    }
    return this.engine;
  }
}
