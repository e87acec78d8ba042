import { registerEnumType } from 'type-graphql';
import { ROLES } from '@vigil/core';
import { AccountStatus, AgentAvailability, ContactChannelType, MfaFactorType } from '../../domain/enums.js';

registerEnumType(AccountStatus, { name: 'AccountStatus', description: 'Where an account stands; CLOSED is final.' });
registerEnumType(MfaFactorType, { name: 'MfaFactorType' });
registerEnumType(ContactChannelType, { name: 'ContactChannelType', description: 'A channel a customer is reached on.' });
registerEnumType(AgentAvailability, { name: 'AgentAvailability' });

/** The roles of `@vigil/core` as a GraphQL enum (values equal the names, so no mapping is needed). */
export const RoleEnum = Object.fromEntries(ROLES.map((role) => [role, role])) as { [R in (typeof ROLES)[number]]: R };
registerEnumType(RoleEnum, { name: 'Role' });

export { AccountStatus, AgentAvailability, ContactChannelType, MfaFactorType };
