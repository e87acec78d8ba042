/**
 * What ingest derives from the raw fields: the device summary's shape and what counts as "this device" for
 * first-seen. The lookups themselves (geo database, user-agent parser) are an adapter: `adapters/enrichment.ts`.
 */
export interface DeviceSummary {
  readonly browser?: string;
  readonly os?: string;
  /** mobile, tablet, smarttv, …; the parser leaves it empty for desktops, reported here as `desktop`. */
  readonly type?: string;
}

/**
 * What counts as "this device" for first-seen: the caller's device id when sent, otherwise the
 * browser + OS + device class (coarse, but stable across IP changes).
 */
export function deviceFingerprint(deviceId: string | undefined, device: DeviceSummary | undefined): string | undefined {
  if (deviceId) return `id:${deviceId}`;
  if (!device || (!device.browser && !device.os)) return undefined;
  return `ua:${device.browser ?? ''}|${device.os ?? ''}|${device.type ?? ''}`;
}
