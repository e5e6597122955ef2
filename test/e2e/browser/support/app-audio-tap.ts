/**
 * Injected before the app loads (page.addInitScript), for tests that judge
 * the app's own alarm tone as it plays: every AudioContext the app creates
 * gets a recorder (audio-recorder.ts) between its output and the speakers,
 * and `window.__audioTap.measure()` returns what the first one played,
 * measured in the page. The page needs CSP bypassed for the recorder's
 * blob: module; nothing of the app is changed.
 */
import { createRecorder, type Recorder } from './audio-recorder';
import { analyse } from './page-meter';
import type { MeasuredPulse } from '../../../support/audio-pulses';

export interface AppRecording {
  /** Pulse times are ms on the recording; add `startMs` for the context's clock. */
  pulses: MeasuredPulse[];
  /** Context clock (ms) at the recording's first sample, and when it was measured. */
  startMs: number;
  nowMs: number;
  /** Holes in the recording: where (recording ms) and how long (ms). */
  lost: Array<{ atMs: number; ms: number }>;
}

const RECORD_SECONDS = 120;
const taps: Array<{ context: AudioContext; recorder: Promise<Recorder> }> = [];
const Native = window.AudioContext;

class TappedAudioContext extends Native {
  constructor(options?: AudioContextOptions) {
    super(options);
    const speakers = super.destination;
    // Synchronous stand-in: the app connects its output at once; the recorder joins when loaded.
    const junction = new GainNode(this);
    junction.connect(speakers);
    Object.defineProperty(this, 'destination', { value: junction, configurable: true });
    const recorder = createRecorder(this, RECORD_SECONDS).then((r) => {
      junction.disconnect();
      junction.connect(r.node);
      r.node.connect(speakers);
      return r;
    });
    taps.push({ context: this, recorder });
  }
}
window.AudioContext = TappedAudioContext;

async function measure(): Promise<AppRecording> {
  const tap = taps[0];
  if (!tap) throw new Error('the app created no AudioContext');
  const recording = await (await tap.recorder).dump();
  const rate = tap.context.sampleRate;
  const ms = (frames: number) => (frames / rate) * 1000;
  return {
    pulses: analyse(recording.samples, rate),
    startMs: ms(recording.startFrame),
    nowMs: tap.context.currentTime * 1000,
    lost: recording.lost.map((l) => ({ atMs: ms(l.at), ms: ms(l.frames) })),
  };
}

/** The app's audio clock, ms. */
function contextMs(): number {
  return (taps[0]?.context.currentTime ?? 0) * 1000;
}

Object.assign(window, { __audioTap: { measure, contextMs } });
