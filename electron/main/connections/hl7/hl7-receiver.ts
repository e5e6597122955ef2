import type { DeviceAlarmInput } from '../../alarms/device-alarm';
import type { AdtEvent, AdtOutcome, AdtRefusal } from '../../census/adt-event';
import type { Logger } from '../../logging/logger';
import type { Clock } from '../../time/clock';
import { buildAck, type AckCode, type AckHeader, type AckSender } from './hl7-ack';
import type { Hl7Counters } from './hl7-counters';
import { decideHl7Frame, peekHeader, type Hl7FrameInput, type Hl7PipelineContext } from './hl7-pipeline';
import type { PeerRateLimit } from './peer-rate-limit';
import { HL7_REJECT_REASONS, formatLocation, type Hl7RejectReason, type Hl7RejectionInfo } from './hl7-rejection';
import { emptyNotes } from './observation-notes';
import type { Hl7Sink } from './hl7-sink';
import { OpenDeviceAlarms } from './open-device-alarms';
import { ThrottledLog } from './throttled-log';

/**
 * One message, start to finish, minus the socket: decide (parse, validate,
 * map), hand the result to the sink and wait for it, count, log, and return
 * the ACK text. The ACK is AA only once the sink has returned; a sink that
 * throws or takes longer than `sinkTimeoutMs` gets the device an AE (it will
 * retry; numerics are idempotent and the alarm engine ties repeats together
 * by the device's alarm id). Never throws.
 *
 * A PCD-04 that was only partly understood gets its understood alarms
 * delivered and still an AE naming what was not: an AA would tell the
 * device everything reached the station. A "no alarm" for an alert id
 * this listener raised ends it (open-device-alarms.ts).
 */
export interface Hl7ReceiverOptions extends Hl7PipelineContext {
  sink: Hl7Sink;
  counters: Hl7Counters;
  logger: Logger;
  sinkTimeoutMs: number;
  /** Log thinning on `monotonic()`; the ACK's MSH-7 and control-id prefix on `wall()` (the device reads them, and ids must differ across restarts). */
  clock: Clock;
  sender: AckSender;
  /** Per-sender message rate; a message over it is answered AE and not taken. */
  rateLimit?: PeerRateLimit;
}

export interface Hl7Receipt {
  ack: string;
  code: AckCode;
  controlId: string;
}

export class Hl7Receiver {
  private readonly throttled: ThrottledLog;
  private ackSeq = 0;
  private readonly ackPrefix: string;
  private readonly openAlarms = new OpenDeviceAlarms();

  constructor(private readonly options: Hl7ReceiverOptions) {
    this.throttled = new ThrottledLog(options.logger, () => options.clock.monotonic());
    this.ackPrefix = `V${Math.round(options.clock.wall()).toString(36)}`;
  }

  async receive(source: string, input: Hl7FrameInput): Promise<Hl7Receipt> {
    const { counters } = this.options;
    counters.received(source);
    if (this.options.rateLimit && 'payload' in input) {
      // Only the header is read to answer a throttled message: a flood costs as little as possible.
      const header = peekHeader(input.payload);
      if (!this.options.rateLimit.take(source, header.triggerEvent === 'R40' ? 'alarms' : 'other')) {
        return this.reject(source, header, { reason: 'throttled', detail: 'this sender is over its message rate: the message was not taken, send it again later' });
      }
    }
    const decision = decideHl7Frame(input, this.options);
    if (decision.kind === 'rejected') return this.reject(source, decision.header, decision.rejection);
    if (decision.kind === 'adt') return this.receiveAdt(source, decision.header, decision.event);
    try {
      if (decision.kind === 'numerics') {
        for (const d of decision.deliveries) {
          // One sender clock per connection and bed: the monitor that stamps them (an integration engine stamps all alike).
          const origin = { sender: `hl7:${source}:${d.bedId}`, sentAt: decision.messageTime };
          if (d.numerics.length > 0) await this.deliver(() => this.options.sink.numerics(d.bedId, d.numerics, origin));
        }
        counters.accepted(source, decision.notes, { numerics: decision.deliveries.reduce((s, d) => s + d.numerics.length, 0), alarms: 0 });
      } else {
        let delivered = 0;
        const take = async (alarm: DeviceAlarmInput) => {
          await this.deliver(() => this.options.sink.deviceAlarm(alarm));
          this.openAlarms.delivered(alarm);
          delivered++;
        };
        for (const alarm of decision.alarms) await take(alarm);
        for (const end of decision.endIfOpen) if (this.openAlarms.isOpen(end)) await take(end);
        if (decision.notes.repaired['priority-missing'] > 0) {
          this.throttled.warn(`${source}:priority-missing`, 'hl7.alarm-priority-missing', { source, codes: decision.alarms.map((a) => a.code).join(','), assumed: 'HIGH' });
        }
        if (decision.incomplete) {
          // Delivered what was understood; the sender still hears that the rest was not.
          counters.tally(decision.notes, { numerics: 0, alarms: delivered });
          return this.reject(source, decision.header, decision.incomplete);
        }
        counters.accepted(source, decision.notes, { numerics: 0, alarms: delivered });
      }
      if (decision.kind === 'numerics' && decision.notes.invalidated['demo-data'] > 0) {
        this.throttled.warn(`${source}:demo-data`, 'hl7.demo-data', { source, observations: decision.notes.invalidated['demo-data'] });
      }
      return this.ack(decision.header, 'AA');
    } catch (err) {
      const timedOut = err instanceof SinkTimeout;
      return this.reject(source, decision.header, {
        reason: timedOut ? 'sink-timeout' : 'sink-error',
        detail: timedOut ? 'the station did not take the message in time' : 'the station could not take the message',
      });
    }
  }

  /**
   * An ADT event: AA only when the census says it applied it (including
   * "nothing to do here": an admission to another ward) and saved it;
   * otherwise AE/AR with the census's reason. Same deadline as device data.
   */
  private async receiveAdt(source: string, header: AckHeader, event: AdtEvent): Promise<Hl7Receipt> {
    const adt = this.options.sink.adt;
    if (!adt) return this.reject(source, header, { reason: 'internal-error', detail: 'this listener has no ADT intake' });
    let outcome: AdtOutcome | null = null;
    try {
      await this.deliver(async () => {
        outcome = await adt.call(this.options.sink, event);
      });
    } catch (err) {
      const timedOut = err instanceof SinkTimeout;
      return this.reject(source, header, {
        reason: timedOut ? 'sink-timeout' : 'sink-error',
        detail: timedOut ? 'the census did not take the message in time' : 'the census could not take the message',
      });
    }
    const result = outcome as AdtOutcome | null;
    if (result === null) return this.reject(source, header, { reason: 'internal-error', detail: 'the census gave no answer' });
    if (!result.applied) {
      // Where the sender should look: the location, for a bed the station cannot use.
      const atLocation = result.reason === 'unmapped-bed' || result.reason === 'bed-occupied';
      return this.reject(source, header, { reason: ADT_REJECTION[result.reason], detail: result.detail.slice(0, 160), ...(atLocation ? { location: { segment: 'PV1', sequence: 1, field: 3 } } : {}) });
    }
    this.options.counters.accepted(source, emptyNotes(), { numerics: 0, alarms: 0 });
    return this.ack(header, 'AA');
  }

  private reject(source: string, header: AckHeader, rejection: Hl7RejectionInfo): Hl7Receipt {
    this.options.counters.rejected(source, rejection.reason);
    this.throttled.warn(`${source}:${rejection.reason}`, 'hl7.message-rejected', {
      source,
      reason: rejection.reason,
      detail: rejection.detail,
      at: formatLocation(rejection.location),
    });
    return this.ack(header, HL7_REJECT_REASONS[rejection.reason].ack, rejection);
  }

  private ack(header: AckHeader, code: AckCode, rejection?: Hl7RejectionInfo): Hl7Receipt {
    const ack = buildAck({
      header,
      code,
      ...(rejection ? { rejection } : {}),
      sender: this.options.sender,
      ackControlId: `${this.ackPrefix}${(++this.ackSeq).toString(36)}`,
      now: this.options.clock.wall(),
    });
    return { ack, code, controlId: header.controlId };
  }

  /** Calls the sink (sync or async) with a deadline. */
  private deliver(call: () => void | Promise<void>): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new SinkTimeout()), this.options.sinkTimeoutMs);
      const done = (err?: unknown) => {
        clearTimeout(timer);
        if (err === undefined) resolve();
        else reject(err instanceof Error ? err : new Error('sink rejected'));
      };
      try {
        const result = call();
        if (result && typeof (result as Promise<void>).then === 'function') (result as Promise<void>).then(() => done(), (e: unknown) => done(e ?? new Error('sink rejected')));
        else done();
      } catch (e) {
        done(e ?? new Error('sink threw'));
      }
    });
  }
}

class SinkTimeout extends Error {}

/** The census's refusal → the reason the sender reads in its ACK (and the counters count). */
const ADT_REJECTION: Readonly<Record<AdtRefusal, Hl7RejectReason>> = {
  'unmapped-bed': 'unknown-bed',
  'nothing-to-cancel': 'adt-nothing-to-cancel',
  'visit-not-active': 'adt-visit-not-active',
  'bed-occupied': 'adt-bed-occupied',
  'not-saved': 'adt-not-saved',
  'audit-failed': 'sink-error',
  // Manual-only refusals; a feed plan does not produce them, and if one did the sender still hears no.
  'unknown-bed': 'unknown-bed',
  stale: 'sink-error',
  'patient-already-admitted': 'sink-error',
  'feed-owns-identity': 'sink-error',
  'same-bed': 'sink-error',
  'invalid-patient': 'sink-error',
};
