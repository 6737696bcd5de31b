/**
 * One instance doc the provider manager has open — on screen (`attached`) or pushed in the
 * background — with its connection, what the relay stored of it, and its marker. It connects
 * only through the room gate and while online (D6, D16); it tells the manager when it has
 * nothing more to do.
 */
import type * as Y from 'yjs';
import type { Platform } from '../platform';
import { isStickyRefusal } from './close-policy';
import { openDocConnection } from './doc-connection';
import type { DocConnection, DocConnectionOptions } from './doc-connection';
import type { MarkerCache } from './marker-cache';
import type { InstanceSyncState } from './provider-types';
import { StoredAck } from './stored-ack';
import type { OpenDocView } from './sync-state';

export interface OpenDocContext {
  readonly platform: Platform;
  readonly markers: MarkerCache;
  readonly connection: Pick<DocConnectionOptions, 'baseUrl' | 'device' | 'token' | 'maxBackoffMs' | 'WebSocketPolyfill'>;
  /** Persist the pending count at most this often while typing. */
  readonly persistDebounceMs: number;
  /** A background doc still pending this long after connecting is closed (D14). */
  readonly backgroundTimeoutMs: number;
  /** Not stopped and the session is valid. */
  mayOpenSockets(): boolean;
  /** The room gate (room-gate.ts). */
  mayConnect(instanceId: string): boolean;
  /** A socket to the doc's room is about to open. */
  opening(doc: OpenDoc): void;
  /** State changed: publish it. */
  notify(): void;
  /** A socket to the relay opened (true) or failed to (false). */
  reachable(yes: boolean): void;
  /** The relay refused the room (4400–4499). */
  refused(doc: OpenDoc, code: number): void;
  /** A background doc has nothing more to do (stored, not accepted, refused or timed out). */
  finished(doc: OpenDoc, why: 'done' | 'timed-out'): void;
}

export class OpenDoc {
  readonly ack: StoredAck;
  status: InstanceSyncState['connection'] = 'closed';
  refused: { code: number; reason: string } | undefined;
  private connection: DocConnection | null = null;
  private persistTimer: unknown = null;
  private timeout: unknown = null;
  private readonly onUpdate = (): void => {
    if (!this.ack.measure()) return;
    this.persistSoon();
    this.ctx.notify();
  };

  constructor(
    readonly instanceId: string,
    readonly mode: 'attached' | 'background',
    readonly doc: Y.Doc,
    reader: boolean,
    private readonly ctx: OpenDocContext,
    /** Background docs only: releases the persistence and destroys the doc. */
    readonly release?: () => Promise<void>,
  ) {
    const marker = reader ? undefined : ctx.markers.get(instanceId);
    this.ack = new StoredAck(doc, reader, marker);
    // 4404 and 4401 are tried again on a new load; the other refusals stay (D10).
    if (marker?.refused && isStickyRefusal(marker.refused.code)) this.refused = marker.refused;
    doc.on('update', this.onUpdate);
    if (this.ack.pending !== (marker?.pending ?? 0)) this.persist();
  }

  view(): OpenDocView {
    return { mode: this.mode, connection: this.status, pending: this.ack.pending, refused: this.refused, notAccepted: this.ack.notAccepted, acknowledgedAt: this.ack.acknowledgedAt };
  }

  get open(): boolean {
    return this.connection !== null;
  }

  /** Keep the marker (a reader run leaves none, D8). */
  persist(): void {
    if (this.ack.reader) return;
    this.ctx.markers.set(this.instanceId, this.ack.marker(this.ctx.markers.get(this.instanceId), this.ctx.platform.now(), this.refused));
  }

  private persistSoon(): void {
    if (this.persistTimer !== null) return;
    this.persistTimer = this.ctx.platform.setTimer(() => {
      this.persistTimer = null;
      this.persist();
    }, this.ctx.persistDebounceMs);
  }

  connect(): void {
    const { ctx } = this;
    if (!ctx.mayOpenSockets() || this.connection !== null || this.refused !== undefined) return;
    if (!ctx.mayConnect(this.instanceId)) {
      this.status = 'waiting-for-record';
      ctx.notify();
      return;
    }
    if (!ctx.platform.online()) {
      this.status = 'offline';
      ctx.notify();
      return;
    }
    const token = ctx.connection.token();
    if (token === null) return;
    this.status = 'connecting';
    ctx.opening(this);
    this.connection = openDocConnection(
      { ...ctx.connection, instanceId: this.instanceId, doc: this.doc, firstToken: token },
      {
        status: (status) => {
          this.status = status;
          if (status === 'connected') ctx.reachable(true);
          ctx.notify();
        },
        failed: () => {
          ctx.reachable(false);
          ctx.notify();
        },
        stored: (bytes) => this.onStored(bytes),
        writesRefused: () => {
          ctx.reachable(true);
          this.ack.writesRefused();
          this.checkNotAccepted();
        },
        refused: (code, reason) => this.refuse(code, reason),
      },
    );
    if (this.mode === 'background' && this.timeout === null) {
      this.timeout = ctx.platform.setTimer(() => {
        this.timeout = null;
        ctx.finished(this, 'timed-out');
      }, ctx.backgroundTimeoutMs);
    }
    ctx.notify();
  }

  /** "Sync now": reconnect a socket waiting in its backoff, or open one. */
  reconnect(): void {
    if (this.connection === null) this.connect();
    else this.connection.reconnect();
  }

  /** Close the socket; the doc stays open (offline, D16). */
  disconnect(status: InstanceSyncState['connection']): void {
    this.connection?.destroy();
    this.connection = null;
    this.status = status;
  }

  /** Forget a refusal and connect again (retry, a sent record, a new sign-in). */
  forgetRefusal(): void {
    this.refused = undefined;
    this.connect();
  }

  /** The manager let go of this doc: no more timers, events or socket; the marker is kept. */
  close(): void {
    if (this.timeout !== null) this.ctx.platform.clearTimer(this.timeout);
    if (this.persistTimer !== null) this.ctx.platform.clearTimer(this.persistTimer);
    this.timeout = this.persistTimer = null;
    this.doc.off('update', this.onUpdate);
    this.disconnect(this.status);
    this.persist();
  }

  private onStored(bytes: Uint8Array): void {
    if (!this.ack.acknowledge(bytes, this.ctx.platform.now())) return;
    this.ctx.reachable(true);
    if (this.persistTimer !== null) {
      this.ctx.platform.clearTimer(this.persistTimer);
      this.persistTimer = null;
    }
    this.persist();
    this.ctx.notify();
    if (this.mode === 'background' && this.ack.pending === 0) this.ctx.finished(this, 'done');
    else this.checkNotAccepted();
  }

  /** D9: kept and shown as "not accepted", never dropped; a background copy is done. */
  private checkNotAccepted(): void {
    if (!this.ack.checkNotAccepted(this.ctx.platform.now())) return;
    this.persist();
    this.ctx.notify();
    if (this.mode === 'background') this.ctx.finished(this, 'done');
  }

  private refuse(code: number, reason: string): void {
    this.status = 'refused';
    this.refused = { code, reason };
    this.connection?.destroy();
    this.connection = null;
    this.persist();
    this.ctx.refused(this, code);
    this.ctx.notify();
    if (this.mode === 'background') this.ctx.finished(this, 'done');
  }
}
