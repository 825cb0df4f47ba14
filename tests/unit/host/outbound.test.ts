import { describe, expect, it } from 'vitest';
import { Outbound } from '../../../src-main/host/outbound.js';

const limits = { sendHighWaterBytes: 1000, sendLimitBytes: 5000, slowReaderGraceMs: 2000 };

/** A socket whose unsent bytes the test sets: `send` adds, `read` takes away. */
function fakeSocket() {
  const socket = {
    bufferedAmount: 0,
    sent: [] as string[],
    send(text: string) {
      socket.sent.push(text);
      socket.bufferedAmount += text.length;
    },
    read(bytes: number) {
      socket.bufferedAmount = Math.max(0, socket.bufferedAmount - bytes);
    },
  };
  return socket;
}

function harness() {
  const socket = fakeSocket();
  let now = 0;
  let poll: (() => void) | undefined;
  const overflows: string[] = [];
  const outbound = new Outbound(socket, {
    limits,
    onOverflow: (reason) => overflows.push(reason),
    now: () => now,
    setRepeating: (fn) => {
      poll = fn;
      return 1;
    },
    clearRepeating: () => {
      poll = undefined;
    },
  });
  return { socket, outbound, overflows, advance: (ms: number) => ((now += ms), poll?.()), polling: () => poll !== undefined };
}

describe('Outbound (per-connection backpressure)', () => {
  it('holds events while the reader is behind and sends them, in order, as it catches up; replies still go', () => {
    const { socket, outbound, overflows, advance, polling } = harness();
    outbound.reply('r'.repeat(1500));
    outbound.event('e1');
    outbound.event('e2');
    expect(socket.sent).toHaveLength(1);
    expect(polling()).toBe(true);
    outbound.reply('r2');
    expect(socket.sent).toHaveLength(2);
    socket.read(1502);
    advance(50);
    expect(socket.sent.slice(2)).toEqual(['e1', 'e2']);
    expect(polling()).toBe(false);
    outbound.event('e3');
    expect(socket.sent.at(-1)).toBe('e3');
    expect(overflows).toEqual([]);
    expect(outbound.droppedBatches).toBe(0);
  });

  it('drops events past what it may hold, and closes the reader once it caught up, so its reconnect reloads what it missed', () => {
    const { socket, outbound, overflows, advance, polling } = harness();
    outbound.event('x'.repeat(1200));
    outbound.event('h'.repeat(995));
    outbound.event('dropped');
    expect(outbound.droppedBatches).toBe(1);
    expect(outbound.heldBytesNow).toBe(995);
    advance(100);
    expect(overflows).toEqual([]);
    socket.read(1200);
    advance(50);
    expect(socket.sent.at(-1)).toBe('h'.repeat(995));
    expect(overflows).toEqual([]);
    socket.read(995);
    advance(50);
    expect(overflows).toHaveLength(1);
    expect(overflows[0]).toMatch(/1 event batches dropped while behind/);
    expect(polling()).toBe(false);
    outbound.event('after');
    expect(socket.sent.at(-1)).toBe('h'.repeat(995));
  });

  it('closes a reader still losing events after the grace period, and one past the hard limit at its next send', () => {
    const slow = harness();
    slow.outbound.event('x'.repeat(1200));
    slow.outbound.event('h'.repeat(1000));
    slow.outbound.event('dropped');
    slow.advance(1999);
    expect(slow.overflows).toEqual([]);
    slow.advance(1);
    expect(slow.overflows[0]).toMatch(/1 event batches dropped; still behind after 2 s/);

    // One reply larger than the limit still goes (a reader keeping up reads it); the next send finds it unread.
    const flooded = harness();
    flooded.outbound.reply('r'.repeat(6000));
    expect(flooded.overflows).toEqual([]);
    flooded.outbound.reply('more');
    expect(flooded.overflows).toEqual(['more than 5 KiB waiting to be read']);
    expect(flooded.socket.sent).toHaveLength(1);
    const reading = harness();
    reading.outbound.reply('r'.repeat(6000));
    reading.socket.read(6000);
    reading.outbound.reply('next');
    expect(reading.overflows).toEqual([]);
  });
});
