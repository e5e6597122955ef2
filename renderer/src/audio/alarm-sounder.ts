import type { AlarmPriority } from '../../../shared/domain/alarm-condition';
import { BURST_PATTERNS, burstPeriodMs, escalationGain } from './iec-burst-patterns';
import { scheduleBurst, type ScheduledBurst } from './pulse-synth';

/** What the main process says should sound now (null: nothing). */
export interface AuditoryRequest {
  alarmId: string;
  priority: AlarmPriority;
  escalationLevel: number;
}

export type AudioHealth = { ok: true } | { ok: false; reason: string };

export interface AudioDiagnostics {
  contextState: string;
  playing: AuditoryRequest | null;
  burstsScheduled: number;
  /** RMS of the output over the analyser window: proof that sound is produced. */
  outputRms: number;
}

/** A request's tone started: its first burst was handed to the audio clock. */
export interface ToneStart {
  alarmId: string;
  priority: AlarmPriority;
  escalationLevel: number;
  /** Epoch ms (performance.timeOrigin + now), comparable with the main process's clock. */
  scheduledAt: number;
}

const TONE_START_LOG = 4096;
const LOOKAHEAD_S = 0.6;
const SCHEDULER_MS = 150;
const STALL_CHECK_MS = 2000;

/**
 * Plays the one auditory alarm signal the main process selected, repeating
 * its IEC burst, on a real-time AudioContext created at start – no user
 * gesture needed (Electron's autoplay policy is set for this; a kiosk wall
 * has nobody to click). Anything that stops sound from being produced – the
 * context not running, its clock stalling, an output error – is reported as
 * unhealthy so the main process raises a technical alarm.
 */
export class AlarmSounder {
  private context: AudioContext | null = null;
  private master: GainNode | null = null;
  private analyser: AnalyserNode | null = null;
  private playing: AuditoryRequest | null = null;
  private bursts: ScheduledBurst[] = [];
  private nextBurstAt = 0;
  private burstsScheduled = 0;
  private timer: ReturnType<typeof setInterval> | null = null;
  private health: AudioHealth | null = null;
  private lastClock = { contextTime: -1, wallMs: 0 };
  private readonly toneStarts: ToneStart[] = [];
  private startLogged = false;

  constructor(
    private readonly onHealth: (health: AudioHealth) => void,
    private readonly createContext: () => AudioContext = () => new AudioContext({ latencyHint: 'interactive' }),
  ) {}

  async start(): Promise<void> {
    try {
      const context = this.createContext();
      this.context = context;
      this.master = new GainNode(context, { gain: 1 });
      this.analyser = new AnalyserNode(context, { fftSize: 2048 });
      this.master.connect(context.destination);
      this.master.connect(this.analyser);
      context.onstatechange = () => this.checkHealth();
      (context as AudioContext & { onerror?: (() => void) | null }).onerror = () => this.report({ ok: false, reason: 'audio output error' });
      await context.resume();
    } catch (error) {
      this.report({ ok: false, reason: `audio context failed: ${(error as Error).message}` });
      return;
    }
    this.timer = setInterval(() => this.pump(), SCHEDULER_MS);
    this.checkHealth();
  }

  /** Idempotent: the same alarm at the same level keeps its rhythm; anything else restarts at once. */
  sound(request: AuditoryRequest | null): void {
    const same =
      request !== null &&
      this.playing !== null &&
      request.alarmId === this.playing.alarmId &&
      request.priority === this.playing.priority &&
      request.escalationLevel === this.playing.escalationLevel;
    if (same || (request === null && this.playing === null)) return;
    this.cancelBursts();
    this.playing = request;
    this.startLogged = false;
    this.nextBurstAt = this.context ? this.context.currentTime + 0.02 : 0;
    this.pump();
  }

  diagnostics(): AudioDiagnostics {
    let outputRms = 0;
    if (this.analyser) {
      const samples = new Float32Array(this.analyser.fftSize);
      this.analyser.getFloatTimeDomainData(samples);
      let sum = 0;
      for (const s of samples) sum += s * s;
      outputRms = Math.sqrt(sum / samples.length);
    }
    return { contextState: this.context?.state ?? 'none', playing: this.playing, burstsScheduled: this.burstsScheduled, outputRms };
  }

  /** Tone starts at or after `sinceEpochMs` (for latency measurement; bounded log). */
  toneStartsSince(sinceEpochMs: number): ToneStart[] {
    return this.toneStarts.filter((t) => t.scheduledAt >= sinceEpochMs);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.cancelBursts();
    void this.context?.close();
  }

  private pump(): void {
    this.checkHealth();
    const context = this.context;
    if (!context || !this.master || !this.playing || context.state !== 'running') return;
    const pattern = BURST_PATTERNS[this.playing.priority];
    const period = burstPeriodMs(pattern);
    this.bursts = this.bursts.filter((b) => b.endsAt > context.currentTime);
    while (this.nextBurstAt < context.currentTime + LOOKAHEAD_S) {
      const startAt = Math.max(this.nextBurstAt, context.currentTime + 0.01);
      this.bursts.push(scheduleBurst(context, this.master, pattern, startAt, escalationGain(this.playing.escalationLevel)));
      this.burstsScheduled++;
      if (!this.startLogged) this.logToneStart(this.playing);
      if (period === null) {
        this.nextBurstAt = Number.POSITIVE_INFINITY;
        break;
      }
      this.nextBurstAt = startAt + period / 1000;
    }
  }

  private logToneStart(request: AuditoryRequest): void {
    this.startLogged = true;
    this.toneStarts.push({ ...request, scheduledAt: performance.timeOrigin + performance.now() });
    if (this.toneStarts.length > TONE_START_LOG) this.toneStarts.splice(0, this.toneStarts.length - TONE_START_LOG);
  }

  private cancelBursts(): void {
    for (const burst of this.bursts) burst.cancel();
    this.bursts = [];
  }

  private checkHealth(): void {
    const context = this.context;
    if (!context) return;
    if (context.state !== 'running') {
      this.report({ ok: false, reason: `audio context ${context.state}` });
      return;
    }
    // A running context whose clock stops advancing is not producing sound.
    const wallMs = performance.now();
    if (context.currentTime !== this.lastClock.contextTime) {
      this.lastClock = { contextTime: context.currentTime, wallMs };
      this.report({ ok: true });
    } else if (wallMs - this.lastClock.wallMs > STALL_CHECK_MS) {
      this.report({ ok: false, reason: 'audio clock stalled' });
    }
  }

  private report(health: AudioHealth): void {
    const changed = this.health === null || this.health.ok !== health.ok || (!health.ok && !this.health.ok && health.reason !== this.health.reason);
    this.health = health;
    if (changed) this.onHealth(health);
  }
}
