import type { WaveformSegment } from '../../../../shared/waveform/frame';

/**
 * Waveform segments received since the station's last pull. Bounded in
 * samples: when the station falls behind (or the gateway floods), the oldest
 * waveform goes first, and every shed segment is counted. Alarms never wait
 * here: they are applied the moment they arrive, so shedding waveforms can
 * never delay or lose one.
 */
export class WaveformBuffer {
  private segments: WaveformSegment[] = [];
  private samples = 0;
  private shedSegments = 0;

  constructor(private readonly maxSamples: number) {}

  /** Returns how many segments had to be shed to make room (0 normally). */
  push(segment: WaveformSegment): number {
    this.segments.push(segment);
    this.samples += segment.samples.length;
    let shed = 0;
    while (this.samples > this.maxSamples && this.segments.length > 0) {
      const oldest = this.segments.shift()!;
      this.samples -= oldest.samples.length;
      shed++;
    }
    this.shedSegments += shed;
    return shed;
  }

  drain(): WaveformSegment[] {
    const out = this.segments;
    this.segments = [];
    this.samples = 0;
    return out;
  }

  clear(): void {
    this.drain();
  }

  get shed(): number {
    return this.shedSegments;
  }
}
