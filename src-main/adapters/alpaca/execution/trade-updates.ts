import { streaming, type trading } from '@alpacahq/alpaca-trade-api';
import type { TradeUpdateStream, TradeUpdateStreamEvents } from '../../../kernel/orders/venue.js';
import type { ExecutionConfig } from './execution-config.js';
import { toVenueOrder } from './map-order.js';

/**
 * The trade_updates stream through the SDK's TradingStream. "Ready" means authenticated AND listening: until
 * then the order manager sends nothing. The SDK reconnects on its own (forever, capped backoff); each
 * reconnection passes through `down` and `ready` again so the manager backfills what it missed.
 */
export class AlpacaTradeUpdates implements TradeUpdateStream {
  private stream: streaming.TradingStream | undefined;
  private ready = false;
  private lastFrame = 0;

  constructor(
    private readonly config: ExecutionConfig,
    private readonly options: { initialReconnectMs?: number; maxReconnectMs?: number } = {},
  ) {}

  get isReady(): boolean {
    return this.ready;
  }

  get lastFrameAt(): number {
    return this.lastFrame;
  }

  start(events: TradeUpdateStreamEvents): void {
    if (this.stream) return;
    const stream = new streaming.TradingStream({
      credentials: { keyId: this.config.keyId, secret: this.config.secret },
      url: this.config.streamUrl,
      reconnect: true,
      maxReconnectAttempts: streaming.UNLIMITED_RECONNECT_ATTEMPTS,
      initialReconnectMs: this.options.initialReconnectMs ?? 250,
      maxReconnectMs: this.options.maxReconnectMs ?? 10_000,
      pingIntervalMs: 10_000,
    });
    this.stream = stream;
    const down = (reason: string): void => {
      if (!this.ready) return;
      this.ready = false;
      events.down(reason);
    };
    stream.on(streaming.EVENT.SUBSCRIPTION, () => {
      this.lastFrame = Date.now();
      if (this.ready) return;
      this.ready = true;
      events.ready();
    });
    stream.onTradeUpdate((update) => {
      this.lastFrame = Date.now();
      events.update({
        event: String(update.event),
        at: update.timestamp instanceof Date ? update.timestamp.getTime() : Date.now(),
        order: toVenueOrder(update.order as trading.Order),
        executionId: update.executionId ?? null,
        price: update.price ?? null,
        qty: update.qty ?? null,
      });
    });
    stream.onDisconnect(() => down('disconnected'));
    stream.onStateChange((state) => {
      if (state !== streaming.STATE.AUTHENTICATED && state !== streaming.STATE.CONNECTED) down(`stream ${state}`);
    });
    stream.subscribeTradeUpdates();
    stream.connect();
  }

  stop(): void {
    this.ready = false;
    this.stream?.disconnect();
    this.stream = undefined;
  }
}
