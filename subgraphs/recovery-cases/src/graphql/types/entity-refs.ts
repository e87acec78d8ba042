import { Directive, Field, ID, ObjectType } from 'type-graphql';

/**
 * Entities other subgraphs own, which recovery-cases extends with fields: only their key lives here.
 * Account and Agent belong to accounts, Alert to alerts.
 */
@Directive('@key(fields: "id")')
@ObjectType('Account')
export class AccountRef {
  @Field(() => ID) id!: string;
}

@Directive('@key(fields: "id")')
@ObjectType('Agent')
export class AgentRef {
  @Field(() => ID) id!: string;
}

@Directive('@key(fields: "id")')
@ObjectType('Alert')
export class AlertRef {
  @Field(() => ID) id!: string;
}
