import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { FiredAlert } from '../../../src-shared/ipc/alerts-schemas.js';
import { AlertDesktop, type AlertDesktopPorts } from '../../../src-main/electron/alert-desktop.js';
import { trayModel, trayState, type TrayInput } from '../../../src-main/electron/tray-model.js';

const alert = (n: number): FiredAlert => ({
  id: n,
  ruleId: 'r1',
  ruleName: 'MSFT stirs',
  kind: 'percent-move',
  message: `MSFT moved +0.5${n}%`,
  eventKey: `k${n}`,
  at: Date.parse('2024-03-06T15:02:03Z'),
  value: null,
});

/** The desktop as Electron's notification service, tray and window would see it, recorded. */
function desktop(options: { sound: boolean; focused: boolean }) {
  const shown: Array<{ title: string; body: string; silent: boolean; onClick: () => void }> = [];
  let trayRefreshes = 0;
  let windowShown = 0;
  const state = { ...options };
  const ports: AlertDesktopPorts = {
    notify: (o) => {
      shown.push(o);
      return true;
    },
    refreshTray: () => void trayRefreshes++,
    showWindow: () => void windowShown++,
    soundOn: () => state.sound,
    windowFocused: () => state.focused,
  };
  const base: Omit<TrayInput, 'lastAlert' | 'unseenAlerts'> = { connection: 'connected', risk: 'ACTIVE', mode: 'demo', windowVisible: false, botsRunning: null };
  const d = new AlertDesktop(ports);
  return { d, shown, state, tray: () => trayModel('WS', { ...base, ...d.trayAlert() }), refreshes: () => trayRefreshes, windowShown: () => windowShown };
}

describe('fired alerts on the desktop (notification, tray, sound setting)', () => {
  it('notifies every firing with its exchange time, silent unless the sound setting is on', () => {
    const t = desktop({ sound: false, focused: false });
    t.d.fired(alert(1));
    expect(t.shown).toHaveLength(1);
    expect(t.shown[0]).toMatchObject({ title: 'MSFT stirs', body: 'MSFT moved +0.51% (10:02:03 ET)', silent: true });
    t.state.sound = true;
    t.d.fired(alert(2));
    expect(t.shown[1]?.silent).toBe(false);
  });

  it('puts the tray in its alert state with the count not yet seen, until the window is looked at', () => {
    const t = desktop({ sound: false, focused: false });
    expect(t.tray().state).toBe('connected');
    t.d.fired(alert(1));
    t.d.fired(alert(2));
    const model = t.tray();
    expect(model.state).toBe('alert');
    expect(model.items[0]).toEqual({ type: 'label', label: 'Connected · demo' });
    expect(model.items[1]).toEqual({ type: 'label', label: 'Last alert: MSFT stirs (2 unseen)' });
    expect(model.tooltip).toBe('WS: connected (demo)\nLast alert: MSFT stirs: MSFT moved +0.52% (+1 more unseen)');
    expect(t.refreshes()).toBe(2);
    t.d.seen();
    expect(t.tray().state).toBe('connected');
    expect(t.tray().items[1]).toEqual({ type: 'label', label: 'Last alert: MSFT stirs' });
    expect(t.refreshes()).toBe(3);
  });

  it('a click on the notification shows the window and counts as seen; a focused window sees alerts as they come', () => {
    const t = desktop({ sound: false, focused: false });
    t.d.fired(alert(1));
    t.shown[0]!.onClick();
    expect(t.windowShown()).toBe(1);
    expect(t.tray().state).toBe('connected');
    t.state.focused = true;
    t.d.fired(alert(2));
    expect(t.shown).toHaveLength(2);
    expect(t.tray().state).toBe('connected');
  });

  it('halted outranks an unseen alert, and each state has its icon', () => {
    expect(trayState({ connection: 'connected', risk: 'HALTED', unseenAlerts: 3 })).toBe('halted');
    expect(trayState({ connection: 'offline', risk: 'ACTIVE', unseenAlerts: 1 })).toBe('alert');
    for (const state of ['connected', 'disconnected', 'halted', 'alert']) {
      for (const size of [16, 32]) expect(existsSync(join(__dirname, '..', '..', '..', 'assets', 'icons', 'tray', `${state}-${size}.png`))).toBe(true);
    }
  });
});
