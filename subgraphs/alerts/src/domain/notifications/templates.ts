import type { RuleId } from '../rule-catalog.js';
import type { Severity } from '../severity.js';

/**
 * Customer-facing text per alert type: what happened, in plain words, and what to do, step by step.
 * No values from the reason vector appear here (no IPs, no amounts): a message can be read by whoever
 * holds the phone, and the evidence belongs to the analyst.
 */
interface Template {
  readonly subject: string;
  readonly what: string;
  readonly steps: readonly string[];
}

const SECURE_ACCOUNT = [
  'Change your password now, from the app or the website, not from a link in a message.',
  'Turn on two-step verification if it is not on yet.',
];
const NOT_YOU = 'If this was not you, contact us using the number on the back of your card or on our official website.';

const TEMPLATES: Readonly<Record<RuleId | 'test', Template>> = {
  'brute-force': {
    subject: 'Someone is trying to sign in to your account',
    what: 'We saw many failed sign-in attempts on your account from one location. We are watching it closely.',
    steps: [...SECURE_ACCOUNT, NOT_YOU],
  },
  'account-brute-force': {
    subject: 'Repeated failed sign-ins on your account',
    what: 'We saw many failed sign-in attempts on your account over the last hours.',
    steps: [...SECURE_ACCOUNT, NOT_YOU],
  },
  'password-spray': {
    subject: 'Sign-in attempts on your account',
    what: 'Your account was among several targeted by failed sign-in attempts.',
    steps: SECURE_ACCOUNT,
  },
  'credential-stuffing': {
    subject: 'Your password may have leaked elsewhere',
    what: 'Someone tried to sign in to your account with a password that may come from a breach of another website.',
    steps: ['Change your password now and do not reuse it on other websites.', 'Turn on two-step verification.'],
  },
  'success-after-attack': {
    subject: 'Urgent: a sign-in to your account after failed attempts',
    what: 'Someone signed in to your account shortly after many failed attempts. If it was not you, act now.',
    steps: ['Change your password immediately.', 'Sign out of all devices from your security settings.', NOT_YOU],
  },
  'mfa-fatigue': {
    subject: 'Unexpected sign-in approval requests',
    what: 'Your account received many sign-in approval requests in a few minutes.',
    steps: ['Do not approve requests you did not start.', 'Change your password: someone may know it.', NOT_YOU],
  },
  'impossible-travel': {
    subject: 'Sign-ins from two distant places',
    what: 'Your account was signed in from two places too far apart to travel between in the time in between.',
    steps: ['Check the devices signed in to your account in your security settings.', ...SECURE_ACCOUNT],
  },
  'new-device-or-country': {
    subject: 'New sign-in to your account',
    what: 'Your account was signed in from a device or country we have not seen before.',
    steps: ['If this was you, there is nothing to do.', `If not, ${SECURE_ACCOUNT[0]?.toLowerCase()}`, NOT_YOU],
  },
  'takeover-chain': {
    subject: 'Urgent: important changes to your account',
    what: 'Your password was reset, a new device was added and your contact details changed within a day.',
    steps: [
      'If you did not make these changes, call us now: we will secure your account with you.',
      'Do not share any code we send you with anyone who calls you.',
    ],
  },
  'reset-flood': {
    subject: 'Many password reset requests',
    what: 'We received many password reset or unlock requests for your account.',
    steps: ['Ignore reset messages you did not ask for.', NOT_YOU],
  },
  'recovery-abuse': {
    subject: 'Attempts to recover your account',
    what: 'Someone repeatedly tried to recover access to your account through our support team.',
    steps: ['If this was not you, contact us: we will add extra checks to your account.'],
  },
  'rapid-profile-changes': {
    subject: 'Several details of your account changed',
    what: 'Several of your personal details were changed within an hour.',
    steps: ['Review your details in your profile settings.', NOT_YOU],
  },
  'unusual-transaction': {
    subject: 'Please confirm a recent transaction',
    what: 'We noticed a transaction on your account much larger than usual.',
    steps: ['Check your recent transactions in the app.', 'If you do not recognise it, contact us to block it.'],
  },
  'third-party-grant': {
    subject: 'An app was given access to your account',
    what: 'A third-party app was given access to your account.',
    steps: ['If you did not approve it, remove the app in your security settings.', NOT_YOU],
  },
  'third-party-denied': {
    subject: 'You refused an app access to your account',
    what: 'You denied an app that asked for access to your account. We flagged it to our security team.',
    steps: ['If you did not recognise the app, change your password: someone may be trying to reach your account.', NOT_YOU],
  },
  test: {
    subject: 'Test alert from your security team',
    what: 'This is a test to check that alerts reach you on this channel. No action is needed.',
    steps: ['Nothing to do: this message only checks the channel.'],
  },
};

export interface RenderedNotification {
  readonly subject: string;
  readonly text: string;
  /** Short form for SMS, voice and push (one sentence plus the first step). */
  readonly short: string;
}

export function renderNotification(kind: RuleId | 'test', severity: Severity, brand: string): RenderedNotification {
  const template = TEMPLATES[kind];
  const prefix = severity === 'CRITICAL' ? '[Urgent] ' : '';
  const steps = template.steps.map((step, index) => `${index + 1}. ${step}`).join('\n');
  return {
    subject: `${prefix}${brand}: ${template.subject}`,
    text: `${template.what}\n\nWhat to do:\n${steps}\n\n${brand} will never ask you for your password or a one-time code.`,
    short: `${brand}: ${template.what} ${template.steps[0] ?? ''}`.trim(),
  };
}
