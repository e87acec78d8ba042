import { Directive, Field, ID, ObjectType } from 'type-graphql';
import { connectionType, type Connection, type Role } from '@vigil/core';
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

export const AgentConnection = connectionType(Agent, { name: 'Agent', pageInfo: PageInfo });
export type AgentConnection = Connection<Agent>;
