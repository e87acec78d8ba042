import { Directive, Field, ID, Int, ObjectType } from 'type-graphql';
import { connectionType, pageInfoType, type Connection } from '@vigil/core';
import type { AccountStatus, ContactChannelType, MfaFactorType } from '../../domain/vocabulary.js';
import { AccountStatusEnum, ContactChannelTypeEnum, MfaFactorTypeEnum } from './enums.js';

@ObjectType({ description: 'A second factor registered on the account (never its secret).' })
export class MfaFactor {
  @Field(() => ID) id!: string;
  @Field(() => MfaFactorTypeEnum) type!: MfaFactorType;
  @Field() label!: string;
  @Field() addedAt!: Date;
  @Field(() => Date, { nullable: true }) lastUsedAt?: Date | undefined;
}

@ObjectType({ description: 'A device the customer signed in from.' })
export class KnownDevice {
  @Field(() => ID) deviceId!: string;
  @Field() label!: string;
  @Field(() => String, { nullable: true }) userAgent?: string | undefined;
  @Field() firstSeenAt!: Date;
  @Field() lastSeenAt!: Date;
  @Field() trusted!: boolean;
}

@ObjectType({ description: 'A channel the customer is reached on, with their alert preference for it.' })
export class ContactChannel {
  @Field(() => ContactChannelTypeEnum) type!: ContactChannelType;
  @Field({ description: 'Masked for roles that may not see contact details.' }) address!: string;
  @Field() verified!: boolean;
  @Field({ description: 'Opted out of non-critical alerts here; critical alerts are sent regardless.' })
  alertsOptedOut!: boolean;
}

@ObjectType({
  description:
    "A customer's account at a tenant. Another subgraph may refer to an account this one does not know (failed logins for an unknown user name): that account answers `known: false`, its id, empty lists and nulls.",
})
@Directive('@key(fields: "id")')
export class Account {
  @Field(() => ID) id!: string;
  @Field({ description: 'False when there is no such account in your tenants (only the id is known).' })
  known!: boolean;
  @Field(() => ID, { nullable: true, description: 'Null only for an unknown account.' })
  tenantId!: string | null;
  @Field(() => String, { nullable: true, description: "The client's own id for this customer (CRM)." })
  externalRef?: string | undefined;
  @Field(() => AccountStatusEnum, { nullable: true, description: 'Null only for an unknown account.' })
  status!: AccountStatus | null;
  @Field(() => String, { nullable: true, description: 'Null only for an unknown account.' })
  displayName!: string | null;
  @Field(() => String, {
    nullable: true,
    description: 'Whole for ADMIN and SUPERVISOR, masked (j***@example.com) for everyone else. Null only for an unknown account.',
  })
  email!: string | null;
  @Field(() => String, { nullable: true, description: 'Whole for ADMIN and SUPERVISOR, masked (+1******4567) otherwise.' })
  phone?: string | undefined;
  @Field(() => [MfaFactor]) mfaFactors!: MfaFactor[];
  @Field(() => [KnownDevice], {
    description:
      'The most recently seen devices, newest first: at most 50, the older ones fall off — trusted devices never do (any event with a device id is a sighting, failed logins included).',
  })
  knownDevices!: KnownDevice[];
  @Field(() => [ContactChannel]) contactChannels!: ContactChannel[];
  @Field(() => Int, { nullable: true, description: '0 (no concern) to 100. Null only for an unknown account.' })
  riskScore!: number | null;
  @Field(() => Date, { nullable: true }) createdAt!: Date | null;
  @Field(() => Date, { nullable: true }) updatedAt!: Date | null;
}

/** The page info of accounts' lists (ADR 015), shared by `accounts` and `agents`. */
export const PageInfo = pageInfoType('PageInfo');

export const AccountConnection = connectionType(Account, { name: 'Account', pageInfo: PageInfo });
export type AccountConnection = Connection<Account>;
