import { Directive, Field, ID, ObjectType } from 'type-graphql';
import type { Role } from '@vigil/core';
import type { AgentAvailability } from '../../domain/vocabulary.js';
import { PageInfo } from './account.type.js';
import { AgentAvailabilityEnum, RoleEnum } from './enums.js';

@ObjectType({ description: 'A member of the support floor; their token `sub` is this id.' })
@Directive('@key(fields: "id")')
export class Agent {
  @Field(() => ID) id!: string;
  @Field() displayName!: string;
  @Field() email!: string;
  @Field(() => [RoleEnum]) roles!: Role[];
  @Field(() => [String]) tenantIds!: string[];
  @Field(() => AgentAvailabilityEnum) availability!: AgentAvailability;
}

@ObjectType()
export class AgentEdge {
  @Field() cursor!: string;
  @Field(() => Agent) node!: Agent;
}

@ObjectType()
export class AgentConnection {
  @Field(() => [AgentEdge]) edges!: AgentEdge[];
  @Field(() => PageInfo) pageInfo!: PageInfo;
}
