// Detects "nothing listens on that UDP port" quickly. QUIC libraries send from an unconnected
// UDP socket, and Linux only reports ICMP port-unreachable to *connected* UDP sockets, so the
// QUIC attempt alone would just wait for its timeout. A second, connected socket sends an empty
// datagram (QUIC servers drop it: far below the 1200-byte Initial minimum) and listens for the
// resulting ECONNREFUSED / EHOSTUNREACH.
import dgram from 'node:dgram';
import { isIPv6 } from 'node:net';

export type UdpRefusal = { kind: 'refused' | 'unreachable'; detail: string };

export interface UdpRefusalWatch {
  /** Resolves when the kernel reports the port closed / host unreachable; never rejects. */
  result: Promise<UdpRefusal>;
  stop(): void;
}

/** `address` must be an IP literal. Re-sends a few times because ICMP can be rate-limited or lost. */
export function watchUdpRefusal(address: string, port: number, resendMs: readonly number[] = [0, 50, 200, 600]): UdpRefusalWatch {
  const sock = dgram.createSocket(isIPv6(address) ? 'udp6' : 'udp4');
  const timers: NodeJS.Timeout[] = [];
  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    for (const t of timers) clearTimeout(t);
    try {
      sock.close();
    } catch {
      // already closed
    }
  };
  const result = new Promise<UdpRefusal>((resolve) => {
    // The kernel's ICMP report surfaces either as an 'error' event or on the next send.
    const onError = (err: NodeJS.ErrnoException | null) => {
      if (!err) return;
      if (err.code === 'ECONNREFUSED') resolve({ kind: 'refused', detail: `ECONNREFUSED: UDP port ${port} is closed (ICMP port unreachable)` });
      else if (err.code && ['EHOSTUNREACH', 'ENETUNREACH', 'EHOSTDOWN', 'ENETDOWN'].includes(err.code)) {
        resolve({ kind: 'unreachable', detail: `${err.code}: ICMP unreachable for ${address}` });
      }
      stop();
    };
    sock.on('error', onError);
    sock.on('message', () => {
      // A reply to an empty datagram is unexpected but harmless; ignore it.
    });
    sock.connect(port, address, () => {
      for (const delay of resendMs) {
        timers.push(
          setTimeout(() => {
            if (!stopped) sock.send(Buffer.alloc(0), onError);
          }, delay),
        );
      }
    });
  });
  return { result, stop };
}
