import { z } from 'zod';
import { BedIdSchema } from '../domain/bed';
import { Hl7ListenerFieldsSchema, listenerTransportRules, normalizeLocationKey } from './listener-config';

/**
 * The ADT feed's MLLP listener: the hospital's integration engine sends
 * A01/A02/A03/A04/A05/A08 and the cancels A11/A12/A13 here. It is the same
 * listener as the device feed's (same limits, and the same transport
 * protection: TLS or an explicit `insecure`, and an allow-list, off this
 * machine; its own certificates and peers), on a port of its own, because ADT comes
 * from the HIS interface engine and device data from the monitors: two
 * senders, two processing-id policies, two things IT switches on and off.
 * Only on a real unit: the station config refuses it with the simulator
 * feed, and its presence turns the training accounts off.
 *
 * `bedMap` ties PV1-3 locations to beds; when absent, the device listener's
 * bed map (`hl7.bedMap`, its location entries) is used. The points of care
 * named in the map are this unit's: a location in another point of care is
 * another ward (an admission there is not for this station, a transfer
 * there moves the patient out), while an unmapped bed in one of ours is an
 * error the sender hears about (AE), never a silent drop.
 */
const { bedMap: _deviceBedMap, port: _devicePort, ...listenerFields } = Hl7ListenerFieldsSchema.shape;

export const AdtBedMapEntrySchema = z
  .object({
    bedId: BedIdSchema,
    location: z
      .string()
      .max(200)
      .refine((s) => normalizeLocationKey(s) !== null, 'location must be pointOfCare^room^bed with at least one part'),
  })
  .strict();

export const AdtListenerConfigSchema = z
  .object({
    ...listenerFields,
    /** No default: the device listener's customary 2575 is taken, and two listeners cannot share a port. */
    port: z.number().int().min(0).max(65535),
    bedMap: z.array(AdtBedMapEntrySchema).min(1).max(512).optional(),
  })
  .strict()
  // Whoever can reach this port can admit, move and discharge patients: the same transport rules as the device listener's.
  .superRefine(listenerTransportRules);
export type AdtListenerConfig = z.infer<typeof AdtListenerConfigSchema>;
export type AdtListenerConfigInput = z.input<typeof AdtListenerConfigSchema>;
