// A parsed address in the other forms callers need: one bigint (address
// arithmetic over whole IPv6 ranges), network-order bytes, and a total order.
// ParsedIp stays the one parsed form; these convert to and from it.
import type { ParsedIp } from './ip';

/** The address as one unsigned integer (32 bits for IPv4, 128 for IPv6). */
export function ipToBigInt(ip: ParsedIp): bigint {
  if (ip.version === 4) return BigInt(ip.value);
  let v = 0n;
  for (let i = 0; i < 8; i++) v = (v << 16n) | BigInt(ip.words[i] ?? 0);
  return v;
}

/** The inverse of ipToBigInt; `value` is taken modulo the family's width. */
export function ipFromBigInt(family: 4 | 6, value: bigint): ParsedIp {
  if (family === 4) return { version: 4, value: Number(value & 0xffffffffn), mapped: false };
  const words: number[] = [];
  for (let s = 112n; s >= 0n; s -= 16n) words.push(Number((value >> s) & 0xffffn));
  return { version: 6, words };
}

/** 4 bytes for IPv4 (a mapped address included), 16 for IPv6, network order. */
export function ipToBytes(ip: ParsedIp): number[] {
  if (ip.version === 4) return [Math.floor(ip.value / 16777216) % 256, Math.floor(ip.value / 65536) % 256, Math.floor(ip.value / 256) % 256, ip.value % 256];
  return ip.words.flatMap((w) => [w >> 8, w & 0xff]);
}

/** The inverse of ipToBytes: 4 bytes are IPv4, anything else is read as 16 bytes of IPv6 (missing bytes are 0). */
export function ipFromBytes(bytes: readonly number[]): ParsedIp {
  if (bytes.length === 4) {
    const [a = 0, b = 0, c = 0, d = 0] = bytes;
    return { version: 4, value: a * 16777216 + b * 65536 + c * 256 + d, mapped: false };
  }
  const words: number[] = [];
  for (let i = 0; i < 16; i += 2) words.push(((bytes[i] ?? 0) << 8) | (bytes[i + 1] ?? 0));
  return { version: 6, words };
}

/** IPv4 before IPv6, then numeric. Negative, zero or positive, for Array.prototype.sort. */
export function compareIp(a: ParsedIp, b: ParsedIp): number {
  if (a.version === 4) return b.version === 4 ? a.value - b.value : -1;
  if (b.version === 4) return 1;
  for (let i = 0; i < 8; i++) {
    const d = (a.words[i] ?? 0) - (b.words[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}
