/**
 * Listeners per channel, reference-counted: the first listener of a channel opens the subscription upstream
 * and the last one to leave closes it. Used by the typed client and by the Electron preload bridge.
 */
export class ChannelListeners<L> {
  private readonly byChannel = new Map<string, Set<L>>();

  constructor(
    private readonly onFirst: (channel: string) => void,
    private readonly onLast: (channel: string) => void,
  ) {}

  /** Adds a listener; the returned function removes it (calling it twice is harmless). */
  add(channel: string, listener: L): () => void {
    let set = this.byChannel.get(channel);
    if (!set) {
      set = new Set();
      this.byChannel.set(channel, set);
      this.onFirst(channel);
    }
    set.add(listener);
    let active = true;
    return () => {
      if (!active) return;
      active = false;
      const current = this.byChannel.get(channel);
      if (!current) return;
      current.delete(listener);
      if (current.size === 0) {
        this.byChannel.delete(channel);
        this.onLast(channel);
      }
    };
  }

  /** The listeners of a channel, copied so a listener may unsubscribe while being called. */
  of(channel: string): L[] {
    const set = this.byChannel.get(channel);
    return set ? [...set] : [];
  }
}
