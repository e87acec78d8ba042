import { Field, ID, ObjectType } from 'type-graphql';
import { RecoveryCaseType } from './case.types.js';

@ObjectType('VerificationCodeSent')
export class VerificationCodeSentType {
  @Field(() => ID) challengeId!: string;
  @Field() expiresAt!: Date;
  @Field() channelType!: string;
  @Field({ description: 'Where it went, masked (read it back to the caller to confirm).' }) maskedAddress!: string;
  @Field(() => RecoveryCaseType) recoveryCase!: RecoveryCaseType;
}

@ObjectType('PasswordResetIssued')
export class PasswordResetIssuedType {
  @Field(() => ID) grantId!: string;
  @Field() expiresAt!: Date;
  @Field() channelType!: string;
  @Field() maskedAddress!: string;
  @Field(() => RecoveryCaseType) recoveryCase!: RecoveryCaseType;
}
