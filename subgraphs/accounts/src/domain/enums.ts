/** Where an account stands. LOCKED: too many failures or a security hold; SUSPENDED: by the client; CLOSED: final. */
export enum AccountStatus {
  ACTIVE = 'ACTIVE',
  LOCKED = 'LOCKED',
  SUSPENDED = 'SUSPENDED',
  CLOSED = 'CLOSED',
}

export enum MfaFactorType {
  TOTP = 'TOTP',
  SMS = 'SMS',
  EMAIL = 'EMAIL',
  VOICE = 'VOICE',
  PUSH = 'PUSH',
  WEBAUTHN = 'WEBAUTHN',
}

/** Channels a customer can be reached on, and alerted on. */
export enum ContactChannelType {
  EMAIL = 'EMAIL',
  SMS = 'SMS',
  VOICE = 'VOICE',
  PUSH = 'PUSH',
  WEB = 'WEB',
}

export enum AgentAvailability {
  AVAILABLE = 'AVAILABLE',
  BUSY = 'BUSY',
  AWAY = 'AWAY',
  OFFLINE = 'OFFLINE',
}
