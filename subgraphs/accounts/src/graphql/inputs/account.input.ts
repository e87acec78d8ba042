import {
  ArrayMaxSize,
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsOptional,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { E164_NUMBER } from '@vigil/core/domain';
import { Field, ID, InputType, Int } from 'type-graphql';
import type { AccountStatus, ContactChannelType } from '../../domain/vocabulary.js';
import { ACCOUNT_STATUSES, CONTACT_CHANNEL_TYPES } from '../../domain/vocabulary.js';
import { AccountStatusEnum, ContactChannelTypeEnum } from '../types/enums.js';

@InputType()
export class ContactChannelInput {
  @Field(() => ContactChannelTypeEnum) @IsIn(CONTACT_CHANNEL_TYPES) type!: ContactChannelType;
  @Field() @Length(1, 254) address!: string;
  @Field({ defaultValue: false }) @IsBoolean() verified!: boolean;
  @Field({ defaultValue: false }) @IsBoolean() alertsOptedOut!: boolean;
}

@InputType()
export class CreateAccountInput {
  @Field(() => ID) @Length(1, 40) tenantId!: string;
  @Field() @Length(1, 120) displayName!: string;
  @Field() @IsEmail({}, { message: 'email must be an email address' }) @MaxLength(254) email!: string;
  @Field(() => String, { nullable: true })
  @IsOptional()
  @Matches(E164_NUMBER, { message: 'phone must be E.164, e.g. +15555550123' })
  phone?: string;
  @Field(() => String, { nullable: true }) @IsOptional() @Length(1, 120) externalRef?: string;
  @Field(() => [ContactChannelInput], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  contactChannels?: ContactChannelInput[];
}

@InputType()
export class UpdateAccountInput {
  @Field(() => String, { nullable: true }) @IsOptional() @Length(1, 120) displayName?: string;
  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsEmail({}, { message: 'email must be an email address' })
  @MaxLength(254)
  email?: string;
  @Field(() => String, { nullable: true })
  @IsOptional()
  @Matches(E164_NUMBER, { message: 'phone must be E.164, e.g. +15555550123' })
  phone?: string;
  @Field(() => AccountStatusEnum, { nullable: true }) @IsOptional() @IsIn(ACCOUNT_STATUSES) status?: AccountStatus;
  @Field(() => Int, { nullable: true }) @IsOptional() @IsInt() @Min(0) @Max(100) riskScore?: number;
  @Field(() => [ContactChannelInput], { nullable: true, description: 'Replaces the whole list.' })
  @IsOptional()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  contactChannels?: ContactChannelInput[];
}
