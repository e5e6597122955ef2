import type { AlarmPriority } from '../../../shared/domain/alarm-condition';
import { BurstScheduler, type AuditoryRequest } from './burst-scheduler';

export type { AuditoryRequest } from './burst-scheduler';

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
  /**
   * Epoch ms reckoned on this view's monotonic clock (performance.timeOrigin +
   * performance.now()): a diagnostic (benches, service staff) compared within
   * one run; it does not follow a wall-clock step and nothing clinical reads it.
   */
  scheduledAt: number;
  /**
   * Epoch ms at which its first pulse begins on the audio clock (estimated from
   * the context's current time): later than `scheduledAt` by the scheduling
   * margin, and by the wait for a pulse boundary when it took over from another.
   */
  audibleAt: number;
}

const TONE_START_LOG = 4096;
/** How often the schedule is topped up and health checked. It sets no pulse's time. */
const TOP_UP_MS = 250;
const STALL_CHECK_MS = 2000;
/** Fade-in of the whole output when the sounder resumes a suspended context (≈ a HIGH rise). */
const RESUME_FADE_S = 0.022;
/** After stop(), the pulse still sounding is let finish before the context closes. */
const CLOSE_AFTER_MS = 300;

/**
 * Plays the one auditory alarm signal the main process selected on a real-
 * time AudioContext created at start – no user gesture needed (Electron's
 * autoplay policy is set for this; a kiosk wall has nobody to click). The
 * bursts themselves are placed on the audio clock by BurstScheduler; this
 * class owns the context, tops the schedule up, and reports anything that
 * stops sound from being produced – the context not running, its clock
 * stalling, an output error – so the main process raises a technical alarm.
 *
 * A context found suspended (this class never suspends it) is resumed with
 * the output faded in: its clock stood still, so the rhythm continues where
 * it stopped, and a pulse that was sounding resumes from silence instead of
 * mid-amplitude.
 */
export class AlarmSounder {
  private context: AudioContext | null = null;
  private master: GainNode | null = null;
  private analyser: AnalyserNode | null = null;
  private scheduler: BurstScheduler | null = null;
  private wanted: AuditoryRequest | null = null;
  private timer: ReturnType<typeof setInterval> | null = null;
  private resuming = false;
  private health: AudioHealth | null = null;
  private lastClock = { contextTime: -1, monoMs: 0 };
  private readonly toneStarts: ToneStart[] = [];

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
      this.scheduler = new BurstScheduler(context, this.master, (request, startsAt) => this.logToneStart(request, startsAt));
      context.onstatechange = () => this.checkHealth();
      (context as AudioContext & { onerror?: (() => void) | null }).onerror = () => this.report({ ok: false, reason: 'audio output error' });
      // Handed to the clock now; it plays as soon as the context runs.
      this.scheduler.request(this.wanted);
      await context.resume();
    } catch (error) {
      this.report({ ok: false, reason: `audio context failed: ${(error as Error).message}` });
      return;
    }
    this.timer = setInterval(() => this.topUp(), TOP_UP_MS);
    this.checkHealth();
  }

  /** Idempotent; what a change does is BurstScheduler's rule (README.md). */
  sound(request: AuditoryRequest | null): void {
    this.wanted = request;
    this.scheduler?.request(request);
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
    return { contextState: this.context?.state ?? 'none', playing: this.wanted, burstsScheduled: this.scheduler?.burstsScheduled ?? 0, outputRms };
  }

  /** Tone starts at or after `sinceEpochMs` (for latency measurement; bounded log). */
  toneStartsSince(sinceEpochMs: number): ToneStart[] {
    return this.toneStarts.filter((t) => t.scheduledAt >= sinceEpochMs);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.scheduler?.request(null);
    const context = this.context;
    if (context) setTimeout(() => void context.close(), CLOSE_AFTER_MS);
  }

  private topUp(): void {
    this.checkHealth();
    const context = this.context;
    if (context?.state === 'suspended' && !this.resuming) this.resumeFadingIn(context);
    this.scheduler?.pump();
  }

  private resumeFadingIn(context: AudioContext): void {
    const master = this.master!;
    this.resuming = true;
    // The clock is frozen at the moment the output stopped: these events apply as it restarts.
    const at = context.currentTime;
    master.gain.cancelScheduledValues(at);
    master.gain.setValueAtTime(0, at);
    master.gain.linearRampToValueAtTime(1, at + RESUME_FADE_S);
    context.resume().then(
      () => (this.resuming = false),
      () => (this.resuming = false),
    );
  }

  private logToneStart(request: AuditoryRequest, startsAt: number): void {
    const scheduledAt = performance.timeOrigin + performance.now();
    const ahead = this.context ? Math.max(0, startsAt - this.context.currentTime) * 1000 : 0;
    this.toneStarts.push({ ...request, scheduledAt, audibleAt: scheduledAt + ahead });
    if (this.toneStarts.length > TONE_START_LOG) this.toneStarts.splice(0, this.toneStarts.length - TONE_START_LOG);
  }

  private checkHealth(): void {
    const context = this.context;
    if (!context) return;
    if (context.state !== 'running') {
      this.report({ ok: false, reason: `audio context ${context.state}` });
      return;
    }
    // A running context whose clock stops advancing is not producing sound.
    const monoMs = performance.now(); // this view's monotonic clock: a stall is a duration
    if (context.currentTime !== this.lastClock.contextTime) {
      this.lastClock = { contextTime: context.currentTime, monoMs };
      this.report({ ok: true });
    } else if (monoMs - this.lastClock.monoMs > STALL_CHECK_MS) {
      this.report({ ok: false, reason: 'audio clock stalled' });
    }
  }

  private report(health: AudioHealth): void {
    const changed = this.health === null || this.health.ok !== health.ok || (!health.ok && !this.health.ok && health.reason !== this.health.reason);
    this.health = health;
    if (changed) this.onHealth(health);
  }
}
