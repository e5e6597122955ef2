import { Worker } from 'node:worker_threads';
import { encodeWaveformFrame } from '../../../shared/waveform/frame';
import { silentLogger, type Logger } from '../logging/logger';
import type { AlarmLifeEvent, StationTick, TickPipeline } from '../pipeline/tick-pipeline';
import { wallTimeOf, type ClockEntry } from '../../../shared/disclosure/record-time';
import { systemClock, type Clock } from '../time/clock';
import type { DisclosureWorkerEntry } from './worker-entry';
import type { DisclosureWorkerData, FromWorker, ReviewCall, ToWorker } from './worker-protocol';
import type { RecorderHealth } from './writer/recorder-protocol';

export interface DisclosureRecorderOptions {
  file: string;
  projectRoot: string;
  exportDir: string;
  beds: readonly string[];
  retentionHours: number;
  worker: DisclosureWorkerEntry;
  clock?: Clock;
  logger?: Logger;
  /** Called when recording stops (reason) or resumes (null): the station's technical alarm. */
  onHealth: (problem: string | null) => void;
  /** Silence from the worker longer than this is "not recording". */
  silenceMs?: number;
  /** Test aid: the worker's commit period. */
  commitEveryMs?: number;
}

export class RecorderUnavailableError extends Error {}

const RESTART_AFTER_MS = 5_000;
const CALL_TIMEOUT_MS = 30_000;

/**
 * The main thread's side of the full-disclosure recorder: a subscriber of
 * the station's tick pipeline that posts each tick to the recorder's worker
 * thread (one transfer per tick, no SQL and no compression here), and the
 * client the review screens' queries go through.
 *
 * It watches its worker: a store that fails, a worker that stops answering
 * or dies, all become `onHealth(reason)` (the technical alarm "full
 * disclosure not recording") while the wall and the alarms carry on; a dead
 * worker is restarted and the time it missed is noted in the record as not
 * recorded.
 *
 * Time: it hands the worker readings of the station's Clock (the tick's
 * monotonic reading, the wall clock read with it, when each alarm step was
 * taken); the worker files them on the record's own time axis
 * (writer/record-timeline.ts). Its watchdog measures on the monotonic clock.
 */
export class DisclosureRecorder {
  private worker: Worker | null = null;
  private readonly pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void; timer: NodeJS.Timeout }>();
  private nextId = 1;
  private problem: string | null = null;
  private lastHeard: number;
  private closing = false;
  private readonly watchdog: NodeJS.Timeout;
  private restartTimer: NodeJS.Timeout | null = null;
  private readonly clock: Clock;
  private readonly log: Logger;
  private latestHealth: RecorderHealth | null = null;
  private corruptBlocks = 0;
  private unsubscribe: () => void = () => undefined;
  /** The record's clock entries as the worker last said (to label times for people here: the audit of a look). */
  private clockEntries: ClockEntry[] = [];
  private failedBefore = false;

  constructor(private readonly options: DisclosureRecorderOptions) {
    this.clock = options.clock ?? systemClock;
    this.log = options.logger ?? silentLogger;
    this.lastHeard = this.clock.monotonic();
    this.spawn();
    const silenceMs = options.silenceMs ?? 10_000;
    this.watchdog = setInterval(() => {
      if (this.worker && this.clock.monotonic() - this.lastHeard > silenceMs) this.setProblem('the recorder is not responding');
    }, 1_000);
    this.watchdog.unref?.();
  }

  /** Subscribes to the station's stream until close(); returns the unsubscribe function. */
  subscribe(pipeline: TickPipeline): () => void {
    this.unsubscribe = pipeline.subscribe({
      name: 'disclosure-recorder',
      tick: (tick) => this.onTick(tick),
      alarmEvent: (event) => this.onAlarmEvent(event),
    });
    return this.unsubscribe;
  }

  /** What the station's wall clock read at record time `t`, as far as the worker last said (shared/disclosure/record-time.ts). */
  wallTimeOf(t: number): number {
    return wallTimeOf(this.clockEntries, t);
  }

  get health(): { recording: boolean; problem: string | null; worker: RecorderHealth | null; corruptBlocks: number } {
    return { recording: this.problem === null, problem: this.problem, worker: this.latestHealth, corruptBlocks: this.corruptBlocks };
  }

  /** A review query, answered by the worker. */
  call<T>(call: ReviewCall): Promise<T> {
    const worker = this.worker;
    if (!worker) return Promise.reject(new RecorderUnavailableError('the full-disclosure recorder is restarting; try again in a few seconds'));
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new RecorderUnavailableError(`the recorder did not answer within ${CALL_TIMEOUT_MS / 1000} s`));
      }, CALL_TIMEOUT_MS);
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject, timer });
      worker.postMessage({ type: 'call', id, call } satisfies ToWorker);
    });
  }

  /** Writes every open block and closes the store (the station stops); `detail` says how, in the record. */
  async close(detail: string | null = null): Promise<void> {
    this.closing = true;
    this.unsubscribe();
    clearInterval(this.watchdog);
    if (this.restartTimer) clearTimeout(this.restartTimer);
    const worker = this.worker;
    if (!worker) return;
    try {
      await this.call({ name: 'close', args: { mono: this.clock.monotonic(), detail } });
    } catch (error) {
      this.log.error('disclosure.close-failed', { reason: (error as Error).message.slice(0, 200) });
    }
    this.worker = null;
    await worker.terminate();
  }

  private onTick(tick: StationTick): void {
    if (!this.worker) return;
    const frame = tick.segments.length > 0 ? encodeWaveformFrame(tick.segments) : null;
    const message: ToWorker = {
      type: 'tick',
      tick: {
        mono: tick.mono,
        wall: this.clock.wall(),
        frame,
        numerics: tick.numerics.map((n) => ({ bedIndex: n.bedIndex, numerics: n.held.map((h) => ({ numeric: h.numeric, measuredMono: h.measuredMono })) })),
        statuses: [...tick.statuses],
      },
    };
    this.worker.postMessage(message, frame ? [frame] : []);
  }

  private onAlarmEvent(event: AlarmLifeEvent): void {
    this.post({ type: 'alarm', event: { ...event, mono: this.clock.monotonic() } });
  }

  private post(message: ToWorker): void {
    this.worker?.postMessage(message);
  }

  private spawn(): void {
    const data: DisclosureWorkerData = {
      file: this.options.file,
      projectRoot: this.options.projectRoot,
      beds: [...this.options.beds],
      retentionMs: this.options.retentionHours * 3_600_000,
      exportDir: this.options.exportDir,
      mono: this.clock.monotonic(),
      wall: this.clock.wall(),
      afterFailure: this.failedBefore,
      ...(this.options.commitEveryMs ? { commitEveryMs: this.options.commitEveryMs } : {}),
    };
    const worker = new Worker(this.options.worker.path, { workerData: data, ...(this.options.worker.execArgv ? { execArgv: this.options.worker.execArgv } : {}) });
    this.worker = worker;
    this.lastHeard = this.clock.monotonic();
    worker.on('message', (message: FromWorker) => this.onMessage(message));
    worker.on('error', (error) => this.log.error('disclosure.worker-error', { reason: error.message.slice(0, 200) }));
    worker.on('exit', (code) => {
      if (this.worker !== worker) return;
      this.worker = null;
      this.failAll(new RecorderUnavailableError(`the recorder stopped (exit code ${code})`));
      if (this.closing) return;
      // The new worker marks the time since the last commit as not recorded (it knows where the record ends).
      this.failedBefore = true;
      this.setProblem(`the recorder stopped (exit code ${code}); restarting`);
      this.restartTimer = setTimeout(() => this.spawn(), RESTART_AFTER_MS);
      this.restartTimer.unref?.();
    });
  }

  private onMessage(message: FromWorker): void {
    this.lastHeard = this.clock.monotonic();
    switch (message.type) {
      case 'health':
        this.latestHealth = message.health;
        this.clockEntries = message.clock;
        this.setProblem(message.health.state === 'ok' ? null : `the store cannot be written (${message.health.reason})`);
        return;
      case 'reply': {
        const pending = this.pending.get(message.id);
        if (!pending) return;
        this.pending.delete(message.id);
        clearTimeout(pending.timer);
        if (message.ok) pending.resolve(message.result);
        else pending.reject(message.unavailable ? new RecorderUnavailableError(message.error) : new Error(message.error));
        return;
      }
      case 'corrupt':
        this.corruptBlocks++;
        this.log.error('disclosure.corrupt-block', { bedId: message.bedId, channel: message.channel, t0: message.t0, reason: message.reason.slice(0, 200) });
        return;
      case 'log':
        this.log.warn(message.event, message.fields);
        return;
    }
  }

  private setProblem(problem: string | null): void {
    if (problem === this.problem) return;
    this.problem = problem;
    if (problem) this.log.error('disclosure.not-recording', { reason: problem.slice(0, 200) });
    else this.log.info('disclosure.recording');
    this.options.onHealth(problem);
  }

  private failAll(error: Error): void {
    for (const [id, p] of this.pending) {
      clearTimeout(p.timer);
      p.reject(error);
      this.pending.delete(id);
    }
  }
}
