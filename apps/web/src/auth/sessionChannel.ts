import type { UserView } from '@rounds/shared';

/** What one tab tells the others of the same browser (they share the session cookie). */
export type SessionMessage = { type: 'signed-out' } | { type: 'signed-in'; user: UserView };

const CHANNEL = 'rounds-session';

/** One channel per tab for sending and receiving: a tab never hears its own messages. */
let channel: BroadcastChannel | null = null;
const listeners = new Set<(message: SessionMessage) => void>();

function tabChannel(): BroadcastChannel | null {
  if (typeof BroadcastChannel === 'undefined') return null;
  if (!channel) {
    channel = new BroadcastChannel(CHANNEL);
    channel.onmessage = (event: MessageEvent<unknown>) => {
      const message = parse(event.data);
      if (message) for (const listener of listeners) listener(message);
    };
  }
  return channel;
}

/** Tell the other tabs; a no-op where BroadcastChannel does not exist. */
export function announceSession(message: SessionMessage): void {
  tabChannel()?.postMessage(message);
}

/** Listen to the other tabs; returns the unsubscribe function. */
export function listenToSession(onMessage: (message: SessionMessage) => void): () => void {
  tabChannel();
  listeners.add(onMessage);
  return () => listeners.delete(onMessage);
}

function parse(data: unknown): SessionMessage | null {
  if (typeof data !== 'object' || data === null) return null;
  const message = data as { type?: unknown; user?: unknown };
  if (message.type === 'signed-out') return { type: 'signed-out' };
  if (message.type === 'signed-in' && isUser(message.user)) return { type: 'signed-in', user: message.user };
  return null;
}

function isUser(value: unknown): value is UserView {
  return typeof value === 'object' && value !== null && typeof (value as { id?: unknown }).id === 'string';
}
