import { ArrayMaxSize, ArrayMinSize, IsEmail, IsIn, IsOptional, Length, Matches, MaxLength } from 'class-validator';
import { Field, InputType } from 'type-graphql';
import { ROLES, type Role } from '@vigil/core';
import { AGENT_AVAILABILITIES, type AgentAvailability } from '../../domain/vocabulary.js';
import { AgentAvailabilityEnum, RoleEnum } from '../types/enums.js';

const TENANT_SLUG = /^[a-z0-9][a-z0-9-]{1,39}$/;

@InputType()
export class CreateAgentInput {
  @Field() @Length(1, 120) displayName!: string;
  @Field() @IsEmail({}, { message: 'email must be an email address' }) @MaxLength(254) email!: string;
  @Field(() => [RoleEnum]) @ArrayMinSize(1) @ArrayMaxSize(ROLES.length) @IsIn(ROLES, { each: true }) roles!: Role[];
  @Field(() => [String])
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @Matches(TENANT_SLUG, { each: true, message: 'each tenant id must be a tenant slug' })
  tenantIds!: string[];
  @Field(() => AgentAvailabilityEnum, { defaultValue: 'OFFLINE' })
  @IsIn(AGENT_AVAILABILITIES)
  availability!: AgentAvailability;
}

@InputType()
export class UpdateAgentInput {
  @Field(() => String, { nullable: true }) @IsOptional() @Length(1, 120) displayName?: string;
  @Field(() => [RoleEnum], { nullable: true })
  @IsOptional()
  @ArrayMinSize(1)
  @ArrayMaxSize(ROLES.length)
  @IsIn(ROLES, { each: true })
  roles?: Role[];
  @Field(() => [String], { nullable: true })
  @IsOptional()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @Matches(TENANT_SLUG, { each: true, message: 'each tenant id must be a tenant slug' })
  tenantIds?: string[];
  @Field(() => AgentAvailabilityEnum, { nullable: true })
  @IsOptional()
  @IsIn(AGENT_AVAILABILITIES)
  availability?: AgentAvailability;
}
