import 'reflect-metadata';
import { graphql } from 'graphql';
import { Directive, Field, ID, ObjectType, Query, Resolver } from 'type-graphql';
import { describe, expect, it } from 'vitest';
import {
  buildFederatedSchema,
  createLogger,
  disclose,
  discloseRecord,
  EVIDENCE_BOUNDS,
  kindOfKey,
  isAuthenticated,
  maskContactAddress,
  maskText,
  PERSONAL_DATA_FIELDS,
  ROLES,
  visibilityFor,
  type Identity,
  type Role,
} from '@vigil/core';

describe('personal-data policy', () => {
  it('declares every role and lets the most permissive role of a caller win', () => {
    for (const role of ROLES) expect(['CLEAR', 'MASKED', 'HIDDEN']).toContain(visibilityFor([role], 'IP_ADDRESS'));
    expect(visibilityFor(['AGENT'], 'IP_ADDRESS')).toBe('MASKED');
    expect(visibilityFor(['AGENT', 'SECURITY_ANALYST'], 'IP_ADDRESS')).toBe('CLEAR');
    expect(visibilityFor(['SUPERVISOR'], 'EMAIL')).toBe('CLEAR');
    expect(visibilityFor(['SECURITY_ANALYST'], 'EMAIL')).toBe('MASKED');
    expect(visibilityFor([], 'EMAIL')).toBe('HIDDEN');
    expect(visibilityFor(['PARTNER'], 'IP_ADDRESS')).toBe('HIDDEN');
  });

  it('lists the personal-data fields of every subgraph', () => {
    expect(PERSONAL_DATA_FIELDS.ActivityEvent).toMatchObject({ ip: 'IP_ADDRESS', deviceId: 'DEVICE_ID' });
    expect(PERSONAL_DATA_FIELDS.KnownDevice).toMatchObject({ deviceId: 'DEVICE_ID', userAgent: 'USER_AGENT' });
    expect(PERSONAL_DATA_FIELDS.AlertReasons).toMatchObject({ explanation: 'TEXT' });
    expect(PERSONAL_DATA_FIELDS.Account).toMatchObject({ email: 'EMAIL', phone: 'PHONE' });
  });

  it('masks, keeps or withholds single values by role', () => {
    expect(disclose('IP_ADDRESS', '203.0.113.77', ['AGENT'])).toBe('203.0.113.x');
    expect(disclose('IP_ADDRESS', '2001:db8:1:2::5', ['SUPERVISOR'])).toBe('2001:db8:1:x');
    expect(disclose('IP_ADDRESS', '203.0.113.77', ['AUDITOR'])).toBe('203.0.113.77');
    expect(disclose('DEVICE_ID', 'device-123456', ['AGENT'])).toBe('****3456');
    expect(disclose('USER_AGENT', 'Mozilla/5.0', ['AGENT'])).toBeUndefined();
    expect(disclose('LOCATION', { country: 'GB', city: 'London', lat: 51.5 }, ['AGENT'])).toEqual({ country: 'GB' });
    expect(disclose('EMAIL', 'jordan.rivera@example.com', ['AGENT'])).toBe('j***@example.com');
    expect(disclose('PHONE', ['+15555550123'], ['AUDITOR'])).toEqual(['+1******0123']);
    expect(disclose('PERSON_NAME', 'Jordan Rivera', ['PARTNER'])).toBe('J*** R***');
    expect(disclose('NAMED_VALUE', '198.51.100.23', ['AGENT'], 'ip')).toBe('198.51.100.x');
    expect(disclose('NAMED_VALUE', '12', ['AGENT'], 'failedLogins')).toBe('12');
    // A metadata name that is also an object's inherited property is free text like any other name: it was looked
    // up on the prototype (a function, no kind) and withheld from every role, the tenant's own auditors included.
    expect(disclose('NAMED_VALUE', 'mail jordan@example.com', ['AGENT'], 'note')).toBe('mail j***@example.com');
    for (const name of ['constructor', '__proto__', 'hasOwnProperty']) {
      for (const role of ['AGENT', 'AUDITOR', 'ADMIN'] as const) {
        const asText = disclose('NAMED_VALUE', 'mail jordan@example.com', [role], 'note');
        expect(disclose('NAMED_VALUE', 'mail jordan@example.com', [role], name), `${name} as ${role}`).toBe(asText);
      }
    }
    expect(maskContactAddress('https://hooks.example.com/x')).toBe('https://hooks.example.com/x');
    expect(maskContactAddress('+44 20 7946 0958')).toBe('+4*******0958');
  });

  it('masks IPs, emails and phone numbers embedded in text, leaving numbers, dates and times alone', () => {
    const text =
      '5 failed logins for jordan.rivera@example.com from 203.0.113.5 and 2001:db8::7 at 2026-11-22T10:00:00Z; ' +
      'call back on +1 (555) 555-0123 or (555) 555-0199 (threshold 5, amount 1234567.89)';
    const masked = maskText(text, ['AGENT']);
    expect(masked).toBe(
      '5 failed logins for j***@example.com from 203.0.113.x and 2001:db8::x at 2026-11-22T10:00:00Z; ' +
        'call back on +1******0123 or ******0199 (threshold 5, amount 1234567.89)',
    );
    expect(maskText(text, ['ADMIN'])).toBe(text);
    const partner = maskText(text, ['PARTNER']);
    expect(partner).toContain('[redacted]');
    expect(partner).not.toContain('203.0.113');
  });

  it('discloses a record field by field, removing what is withheld', () => {
    const event = {
      id: 'e1',
      ip: '203.0.113.77',
      userAgent: 'Mozilla/5.0',
      metadata: { note: 'x' },
      geo: { country: 'GB', city: 'L' },
    };
    expect(discloseRecord('ActivityEvent', event, ['AGENT'])).toEqual({ id: 'e1', ip: '203.0.113.x', geo: { country: 'GB' } });
    expect(discloseRecord('ActivityEvent', event, ['AUDITOR'])).toEqual(event);
  });
});

describe('contact details inside evidence follow their own kind (ADR 149)', () => {
  const metadata = {
    newEmail: 'jane.doe@example.com',
    note: 'customer called from +44 20 7946 0958',
    // A national number the text patterns do not recognise: its key names it.
    oldPhone: '020 7946 0958',
    mobilePhone: 447946095800,
    contact_email: 'Jane.Doe@Example.com',
    sourceIp: '203.0.113.77',
    channel: 'phone',
    emailVerified: true,
    attempts: 3,
    tags: ['callback', 'mail jane.doe@example.com', null],
  };
  const masked = {
    newEmail: 'j***@example.com',
    note: 'customer called from +4*******0958',
    oldPhone: '*******0958',
    mobilePhone: '********5800',
    contact_email: 'J***@Example.com',
    sourceIp: '203.0.113.77',
    channel: 'phone',
    emailVerified: true,
    attempts: 3,
    tags: ['callback', 'mail j***@example.com', null],
  };

  it('masks emails and phone numbers in metadata for the investigators, who see the rest of it whole', () => {
    for (const role of ['AUDITOR', 'SECURITY_ANALYST'] as const) {
      expect(disclose('EVIDENCE', metadata, [role]), role).toEqual(masked);
      expect(discloseRecord('ActivityEvent', { id: 'e1', metadata }, [role]), role).toEqual({ id: 'e1', metadata: masked });
    }
  });

  it('keeps evidence whole for ADMIN and withheld for those who may not see it', () => {
    expect(disclose('EVIDENCE', metadata, ['ADMIN'])).toEqual(metadata);
    expect(disclose('EVIDENCE', metadata, ['AUDITOR', 'SUPERVISOR'])).toEqual(metadata);
    for (const role of ['SUPERVISOR', 'AGENT', 'INGEST', 'PARTNER'] as const) {
      expect(disclose('EVIDENCE', metadata, [role]), role).toBeUndefined();
    }
    expect(disclose('EVIDENCE', metadata, [])).toBeUndefined();
  });

  it('reads the kind a key names from the key or its last words', () => {
    expect(kindOfKey('email')).toBe('EMAIL');
    expect(kindOfKey('newEmail')).toBe('EMAIL');
    expect(kindOfKey('contact_email')).toBe('EMAIL');
    expect(kindOfKey('oldPhone')).toBe('PHONE');
    expect(kindOfKey('clientIPAddress')).toBe('IP_ADDRESS');
    expect(kindOfKey('sourceIp')).toBe('IP_ADDRESS');
    expect(kindOfKey('emailVerified')).toBeUndefined();
    expect(kindOfKey('ipCount')).toBeUndefined();
    expect(kindOfKey('constructor')).toBeUndefined();
    expect(kindOfKey('__proto__')).toBeUndefined();
  });

  it('reads a compound name as the kind it names, not as its last word', () => {
    // "address" alone is a postal or contact address; a MAC address is a device's, an email address an email.
    expect(kindOfKey('macAddress')).toBe('DEVICE_ID');
    expect(kindOfKey('wifi_mac_address')).toBe('DEVICE_ID');
    expect(kindOfKey('emailAddress')).toBe('EMAIL');
    expect(kindOfKey('phoneNumber')).toBe('PHONE');
    expect(kindOfKey('mobile')).toBe('PHONE');
    expect(kindOfKey('billingAddress')).toBe('CONTACT_ADDRESS');
    expect(kindOfKey('accountNumber')).toBeUndefined();
    const evidence = { macAddress: '3C:22:FB:12:9A:01', emailAddress: 'jane.doe@example.com', phoneNumber: 14155550188 };
    const shown = disclose('EVIDENCE', evidence, ['AUDITOR']) as Record<string, unknown>;
    // Investigators see device identifiers whole and contact details masked, whatever the key's last word.
    expect(shown.macAddress).toBe('3C:22:FB:12:9A:01');
    expect(shown.emailAddress).toBe('j***@example.com');
    expect(String(shown.phoneNumber)).not.toContain('555');
  });

  it('leaves the stored value as it was', () => {
    const stored = structuredClone(metadata);
    disclose('EVIDENCE', stored, ['AUDITOR']);
    expect(stored).toEqual(metadata);
  });

  it('reads values already stored masked (account audit events) as they are', () => {
    const audit = { after_email: 'm***@example.org', after_phone: '+1******0188', after_contactChannels: ['SMS +1******0199'] };
    expect(disclose('EVIDENCE', audit, ['AUDITOR'])).toEqual(audit);
  });

  it('withholds what lies beyond the bounds of event metadata instead of scanning it', () => {
    const deep = { outer: { inner: { email: 'jane.doe@example.com' } } };
    const shown = JSON.stringify(disclose('EVIDENCE', deep, ['AUDITOR']));
    expect(shown).not.toContain('jane.doe');
    const long = { blob: `${'x'.repeat(EVIDENCE_BOUNDS.maxStringLength)} jane.doe@example.com` };
    expect(JSON.stringify(disclose('EVIDENCE', long, ['AUDITOR']))).not.toContain('jane.doe');
    const many = Object.fromEntries(
      Array.from({ length: EVIDENCE_BOUNDS.maxFields + 5 }, (_, index) => [`f${index}`, `jane${index}@example.com`]),
    );
    expect(JSON.stringify(disclose('EVIDENCE', many, ['AUDITOR']))).not.toMatch(/jane\d+@/);
    expect(disclose('EVIDENCE', deep, ['ADMIN'])).toEqual(deep);
  });

  it('scans a long hostile string in time proportional to its length', () => {
    // The email pattern had unbounded runs around '@': every start position re-scanned the rest (quadratic). At this
    // length a quadratic scan takes tens of seconds, a linear one milliseconds; the bound only tells the two apart.
    const hostile = [
      'a'.repeat(100_000),
      `a@${'a.'.repeat(50_000)}`,
      `${'a'.repeat(50_000)}@${'a-'.repeat(25_000)}`,
      '1.'.repeat(50_000),
      '+1 '.repeat(30_000),
      'a:'.repeat(50_000),
    ];
    for (const text of hostile) {
      const started = performance.now();
      maskText(text, ['AUDITOR']);
      expect(performance.now() - started, text.slice(0, 20)).toBeLessThan(3_000);
    }
  });
});

@ObjectType('ContactChannel')
@Directive('@key(fields: "id")')
class ChannelProbe {
  @Field(() => ID) id!: string;
  @Field() address!: string;
}

@ObjectType('ReasonValue')
class ReasonProbe {
  @Field() name!: string;
  @Field() value!: string;
}

@ObjectType('KnownDevice')
class DeviceProbe {
  @Field(() => ID) deviceId!: string;
  @Field(() => String, { nullable: true }) userAgent?: string;
}

@Resolver()
class PolicyProbeResolver {
  @Query(() => ChannelProbe) channel(): ChannelProbe {
    return { id: 'c1', address: 'jordan.rivera@example.com' };
  }
  @Query(() => [ReasonProbe]) values(): ReasonProbe[] {
    return [
      { name: 'ip', value: '203.0.113.5' },
      { name: 'failedLogins', value: '7' },
    ];
  }
  @Query(() => DeviceProbe) device(): DeviceProbe {
    return { deviceId: 'dev-abcdef', userAgent: 'Mozilla/5.0' };
  }
}

describe('the subgraph factory applies the policy to every listed field', () => {
  const identity = (roles: Role[]): Identity => ({ subject: 's', roles, tenantIds: ['t1'], expiresAt: 2e9 });
  const run = async (roles: Role[]) => {
    const schema = await buildFederatedSchema({
      resolvers: [new PolicyProbeResolver()],
      permissions: {
        Query: { channel: isAuthenticated, values: isAuthenticated, device: isAuthenticated },
        ContactChannel: { '*': isAuthenticated },
        ReasonValue: { '*': isAuthenticated },
        KnownDevice: { '*': isAuthenticated },
      },
    });
    const result = await graphql({
      schema,
      source: '{ channel { address } values { name value } device { deviceId userAgent } }',
      contextValue: {
        identity: identity(roles),
        requestId: 'r',
        logger: createLogger({ name: 't', level: 'silent' }),
        loaders: {},
      },
    });
    return result.data;
  };

  it('masks for AGENT, keeps for ADMIN', async () => {
    expect(await run(['AGENT'])).toEqual({
      channel: { address: 'j***@example.com' },
      values: [
        { name: 'ip', value: '203.0.113.x' },
        { name: 'failedLogins', value: '7' },
      ],
      device: { deviceId: '****cdef', userAgent: null },
    });
    expect(await run(['ADMIN'])).toEqual({
      channel: { address: 'jordan.rivera@example.com' },
      values: [
        { name: 'ip', value: '203.0.113.5' },
        { name: 'failedLogins', value: '7' },
      ],
      device: { deviceId: 'dev-abcdef', userAgent: 'Mozilla/5.0' },
    });
  });
});
