import { ROLES, registerGraphqlEnum } from '@vigil/core';
import { ACCOUNT_STATUSES, AGENT_AVAILABILITIES, CONTACT_CHANNEL_TYPES, MFA_FACTOR_TYPES } from '../../domain/vocabulary.js';

export const AccountStatusEnum = registerGraphqlEnum(ACCOUNT_STATUSES, {
  name: 'AccountStatus',
  description: 'Where an account stands; CLOSED is final.',
});
export const MfaFactorTypeEnum = registerGraphqlEnum(MFA_FACTOR_TYPES, { name: 'MfaFactorType' });
export const ContactChannelTypeEnum = registerGraphqlEnum(CONTACT_CHANNEL_TYPES, {
  name: 'ContactChannelType',
  description: 'A channel a customer is reached on.',
});
export const AgentAvailabilityEnum = registerGraphqlEnum(AGENT_AVAILABILITIES, { name: 'AgentAvailability' });
/** The roles of `@vigil/core` as a GraphQL enum (values equal the names, so no mapping is needed). */
export const RoleEnum = registerGraphqlEnum(ROLES, { name: 'Role' });
