/** A device as the inventory keeps it. */
export interface InventoryDevice {
  deviceId: string;
  label: string;
  userAgent?: string;
  firstSeenAt: Date;
  lastSeenAt: Date;
  /**
   * Positions in the tenant's activity chain of the device's first and latest sighting: what an erasure is compared
   * with (ADR 152). Absent on devices kept before sightings carried them and on seeded ones; their times stand in.
   */
  firstSeenSequence?: number;
  lastSeenSequence?: number;
  trusted: boolean;
}

export interface DeviceSighting {
  readonly deviceId: string;
  readonly userAgent?: string;
  readonly seenAt: Date;
  /** The sighting's position in its tenant's chain. */
  readonly sequence?: number;
}

/** An account's erasure record (ADR 132): its position in the tenant's chain, and when it was recorded. */
export interface AccountErasure {
  readonly sequence?: number;
  readonly erasedAt: Date;
}

/**
 * The inventory keeps the most recently seen devices; older ones fall off — never a trusted one. Any event with a
 * device id is a sighting, failed logins included, so a brute-force tool sending a new device id with every attempt
 * would otherwise push the customer's trusted devices out of what the agent sees within 50 attempts.
 */
export const MAX_KNOWN_DEVICES = 50;

/**
 * The inventory after a sighting. Applying the same sighting twice gives the same inventory (events are
 * delivered at least once), and an older sighting never moves `lastSeenAt` back.
 */
export function recordDeviceSighting(devices: readonly InventoryDevice[], sighting: DeviceSighting): InventoryDevice[] {
  const existing = devices.find((device) => device.deviceId === sighting.deviceId);
  if (existing) {
    return devices.map((device) =>
      device === existing
        ? {
            ...device,
            // A device whose user agent an erasure removed learns it again from the next sighting that has one.
            ...(!device.userAgent && sighting.userAgent
              ? { label: deviceLabel(sighting.userAgent), userAgent: sighting.userAgent.slice(0, 512) }
              : {}),
            firstSeenAt: sighting.seenAt < device.firstSeenAt ? sighting.seenAt : device.firstSeenAt,
            lastSeenAt: sighting.seenAt > device.lastSeenAt ? sighting.seenAt : device.lastSeenAt,
            // A device kept without positions (before ADR 152) does not know its first one: it stays unknown.
            ...(sighting.sequence === undefined
              ? {}
              : {
                  ...(device.firstSeenSequence === undefined
                    ? {}
                    : { firstSeenSequence: Math.min(device.firstSeenSequence, sighting.sequence) }),
                  lastSeenSequence: Math.max(device.lastSeenSequence ?? sighting.sequence, sighting.sequence),
                }),
          }
        : device,
    );
  }
  const added: InventoryDevice = {
    deviceId: sighting.deviceId,
    label: deviceLabel(sighting.userAgent),
    ...(sighting.userAgent ? { userAgent: sighting.userAgent.slice(0, 512) } : {}),
    firstSeenAt: sighting.seenAt,
    lastSeenAt: sighting.seenAt,
    ...(sighting.sequence === undefined ? {} : { firstSeenSequence: sighting.sequence, lastSeenSequence: sighting.sequence }),
    trusted: false,
  };
  const all = [...devices, added];
  const trusted = all.filter((device) => device.trusted);
  const room = Math.max(0, MAX_KNOWN_DEVICES - trusted.length);
  const recent = all
    .filter((device) => !device.trusted)
    .sort(byLastSeen)
    .slice(0, room);
  return [...trusted, ...recent].sort(byLastSeen);
}

/**
 * The inventory after the account's activity was erased (ADR 132): the devices it learned from sightings up to the
 * erasure (ids, user agents) go with the activity; devices enrolled as trusted are account data, not sightings, and
 * stay. What was sighted after the erasure stays too (ADR 152), so the same erasure handed over again at any later
 * time (a redelivery, the pass over erasures on record of ADR 147) changes nothing and brings nothing back:
 *
 * - a device last sighted at or before the erasure is forgotten;
 * - a device sighted before and after it keeps only what its later sightings tell: its user agent and label came
 *   from its first sighting, before the erasure, and go; its first sighting becomes its latest one (the earliest
 *   sighting after the erasure is not kept, so the inventory errs on forgetting);
 * - a device first sighted after it is kept whole.
 *
 * "Before" compares chain positions, the order activity-logs erased by; a device kept without positions (before
 * ADR 152, or seeded) is compared by time with the erasure's.
 */
export function forgetSightedDevices(devices: readonly InventoryDevice[], erasure: AccountErasure): InventoryDevice[] {
  const upToErasure = (sequence: number | undefined, at: Date) =>
    sequence !== undefined && erasure.sequence !== undefined
      ? sequence <= erasure.sequence
      : at.getTime() <= erasure.erasedAt.getTime();
  return devices.flatMap((device) => {
    if (device.trusted) return [device];
    if (upToErasure(device.lastSeenSequence, device.lastSeenAt)) return [];
    if (!upToErasure(device.firstSeenSequence, device.firstSeenAt)) return [device];
    const { userAgent: _erased, firstSeenSequence: _before, ...kept } = device;
    return [
      {
        ...kept,
        label: deviceLabel(undefined),
        firstSeenAt: device.lastSeenAt,
        ...(device.lastSeenSequence === undefined ? {} : { firstSeenSequence: device.lastSeenSequence }),
      },
    ];
  });
}

const byLastSeen = (a: InventoryDevice, b: InventoryDevice) => b.lastSeenAt.getTime() - a.lastSeenAt.getTime();

/** A short human label from a user agent: what an agent reads to the customer ("iPhone · Safari"). */
export function deviceLabel(userAgent: string | undefined): string {
  if (!userAgent) return 'Unknown device';
  const platform =
    [/iPhone/, /iPad/, /Android/, /Windows/, /Macintosh|Mac OS X/, /Linux/]
      .map((pattern) => userAgent.match(pattern)?.[0])
      .find(Boolean) ?? 'Device';
  const browser = [/Edg\//, /Firefox\//, /Chrome\//, /Safari\//].map((pattern) => userAgent.match(pattern)?.[0]).find(Boolean);
  const names: Record<string, string> = { 'Edg/': 'Edge', 'Firefox/': 'Firefox', 'Chrome/': 'Chrome', 'Safari/': 'Safari' };
  const platformName = platform === 'Mac OS X' ? 'Macintosh' : platform;
  return browser ? `${platformName} · ${names[browser]}` : platformName;
}
