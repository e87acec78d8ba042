import { GraphQLDateTime } from 'graphql-scalars';
import { Field, Float, ID, Int, ObjectType } from 'type-graphql';

@ObjectType()
export class ActivityCount {
  @Field(() => String) key!: string;
  @Field(() => Int) count!: number;
}

@ObjectType({ description: 'Dashboard statistics for a tenant and time range.' })
export class ActivityStats {
  @Field(() => ID) tenantId!: string;
  @Field(() => GraphQLDateTime) from!: Date;
  @Field(() => GraphQLDateTime) to!: Date;
  @Field(() => Int) total!: number;
  @Field(() => [ActivityCount]) byType!: ActivityCount[];
  @Field(() => [ActivityCount]) byOutcome!: ActivityCount[];
  @Field(() => [ActivityCount], { description: 'Hour buckets (UTC), oldest first.' }) byHour!: ActivityCount[];
  @Field(() => Int) failedLogins!: number;
  @Field(() => Int) successfulLogins!: number;
  @Field(() => Float, { nullable: true, description: 'failed / (failed + successful) sign-ins' }) failedLoginRate?: number | null;
  @Field(() => [ActivityCount], { nullable: true, description: 'Null for roles that see IPs masked.' }) topIps?:
    ActivityCount[] | null;
  @Field(() => [ActivityCount]) topCountries!: ActivityCount[];
}
