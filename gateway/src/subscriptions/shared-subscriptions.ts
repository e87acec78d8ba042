import type { ExecutionResult } from 'graphql';
import type { WallOperation } from './frames.js';
import { MemberStream } from './member-stream.js';

/** What an upstream subscription start gives: a stream of results, or one result (an error) instead. */
export type UpstreamStart = AsyncIterable<ExecutionResult> | ExecutionResult;

/** One upstream execution and the callers (walls) it is written to. */
interface Group {
  readonly key: string;
  readonly members: Set<MemberStream>;
  /** Resolves once the upstream answered; a single result (not a stream) ends the group at once. */
  readonly opened: Promise<UpstreamStart>;
  upstream?: AsyncIterator<ExecutionResult>;
  ended: boolean;
}

/**
 * Identical subscriptions of callers that would see the same data share ONE upstream execution (ADR 100): the
 * first caller of a key opens it, later callers join, each result is pushed to every member, and the
 * upstream is ended when the last member leaves. Who may share (the key) is decided by the caller of
 * `join`; this class only guarantees that members of different keys never see each other's results.
 */
export class SharedSubscriptions {
  private readonly groups = new Map<string, Group>();

  /** Upstream executions running now (one per key with members). */
  get upstreams(): number {
    return this.groups.size;
  }

  /** Members across all groups. */
  get members(): number {
    let count = 0;
    for (const group of this.groups.values()) count += group.members.size;
    return count;
  }

  /**
   * Joins the group of `key`, opening its upstream with `open` if there is none. `expiresAt` (seconds) is the
   * member's own token expiry: nothing is pushed to it from then on, whatever its group does. `wall`: the
   * member's graphql-ws operation, for writing results to it directly (member-stream.ts).
   */
  async join(
    key: string,
    expiresAt: number,
    open: () => Promise<UpstreamStart> | UpstreamStart,
    wall?: WallOperation,
  ): Promise<UpstreamStart> {
    const group = this.groups.get(key) ?? this.open(key, open);
    const member = new MemberStream(expiresAt, () => this.leave(group, member), wall);
    group.members.add(member);
    const started = await group.opened;
    if (!isStream(started)) {
      group.members.delete(member);
      return started;
    }
    return member;
  }

  /** Ends every group (gateway shutdown): members complete, upstreams are returned. */
  async closeAll(): Promise<void> {
    await Promise.all([...this.groups.values()].map((group) => this.end(group)));
  }

  private open(key: string, open: () => Promise<UpstreamStart> | UpstreamStart): Group {
    const group: Group = {
      key,
      members: new Set(),
      opened: Promise.resolve().then(open),
      ended: false,
    };
    this.groups.set(key, group);
    group.opened.then(
      (started) => {
        if (!isStream(started)) return this.forget(group);
        group.upstream = started[Symbol.asyncIterator]();
        if (group.members.size === 0) return void this.end(group);
        void this.pump(group, group.upstream);
      },
      (error: unknown) => {
        this.forget(group);
        for (const member of group.members) member.fail(error);
      },
    );
    return group;
  }

  /** Upstream → members, one result at a time, in order; ends the members when the upstream ends. */
  private async pump(group: Group, upstream: AsyncIterator<ExecutionResult>): Promise<void> {
    try {
      for (;;) {
        const next = await upstream.next();
        if (next.done || group.ended) break;
        const now = Date.now() / 1000;
        for (const member of group.members) member.push(next.value, now);
      }
      this.forget(group);
      for (const member of group.members) member.complete();
    } catch (error) {
      this.forget(group);
      for (const member of group.members) member.fail(error);
    }
  }

  private leave(group: Group, member: MemberStream): void {
    group.members.delete(member);
    if (group.members.size === 0 && group.upstream) void this.end(group);
  }

  /** Stops the upstream (its return() unsubscribes in the subgraph) and completes whoever is still a member. */
  private async end(group: Group): Promise<void> {
    if (group.ended) return;
    this.forget(group);
    for (const member of group.members) member.complete();
    await group.upstream?.return?.().catch(() => undefined);
  }

  private forget(group: Group): void {
    group.ended = true;
    if (this.groups.get(group.key) === group) this.groups.delete(group.key);
  }
}

function isStream(started: UpstreamStart): started is AsyncIterable<ExecutionResult> {
  return typeof (started as AsyncIterable<ExecutionResult>)[Symbol.asyncIterator] === 'function';
}
