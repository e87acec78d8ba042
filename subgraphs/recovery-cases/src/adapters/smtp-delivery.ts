import { assertHostAllowed, conflictWith, type OutboundAllowance } from '@vigil/core';
import nodemailer, { type Transporter } from 'nodemailer';
import { MessageNotSent, type RecoveryDelivery, type RecoveryMessage } from '../application/ports.js';
import type { RegisteredChannel } from '../domain/reset-token.js';
import { smtpFailure } from './smtp-failure.js';

export interface SmtpDeliveryOptions {
  /** e.g. `smtp://127.0.0.1:2525` or `smtps://user:pass@mail.example.com`. */
  readonly url: string;
  readonly from: string;
  /** Loopback / private / link-local SMTP hosts allowed anyway (OUTBOUND_ALLOWED_NETWORKS). */
  readonly allowance: OutboundAllowance;
}

/**
 * Sends codes and reset links by email. SMS needs a provider adapter (the same interface); until one is
 * configured, asking for SMS is refused with a clear message instead of silently going nowhere.
 */
export class SmtpRecoveryDelivery implements RecoveryDelivery {
  private readonly transport: Transporter;

  constructor(private readonly options: SmtpDeliveryOptions) {
    this.transport = nodemailer.createTransport(options.url);
  }

  supports(type: RegisteredChannel['type']): boolean {
    return type === 'EMAIL';
  }

  async deliver(message: RecoveryMessage): Promise<void> {
    if (message.channel.type !== 'EMAIL') {
      throw new MessageNotSent(conflictWith('SMS delivery is not configured for recovery codes; send it by EMAIL.'));
    }
    // Before every message: the SMTP host's name may come to point inside the network (DNS rebinding).
    await assertHostAllowed(new URL(this.options.url).hostname, this.options.allowance).catch((refusal: unknown) => {
      throw new MessageNotSent(refusal instanceof Error ? refusal : new Error('The SMTP host is not allowed.'));
    });
    const expires = message.expiresAt.toISOString();
    const { subject, text } =
      message.kind === 'VERIFICATION_CODE'
        ? {
            subject: 'Your verification code',
            text: `Your verification code is ${message.code}. It expires at ${expires}. Nobody from support will ask you to share it by email.`,
          }
        : {
            subject: 'Reset your password',
            text: `Open this link to choose a new password: ${message.link}\nIt works once and expires at ${expires}. If you did not ask for this, contact support.`,
          };
    try {
      await this.transport.sendMail({ from: this.options.from, to: message.channel.address, subject, text });
    } catch (error) {
      // nodemailer's error names the recipient, and what is thrown here reaches the logs (smtp-failure.ts).
      throw smtpFailure(error);
    }
  }

  close(): void {
    this.transport.close();
  }
}
