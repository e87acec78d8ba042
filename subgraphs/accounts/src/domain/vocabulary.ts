/** Where an account stands. LOCKED: too many failures or a security hold; SUSPENDED: by the client; CLOSED: final. */
export const ACCOUNT_STATUSES = ['ACTIVE', 'LOCKED', 'SUSPENDED', 'CLOSED'] as const;
export type AccountStatus = (typeof ACCOUNT_STATUSES)[number];

export const MFA_FACTOR_TYPES = ['TOTP', 'SMS', 'EMAIL', 'VOICE', 'PUSH', 'WEBAUTHN'] as const;
export type MfaFactorType = (typeof MFA_FACTOR_TYPES)[number];

/** Channels a customer can be reached on, and alerted on. */
export const CONTACT_CHANNEL_TYPES = ['EMAIL', 'SMS', 'VOICE', 'PUSH', 'WEB'] as const;
export type ContactChannelType = (typeof CONTACT_CHANNEL_TYPES)[number];

export const AGENT_AVAILABILITIES = ['AVAILABLE', 'BUSY', 'AWAY', 'OFFLINE'] as const;
export type AgentAvailability = (typeof AGENT_AVAILABILITIES)[number];
