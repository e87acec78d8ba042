import { ArrayMaxSize, IsIn, IsOptional, Length, Matches, MaxLength } from 'class-validator';
import { GraphQLDateTime } from 'graphql-scalars';
import { assertTenantAccess, assertTenantReferences, type TenantReferences } from '@vigil/core';
import { Arg, Ctx, Field, ID, InputType, Mutation, ObjectType, Query, Resolver } from 'type-graphql';
import type { AccessRequestRecord } from '../../domain/access-request-lifecycle.js';
import type { AccessRequestService } from '../../application/access-request-service.js';
import type { AlertsContext } from '../loaders/loaders.js';

const SCOPE_PATTERN = /^[A-Za-z0-9_.:*/-]{1,64}$/;

@ObjectType({ description: 'A third-party app asking for access to a customer account.' })
export class ThirdPartyAccessRequest {
  @Field(() => ID) id!: string;
  @Field(() => ID) tenantId!: string;
  @Field(() => ID) accountId!: string;
  @Field() appName!: string;
  @Field(() => [String]) scopes!: string[];
  @Field({ description: 'PENDING, APPROVED or DENIED.' }) status!: string;
  @Field(() => GraphQLDateTime) requestedAt!: Date;
  @Field(() => GraphQLDateTime, { nullable: true }) decidedAt?: Date;
}

@InputType()
export class ThirdPartyAccessRequestInput {
  @Field(() => ID) @Length(1, 64) tenantId!: string;
  @Field(() => ID) @Length(1, 128) accountId!: string;
  @Field() @Length(1, 120) appName!: string;

  @Field(() => [String])
  @ArrayMaxSize(50)
  @Matches(SCOPE_PATTERN, { each: true, message: 'each scope is 1–64 letters, digits or _.:*/-' })
  scopes!: string[];
}

@InputType()
export class ThirdPartyAccessDecisionInput {
  @Field(() => ID) @Length(1, 64) requestId!: string;

  @Field({ description: 'APPROVE or DENY.' })
  @IsIn(['APPROVE', 'DENY'], { message: 'decision must be APPROVE or DENY' })
  decision!: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(500)
  reason?: string;
}

function toRequest(record: AccessRequestRecord): ThirdPartyAccessRequest {
  return {
    id: record._id,
    tenantId: record.tenantId,
    accountId: record.accountId,
    appName: record.appName,
    scopes: record.scopes,
    status: record.status,
    requestedAt: record.requestedAt,
    decidedAt: record.decidedAt ?? undefined,
  };
}

@Resolver()
export class AccessRequestResolver {
  constructor(
    private readonly service: AccessRequestService,
    private readonly accounts: TenantReferences,
  ) {}

  @Mutation(() => ThirdPartyAccessRequest, { description: "Files a pending request (the client's systems, INGEST or PARTNER)." })
  async requestThirdPartyAccess(
    @Ctx() context: AlertsContext,
    @Arg('input', () => ThirdPartyAccessRequestInput) input: ThirdPartyAccessRequestInput,
  ): Promise<ThirdPartyAccessRequest> {
    assertTenantAccess(context.identity, input.tenantId);
    await assertTenantReferences(this.accounts, input.tenantId, [input.accountId], 'account');
    return toRequest(await this.service.request(context.identity, { ...input, scopes: [...input.scopes] }));
  }

  @Query(() => [ThirdPartyAccessRequest], {
    nullable: true,
    description: 'Pending requests for one account (for the client app to show the customer).',
  })
  async pendingThirdPartyAccess(
    @Ctx() context: AlertsContext,
    @Arg('tenantId', () => ID) tenantId: string,
    @Arg('accountId', () => ID) accountId: string,
  ): Promise<ThirdPartyAccessRequest[]> {
    return (await this.service.pending(context.identity, tenantId, accountId)).map(toRequest);
  }

  @Mutation(() => ThirdPartyAccessRequest, {
    description: "The customer's decision, relayed by the client's app. DENY raises a HIGH alert.",
  })
  async decideThirdPartyAccess(
    @Ctx() context: AlertsContext,
    @Arg('input', () => ThirdPartyAccessDecisionInput) input: ThirdPartyAccessDecisionInput,
  ): Promise<ThirdPartyAccessRequest> {
    return toRequest(await this.service.decide(context.identity, input.requestId, input.decision === 'APPROVE', input.reason));
  }
}
