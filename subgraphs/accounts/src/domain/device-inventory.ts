/** A device as the inventory keeps it. */
export interface InventoryDevice {
  deviceId: string;
  label: string;
  userAgent?: string;
  firstSeenAt: Date;
  lastSeenAt: Date;
  trusted: boolean;
}

export interface DeviceSighting {
  readonly deviceId: string;
  readonly userAgent?: string;
  readonly seenAt: Date;
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
            firstSeenAt: sighting.seenAt < device.firstSeenAt ? sighting.seenAt : device.firstSeenAt,
            lastSeenAt: sighting.seenAt > device.lastSeenAt ? sighting.seenAt : device.lastSeenAt,
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
 * The inventory after the account's activity was erased (ADR 132): the devices it learned from sightings (ids, user
 * agents) go with the activity; devices enrolled as trusted are account data, not sightings, and stay.
 */
export function forgetSightedDevices(devices: readonly InventoryDevice[]): InventoryDevice[] {
  return devices.filter((device) => device.trusted);
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
