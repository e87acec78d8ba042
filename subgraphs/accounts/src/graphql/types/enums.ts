import { ROLES, registerGraphqlEnum } from '@vigil/core';
import { ACCOUNT_STATUSES, AGENT_AVAILABILITIES, CONTACT_CHANNEL_TYPES, MFA_FACTOR_TYPES } from '../../domain/vocabulary.js';

export const AccountStatusEnum = registerGraphqlEnum('AccountStatus', ACCOUNT_STATUSES, {
  description: 'Where an account stands; CLOSED is final.',
});
export const MfaFactorTypeEnum = registerGraphqlEnum('MfaFactorType', MFA_FACTOR_TYPES);
export const ContactChannelTypeEnum = registerGraphqlEnum('ContactChannelType', CONTACT_CHANNEL_TYPES, {
  description: 'A channel a customer is reached on.',
});
export const AgentAvailabilityEnum = registerGraphqlEnum('AgentAvailability', AGENT_AVAILABILITIES);
/** The roles of `@vigil/core` as a GraphQL enum (values equal the names, so no mapping is needed). */
export const RoleEnum = registerGraphqlEnum('Role', ROLES);
