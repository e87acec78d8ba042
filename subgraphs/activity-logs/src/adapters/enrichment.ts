/**
 * Enrichment lookups at ingest: geo from the IP (geoip-lite's bundled database, no network call) and browser /
 * OS / device class from the user agent (ua-parser-js). The recorder reaches them through the `Enricher` port.
 */
import geoip from 'geoip-lite';
import { UAParser } from 'ua-parser-js';
import type { Enricher } from '../application/ports.js';
import type { DeviceSummary } from '../domain/enrichment.js';
import type { ActivityGeo } from '../domain/pii.js';

/** Distinct addresses whose geo is remembered: a brute force or a floor's NAT sends the same few all day. */
const MAX_REMEMBERED_IPS = 10_000;
/** null: looked up, nothing found (remembered too, so a private address is not searched again). */
const places = new Map<string, ActivityGeo | null>();

/**
 * The geo of an IP. A lookup in geoip-lite's ranges cost ~8 µs of CPU per event, the same for a batch's ten events
 * from one address (ADR 156), so answers are remembered per exact address (at most MAX_REMEMBERED_IPS, oldest out;
 * the bundled database does not change while the process runs); each caller gets its own copy.
 */
export function geoFromIp(ip: string): ActivityGeo | undefined {
  let place = places.get(ip);
  if (place === undefined) {
    place = lookUpGeo(ip);
    if (places.size >= MAX_REMEMBERED_IPS) places.delete(places.keys().next().value!);
    places.set(ip, place);
  }
  return place === null ? undefined : { ...place };
}

function lookUpGeo(ip: string): ActivityGeo | null {
  const found = geoip.lookup(ip);
  if (!found) return null;
  const [lat, lon] = found.ll;
  return {
    ...(found.country ? { country: found.country } : {}),
    ...(found.city ? { city: found.city } : {}),
    lat,
    lon,
  };
}

/** Distinct user agents whose summary is remembered: floors send the same few browsers all day. */
const MAX_REMEMBERED_USER_AGENTS = 1_000;
const summaries = new Map<string, DeviceSummary>();

/**
 * The device summary of a User-Agent. Parsing was the largest single CPU cost of batched ingestion, so summaries are
 * remembered per exact string (at most MAX_REMEMBERED_USER_AGENTS, oldest out); each caller gets its own copy.
 */
export function deviceFromUserAgent(userAgent: string): DeviceSummary {
  let summary = summaries.get(userAgent);
  if (!summary) {
    summary = parseUserAgent(userAgent);
    if (summaries.size >= MAX_REMEMBERED_USER_AGENTS) summaries.delete(summaries.keys().next().value!);
    summaries.set(userAgent, summary);
  }
  return { ...summary };
}

function parseUserAgent(userAgent: string): DeviceSummary {
  const result = UAParser(userAgent);
  const browser = result.browser.name
    ? `${result.browser.name}${result.browser.major ? ` ${result.browser.major}` : ''}`
    : undefined;
  const os = result.os.name ? `${result.os.name}${result.os.version ? ` ${result.os.version}` : ''}` : undefined;
  const type = result.device.type ?? (browser || os ? 'desktop' : undefined);
  return { ...(browser ? { browser } : {}), ...(os ? { os } : {}), ...(type ? { type } : {}) };
}

export const lookupEnricher: Enricher = { geoFromIp, deviceFromUserAgent };
