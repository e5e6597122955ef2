import type { Numeric } from '../../shared/domain/numeric';
import { encodeWaveformFrame, type WaveformSegment } from '../../shared/waveform/frame';
import type { RecorderTick } from '../../electron/main/disclosure/writer/recorder-protocol';

/**
 * A simulated unit's tick as the station hands it to the recorder
 * (writer/recorder-protocol.ts), at monotonic reading `now`: the simulator
 * runs on that clock (as the station's does, from the wall time it started
 * at), so a numeric it measured at `measuredAt` was measured at that
 * monotonic reading. The wall clock reads `wall`, `now` unless someone set it.
 */
export function recorderTick(now: number, tick: { segments: WaveformSegment[]; numerics: Array<{ bedIndex: number; numerics: Numeric[] }> }, wall = now): RecorderTick {
  return {
    mono: now,
    wall,
    frame: tick.segments.length ? encodeWaveformFrame(tick.segments) : null,
    numerics: tick.numerics.map((n) => ({ bedIndex: n.bedIndex, numerics: n.numerics.map((numeric) => ({ numeric, measuredMono: numeric.measuredAt })) })),
    statuses: [],
  };
}
