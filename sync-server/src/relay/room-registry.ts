/**
 * The live rooms of one relay core: opened on the first join, loaded once, evicted when idle
 * (SPEC R7), stored on shutdown within a deadline. The core decides who joins and what a frame
 * does; this decides how long a room lives.
 */
import type { RelayClock } from './clock';
import type { RelayHooks, RelayLogger, RelaySettings } from './options';
import { Room } from './room';

export class RoomRegistry {
  /** Room name -> live room. A Map, so no room name can collide with object keys. */
  private readonly rooms = new Map<string, Room>();

  constructor(
    private readonly hooks: RelayHooks,
    private readonly settings: RelaySettings,
    private readonly logger: RelayLogger,
    private readonly clock: RelayClock,
  ) {}

  get size(): number {
    return this.rooms.size;
  }

  get(name: string): Room | undefined {
    return this.rooms.get(name);
  }

  values(): IterableIterator<Room> {
    return this.rooms.values();
  }

  /** The live room, opened (and loading) if it was not; a room that fails to load is dropped. */
  open(name: string): Room {
    const existing = this.rooms.get(name);
    if (existing) {
      this.keep(existing);
      return existing;
    }
    const room = new Room(name, this.hooks, this.settings, this.logger, this.clock);
    this.rooms.set(name, room);
    room.ready.catch((error: unknown) => {
      this.logger.error({ room: name, err: String(error) }, 'loading room failed');
      if (this.rooms.get(name) === room) this.rooms.delete(name);
      room.destroy();
    });
    return room;
  }

  /** Someone joined: a scheduled eviction is off. */
  private keep(room: Room): void {
    if (room.evictTimer !== undefined) this.clock.clearTimer(room.evictTimer);
    room.evictTimer = undefined;
  }

  /** The last peer left: evict after `evictIdleRoomAfterMs` unless someone rejoins (R7). */
  scheduleEviction(room: Room): void {
    this.keep(room);
    room.evictTimer = this.clock.setTimer(() => void this.evict(room), this.settings.evictIdleRoomAfterMs);
  }

  /** R7: an idle room is stored, compacted and dropped from memory, unless someone rejoined. */
  private async evict(room: Room): Promise<void> {
    room.evictTimer = undefined;
    try {
      await room.ready;
      await room.writer?.compactNow();
    } catch {
      return;
    }
    if (room.peers.size > 0 || room.evictTimer !== undefined || this.rooms.get(room.name) !== room || !room.writer?.idle) return;
    this.rooms.delete(room.name);
    room.writer.stop();
    room.destroy();
  }

  /** Resolves once every room's queued updates are stored. */
  async drain(): Promise<void> {
    await Promise.all(
      [...this.rooms.values()].map(async (room) => {
        await room.ready.catch(() => undefined);
        await room.writer?.drain();
      }),
    );
  }

  /** Shutdown: store and compact every room, each within `shutdownStoreTimeoutMs`, then drop them. */
  async closeAll(): Promise<void> {
    const rooms = [...this.rooms.values()];
    this.rooms.clear();
    await Promise.all(rooms.map((room) => this.storeAndDrop(room)));
  }

  private async storeAndDrop(room: Room): Promise<void> {
    this.keep(room);
    // A store that keeps failing (or never answers) must not hold the shutdown forever.
    let deadline: unknown;
    const timedOut = new Promise<void>((resolve) => {
      deadline = this.clock.setTimer(resolve, this.settings.shutdownStoreTimeoutMs);
    });
    const stored = (async () => {
      await room.ready;
      await room.writer?.compactNow();
    })();
    try {
      await Promise.race([stored, timedOut]);
    } catch (error) {
      this.logger.error({ room: room.name, err: String(error) }, 'storing room on shutdown failed');
    } finally {
      this.clock.clearTimer(deadline);
    }
    const lost = room.writer?.stop() ?? 0;
    if (lost > 0) this.logger.error({ room: room.name, updates: lost }, 'updates not stored at shutdown');
    room.destroy();
  }
}
