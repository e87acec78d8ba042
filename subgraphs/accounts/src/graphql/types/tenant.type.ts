import { Directive, Field, ID, Int, ObjectType } from 'type-graphql';

@ObjectType({ description: 'How a tenant (BPO client) runs its support floor.' })
export class TenantSettings {
  @Field({ description: 'IANA time zone, e.g. Europe/Berlin.' }) timezone!: string;
  @Field() locale!: string;
  @Field({ description: 'Support hours used by SLA timers, e.g. 09:00-18:00.' }) supportHours!: string;
  @Field(() => Int, { description: 'Failed logins before an account is locked.' }) lockoutThreshold!: number;
}

@ObjectType({ description: 'A BPO client whose customers the floor supports.' })
@Directive('@key(fields: "id")')
export class Tenant {
  @Field(() => ID, { description: 'Slug, e.g. `demo`.' }) id!: string;
  @Field() name!: string;
  @Field(() => TenantSettings) settings!: TenantSettings;
  @Field() createdAt!: Date;
}
