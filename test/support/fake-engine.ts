// A stand-in engine for the engine host's tests: the real transport
// (connectToHost) and the real protocol, with behaviours picked by the last
// user turn's last line instead of a model:
//   "stream N"       N deltas, one per FAKE_ENGINE_STEP_MS, honouring stop between them;
//                    each delta reads "<i>@<ms since epoch> " so a test can tell when it was made
//   "ignore-stop N"  the same, deaf to stop
//   "slow-prefill"   stays in 'prefill' for 30 s and ignores stop, like an ONNX run
//   "crash"          one delta, then exits with code 1
//   "whoami"         one delta "pid=<pid> model=<modelDir> channel=<request channels seen>"
//   "garbage"        a malformed answer event and a malformed control message, then "ok"
// Answers run one at a time; the others wait in 'queued'.
// Loading a folder named "missing" fails; one named "crash-on-load" exits.
// FAKE_ENGINE_MODE=crash-on-start exits at once; =mute never answers hello.
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  EngineToHost,
  HostToEngine,
  RequestToEngine,
  type AnswerEvent,
  type GenerateRequest,
  type ModelStatus,
} from '../../common/engine-protocol.js';
import { connectToHost } from '../../engine/host-port.js';
import type { RequestChannel } from '../../engine/transport.js';

const mode = process.env.FAKE_ENGINE_MODE;
if (mode === 'crash-on-start') process.exit(2);

const stepMs = Number(process.env.FAKE_ENGINE_STEP_MS ?? 20);
const host = connectToHost();
let model: ModelStatus | undefined;

interface Job {
  request: GenerateRequest;
  channel: RequestChannel;
  stopped: boolean;
  finished: boolean;
}
const queue: Job[] = [];
let running = false;

function reply(message: EngineToHost): void {
  host.send(EngineToHost.parse(message));
}

host.onMessage((raw) => {
  const parsed = HostToEngine.safeParse(raw);
  if (!parsed.success) return reply({ type: 'protocol-error', message: 'malformed control message' });
  const message = parsed.data;
  if (message.type === 'hello') {
    if (mode !== 'mute')
      reply({
        type: 'ready',
        runtime: { node: process.versions.node, onnxruntime: 'fake', platform: process.platform, arch: process.arch },
      });
  } else if (message.type === 'load') {
    const name = path.basename(message.modelDir);
    if (name === 'crash-on-load') process.exit(3);
    reply({ type: 'loading', modelDir: message.modelDir, attempt: 'cpu/q8' });
    if (name === 'missing') {
      model = undefined;
      reply({
        type: 'load-failed',
        modelDir: message.modelDir,
        error: { code: 'model-missing', message: `No model in ${message.modelDir}.` },
      });
      return;
    }
    model = { modelDir: message.modelDir, family: 'smolvlm', provider: 'cpu', dtype: 'q8', loadMs: 1 };
    setTimeout(() => reply({ type: 'loaded', model: model! }), 10);
  } else {
    model = undefined;
    reply({ type: 'unloaded' });
  }
});

let channelsSeen = 0;
host.onRequest((channel) => {
  channelsSeen++;
  let job: Job | undefined;
  channel.onMessage((raw) => {
    const parsed = RequestToEngine.safeParse(raw);
    if (!parsed.success) return channel.post({ type: 'error', error: { code: 'bad-request', message: 'malformed' } });
    if (parsed.data.type === 'generate') {
      job = { request: parsed.data, channel, stopped: false, finished: false };
      queue.push(job);
      if (running) post(job, { type: 'phase', phase: 'queued' });
      void runNext();
    } else if (job) {
      job.stopped = true;
      // A queued job is dropped at once; a running one notices between steps.
      const index = queue.indexOf(job);
      if (index >= 0) {
        queue.splice(index, 1);
        finish(job, { type: 'done', reason: 'stopped' });
      }
    }
  });
});

function post(job: Job, event: AnswerEvent): void {
  if (!job.finished) job.channel.post(event);
}

function finish(job: Job, event: AnswerEvent): void {
  post(job, event);
  job.finished = true;
  job.channel.close();
}

async function runNext(): Promise<void> {
  if (running) return;
  const job = queue.shift();
  if (!job) return;
  running = true;
  try {
    await run(job);
  } finally {
    running = false;
    void runNext();
  }
}

async function run(job: Job): Promise<void> {
  if (!model) return finish(job, { type: 'error', error: { code: 'no-model', message: 'No model is loaded.' } });
  // The command is the question's last line: the chat puts its answer-language instruction before it.
  const text = job.request.turns.at(-1)?.text.split('\n').at(-1) ?? '';
  const [command = '', arg] = text.split(' ');
  switch (command) {
    case 'stream':
    case 'ignore-stop':
      post(job, { type: 'phase', phase: 'decoding' });
      for (let i = 0; i < Number(arg); i++) {
        if (job.stopped && command === 'stream') return finish(job, { type: 'done', reason: 'stopped' });
        post(job, { type: 'delta', text: `${i}@${Date.now()} ` });
        await sleep(stepMs);
      }
      return finish(job, { type: 'done', reason: 'eos' });
    case 'slow-prefill':
      post(job, { type: 'phase', phase: 'encoding' });
      await sleep(stepMs);
      post(job, { type: 'phase', phase: 'prefill' });
      await sleep(30_000);
      return finish(job, { type: 'done', reason: 'eos' });
    case 'crash':
      post(job, { type: 'phase', phase: 'decoding' });
      post(job, { type: 'delta', text: 'about to crash' });
      await sleep(stepMs);
      process.exit(1);
      break;
    case 'whoami':
      post(job, { type: 'delta', text: `pid=${process.pid} model=${model.modelDir} channel=${channelsSeen}` });
      return finish(job, { type: 'done', reason: 'eos' });
    case 'garbage':
      job.channel.post({ type: 'delta', text: 42 });
      host.send({ type: 'launch-missiles' });
      post(job, { type: 'delta', text: 'ok' });
      return finish(job, { type: 'done', reason: 'eos' });
    default:
      return finish(job, { type: 'error', error: { code: 'bad-request', message: `Unknown behaviour: ${text}` } });
  }
}
