/**
 * A device's network path to the relay: a TCP forwarder on port 0 in front of the relay's
 * port. `cut()` is a partition the device does not see coming (open sockets drop, new ones are
 * refused, `navigator.onLine` stays true); `retarget()` points it at a restarted relay, so the
 * device keeps its one base URL across restarts, as a real relay behind a fixed address does.
 */
import net from 'node:net';
import type { AddressInfo } from 'node:net';

export interface Link {
  /** `http://127.0.0.1:<port>`: the relay's base URL as this device reaches it. */
  readonly url: string;
  cut(): void;
  restore(): void;
  retarget(port: number): void;
  close(): Promise<void>;
}

export async function openLink(targetPort: number): Promise<Link> {
  let target = targetPort;
  let up = true;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((device) => {
    if (!up) {
      device.destroy();
      return;
    }
    const relay = net.connect(target, '127.0.0.1');
    const drop = (): void => {
      device.destroy();
      relay.destroy();
      sockets.delete(device);
      sockets.delete(relay);
    };
    for (const socket of [device, relay]) {
      sockets.add(socket);
      socket.on('error', drop);
      socket.on('close', drop);
    }
    device.pipe(relay);
    relay.pipe(device);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const dropAll = (): void => {
    for (const socket of sockets) socket.destroy();
    sockets.clear();
  };
  return {
    url: `http://127.0.0.1:${port}`,
    cut() {
      up = false;
      dropAll();
    },
    restore() {
      up = true;
    },
    retarget(next) {
      target = next;
    },
    async close() {
      up = false;
      dropAll();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
