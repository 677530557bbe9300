// A UDP port that swallows every datagram and never answers: what a QUIC client sees when a
// firewall, router or Service drops UDP/443 (the `timeout` case of the HTTP/3 probe).
import dgram from 'node:dgram';

export interface UdpBlackhole {
  host: '127.0.0.1';
  port: number;
  /** Datagrams swallowed so far (proves the probe really sent something). */
  received(): number;
  stop(): Promise<void>;
}

export function startUdpBlackhole(): Promise<UdpBlackhole> {
  return new Promise((resolve, reject) => {
    const sock = dgram.createSocket('udp4');
    let count = 0;
    sock.on('message', () => {
      count++;
    });
    sock.once('error', reject);
    sock.bind(0, '127.0.0.1', () => {
      resolve({
        host: '127.0.0.1',
        port: sock.address().port,
        received: () => count,
        stop: () => new Promise<void>((done) => sock.close(() => done())),
      });
    });
  });
}
