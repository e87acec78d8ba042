import { IsInt, IsOptional, Length, Matches, Max, Min, ValidateNested } from 'class-validator';
import { Field, ID, InputType, Int } from 'type-graphql';

@InputType()
export class TenantSettingsInput {
  @Field(() => String, { nullable: true }) @IsOptional() @Length(1, 64) timezone?: string;
  @Field(() => String, { nullable: true })
  @IsOptional()
  @Matches(/^[a-z]{2,3}(-[A-Z]{2})?$/, { message: 'locale must look like en-US' })
  locale?: string;
  @Field(() => String, { nullable: true })
  @IsOptional()
  @Matches(/^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-4]):[0-5]\d$/, { message: 'supportHours must look like 09:00-18:00' })
  supportHours?: string;
  @Field(() => Int, { nullable: true }) @IsOptional() @IsInt() @Min(1) @Max(100) lockoutThreshold?: number;
}

@InputType()
export class CreateTenantInput {
  @Field(() => ID, { description: 'Slug: lowercase letters, digits and dashes, 2–40 characters.' })
  @Matches(/^[a-z0-9][a-z0-9-]{1,39}$/, { message: 'id must be 2–40 lowercase letters, digits or dashes' })
  id!: string;
  @Field() @Length(1, 120) name!: string;
  @Field(() => TenantSettingsInput, { nullable: true }) @IsOptional() @ValidateNested() settings?: TenantSettingsInput;
}

@InputType()
export class UpdateTenantInput {
  @Field(() => String, { nullable: true }) @IsOptional() @Length(1, 120) name?: string;
  @Field(() => TenantSettingsInput, { nullable: true }) @IsOptional() @ValidateNested() settings?: TenantSettingsInput;
}
