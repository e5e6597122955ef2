import type { Role } from '../../../shared/domain/session';

export const ROLE_LABEL: Readonly<Record<Role, string>> = {
  viewer: 'viewer',
  nurse: 'nurse',
  'charge-nurse': 'charge nurse',
  admin: 'admin (IT)',
};
