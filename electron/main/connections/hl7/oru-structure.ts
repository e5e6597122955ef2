import { eui64From, type DeviceIdentity } from './bed-map';
import type { Hl7Message, Hl7Segment } from './hl7-message';
import { Hl7Rejection } from './hl7-rejection';

/**
 * The ORU_R01 / ORU_R40 shape we rely on:
 *   MSH [SFT…] { [PID [PD1] [NTE…] [PV1 [PV2]]] { [ORC] OBR [NTE…] { OBX [NTE…] } } }
 * i.e. one or more patient groups (a gateway may batch several beds), each
 * with at most one PV1 and one or more OBR groups of OBX rows. Segments we do
 * not use (SFT, PD1, NTE, ORC, PV2, TQ1, Z-segments…) are skipped, wherever
 * they are; a PV1 just before its PID is taken as that patient's. The
 * observation structure must be in order: an OBX before any OBR has no
 * observation context and is refused.
 */
export interface OrderGroup {
  obr: Hl7Segment;
  obx: Hl7Segment[];
}

export interface PatientGroup {
  pv1: Hl7Segment | null;
  orders: OrderGroup[];
  hasPid: boolean;
}

export function groupOru(msg: Hl7Message): PatientGroup[] {
  const groups: PatientGroup[] = [];
  let order: OrderGroup | null = null;
  const current = (): PatientGroup | undefined => groups[groups.length - 1];
  const newPatient = (): PatientGroup => {
    const patient: PatientGroup = { pv1: null, orders: [], hasPid: false };
    groups.push(patient);
    order = null;
    return patient;
  };
  for (const seg of msg.segments.slice(1)) {
    switch (seg.name) {
      case 'PID': {
        // PV1 before PID (seen from some gateways): the same patient, as long as no observation came between.
        const last = current();
        if (last !== undefined && !last.hasPid && last.orders.length === 0) last.hasPid = true;
        else newPatient().hasPid = true;
        break;
      }
      case 'PV1': {
        // A PV1 after the observations of a patient starts the next (PID-less) patient group.
        const last = current();
        const patient = last !== undefined && last.orders.length === 0 ? last : newPatient();
        if (patient.pv1 !== null) throw new Hl7Rejection('bad-structure', 'more than one PV1 for one patient', { segment: 'PV1', sequence: seg.sequence });
        patient.pv1 = seg;
        break;
      }
      case 'OBR': {
        const next: OrderGroup = { obr: seg, obx: [] };
        (current() ?? newPatient()).orders.push(next);
        order = next;
        break;
      }
      case 'OBX': {
        const open: OrderGroup | null = order;
        if (open === null) throw new Hl7Rejection('bad-structure', 'OBX before any OBR', { segment: 'OBX', sequence: seg.sequence });
        open.obx.push(seg);
        break;
      }
      default:
        break;
    }
  }
  return groups.filter((g) => g.orders.length > 0);
}

/** Everything in one patient group that can name its bed. */
export function identityOf(msg: Hl7Message, group: PatientGroup, rows: readonly Hl7Segment[]): DeviceIdentity {
  const location = group.pv1 ? msg.components(group.pv1, 3) : null;
  const euis = new Set<string>();
  for (const obx of rows) {
    for (let r = 0; r < msg.repetitions(obx, 18).length; r++) {
      const eui = eui64From(msg.components(obx, 18, r));
      if (eui !== null) euis.add(eui);
    }
  }
  return {
    location: location && location.some((c) => c.trim() !== '') ? location : null,
    observationEuis: [...euis],
    senderEui: eui64From(msg.components(msg.msh, 3)),
  };
}
