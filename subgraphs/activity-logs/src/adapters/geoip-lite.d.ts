// geoip-lite ships no types and @types/geoip-lite is not installed; this is the part we call.
declare module 'geoip-lite' {
  interface Lookup {
    readonly country: string;
    readonly city: string;
    readonly ll: [number, number];
  }
  const geoip: { lookup(ip: string): Lookup | null };
  export default geoip;
}
