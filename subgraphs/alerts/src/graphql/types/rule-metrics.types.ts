import { Field, Float, ID, Int, ObjectType } from 'type-graphql';

@ObjectType({ description: 'MTTA, MTTR and false-positive rate for one rule in one tenant.' })
export class RuleMetrics {
  @Field(() => ID)
  tenantId!: string;

  @Field()
  rule!: string;

  @Field(() => Int)
  alerts!: number;

  @Field(() => Int)
  open!: number;

  @Field(() => Int, { nullable: true, description: 'Mean seconds from raised to acknowledged.' })
  mttaSeconds!: number | null;

  @Field(() => Int, { nullable: true, description: 'Mean seconds from raised to closed.' })
  mttrSeconds!: number | null;

  @Field(() => Float, { nullable: true, description: 'Share of closed alerts marked FALSE_POSITIVE.' })
  falsePositiveRate!: number | null;
}
