/**
 * An AudioWorklet that copies every sample passing through it on the audio
 * thread, indexed by the context's own frame counter: the recording shows
 * exactly what was put on the audio clock, whatever the page's main thread
 * was doing. Used in series between the sound and the speakers.
 */
const RECORDER = `
class VigilRecorder extends AudioWorkletProcessor {
  constructor(options) {
    super();
    this.buffer = new Float32Array(options.processorOptions.frames);
    this.startFrame = -1;
    this.lastFrame = -1;
    this.length = 0;
    this.onsetSent = false;
    this.lost = [];
    this.port.onmessage = () => this.port.postMessage({ type: 'dump', startFrame: this.startFrame, samples: this.buffer.slice(0, this.length), lost: this.lost });
  }
  process(inputs, outputs) {
    if (this.startFrame < 0) this.startFrame = currentFrame;
    const at = currentFrame - this.startFrame;
    // Quanta this recorder was not called for (Chromium does so while a worklet starts up, and
    // rarely on an overloaded machine): the recording has a hole there, which the test must know.
    if (this.lastFrame >= 0 && currentFrame !== this.lastFrame + 128) this.lost.push({ at: this.lastFrame + 128 - this.startFrame, frames: currentFrame - this.lastFrame - 128 });
    this.lastFrame = currentFrame;
    const input = inputs[0] && inputs[0][0];
    if (input) {
      if (outputs[0][0]) outputs[0][0].set(input);
      if (at + input.length <= this.buffer.length) this.buffer.set(input, at);
      if (!this.onsetSent) {
        for (let i = 0; i < input.length; i++) {
          if (Math.abs(input[i]) > 1e-3) {
            this.onsetSent = true;
            this.port.postMessage({ type: 'onset', frame: currentFrame + i });
            break;
          }
        }
      }
    }
    this.length = Math.min(this.buffer.length, at + 128);
    return true;
  }
}
registerProcessor('vigil-recorder', VigilRecorder);
`;

export interface Recording {
  /** Context frame of samples[0]. */
  startFrame: number;
  samples: Float32Array;
  /** Holes: recording frame where each starts, and its length in frames. */
  lost: Array<{ at: number; frames: number }>;
}

export interface Recorder {
  node: AudioWorkletNode;
  /** Context frame of the first sample louder than 1e-3. */
  onset: Promise<number>;
  dump(): Promise<Recording>;
}

/** Needs a secure context (localhost counts) and a CSP that lets a blob: module load. */
export async function createRecorder(context: BaseAudioContext, seconds: number): Promise<Recorder> {
  const url = URL.createObjectURL(new Blob([RECORDER], { type: 'text/javascript' }));
  await context.audioWorklet.addModule(url);
  const frames = Math.ceil(seconds * context.sampleRate);
  const node = new AudioWorkletNode(context, 'vigil-recorder', { numberOfInputs: 1, numberOfOutputs: 1, outputChannelCount: [1], processorOptions: { frames } });
  let dumped: ((r: Recording) => void) | null = null;
  const onset = new Promise<number>((resolve) => {
    node.port.onmessage = (event: MessageEvent<{ type: string; frame: number } & Recording>) => {
      if (event.data.type === 'onset') resolve(event.data.frame);
      else if (event.data.type === 'dump') dumped?.(event.data);
    };
  });
  return {
    node,
    onset,
    dump: () =>
      new Promise<Recording>((resolve) => {
        dumped = resolve;
        node.port.postMessage('dump');
      }),
  };
}
