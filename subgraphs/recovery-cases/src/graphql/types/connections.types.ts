import { Field, ObjectType } from 'type-graphql';
import { RecoveryCaseType } from './case.types.js';
import { SlaBreachType } from './report.types.js';

/** Relay page info of the recovery lists (named for this subgraph: each subgraph owns its connection types). */
@ObjectType('RecoveryPageInfo')
export class RecoveryPageInfoType {
  @Field() hasNextPage!: boolean;
  @Field(() => String, { nullable: true, description: 'Pass as `after` for the next page.' }) endCursor!: string | null;
}

@ObjectType('RecoveryCaseEdge')
export class RecoveryCaseEdgeType {
  @Field() cursor!: string;
  @Field(() => RecoveryCaseType) node!: RecoveryCaseType;
}

@ObjectType('RecoveryCaseConnection')
export class RecoveryCaseConnectionType {
  @Field(() => [RecoveryCaseEdgeType]) edges!: RecoveryCaseEdgeType[];
  @Field(() => RecoveryPageInfoType) pageInfo!: RecoveryPageInfoType;
}

@ObjectType('SlaBreachEdge')
export class SlaBreachEdgeType {
  @Field() cursor!: string;
  @Field(() => SlaBreachType) node!: SlaBreachType;
}

@ObjectType('SlaBreachConnection')
export class SlaBreachConnectionType {
  @Field(() => [SlaBreachEdgeType]) edges!: SlaBreachEdgeType[];
  @Field(() => RecoveryPageInfoType) pageInfo!: RecoveryPageInfoType;
}
