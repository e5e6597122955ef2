/** The station ↔ back-end protocol, defined once: see README.md. */
export * from './version';
export * from './limits';
export * from './streams';
export * from './handshake';
export * from './episode';
export * from './alarm-identity';
export * from './device-alarm';
export * from './acknowledgement';
export * from './escalation';
export * from './journal';
export * from './presence';
export * from './gateway-message';
export * from './snapshot';
export * from './json-codec';
