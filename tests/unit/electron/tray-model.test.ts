import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { trayModel, trayState, type TrayInput } from '../../../src-main/electron/tray-model.js';

const base: TrayInput = { connection: 'connected', risk: 'ACTIVE', mode: 'demo', windowVisible: true, botsRunning: null, lastAlert: null };
const actions = (input: TrayInput) => trayModel('WS', input).items.flatMap((i) => (i.type === 'action' ? [`${i.action}:${i.label}:${i.enabled}`] : []));

describe('tray model', () => {
  it('shows connected, disconnected and halted, halted first', () => {
    expect(trayState({ connection: 'connected', risk: 'ACTIVE' })).toBe('connected');
    expect(trayState({ connection: 'reconnecting', risk: 'ACTIVE' })).toBe('disconnected');
    expect(trayState({ connection: 'offline', risk: 'REDUCING' })).toBe('disconnected');
    expect(trayState({ connection: 'connected', risk: 'HALTED' })).toBe('halted');
  });

  it('offers the kill switch while trading, and resume once halted', () => {
    expect(actions(base)).toContain('kill-switch:Kill switch: cancel all orders and halt:true');
    expect(actions(base)).not.toContain('resume:Resume trading:true');
    const halted = actions({ ...base, risk: 'HALTED' });
    expect(halted).toContain('resume:Resume trading:true');
    expect(halted.some((a) => a.startsWith('kill-switch'))).toBe(false);
  });

  it('shows and hides the window, and bots on/off only where there are bots', () => {
    expect(actions(base)).toContain('toggle-window:Hide window:true');
    expect(actions({ ...base, windowVisible: false })).toContain('toggle-window:Show window:true');
    expect(actions(base)).toContain('bots-toggle:Bots: none installed:false');
    expect(actions({ ...base, botsRunning: 2 })).toContain('bots-toggle:Stop bots (2 running):true');
    expect(actions({ ...base, botsRunning: 0 })).toContain('bots-toggle:Start bots:true');
    expect(actions({ ...base, botsRunning: 0, risk: 'HALTED' })).toContain('bots-toggle:Start bots:false');
  });

  it('names the state, mode and last alert in the tooltip and the status line', () => {
    const model = trayModel('WS', { ...base, connection: 'offline', lastAlert: { ruleName: 'AAPL up', message: 'AAPL crossed above 190.00' } });
    expect(model.state).toBe('disconnected');
    expect(model.tooltip).toBe('WS: disconnected (demo)\nLast alert: AAPL up: AAPL crossed above 190.00');
    expect(model.items.slice(0, 2)).toEqual([
      { type: 'label', label: 'Disconnected · demo' },
      { type: 'label', label: 'Last alert: AAPL up' },
    ]);
    expect(model.items.filter((i) => i.type === 'mode').map((i) => (i.type === 'mode' ? `${i.mode}:${i.checked}` : ''))).toEqual(['demo:true', 'paper:false', 'live:false']);
  });
});

describe('tray wiring in the Electron main process (Electron itself is not installed here)', () => {
  const main = readFileSync(join(__dirname, '..', '..', '..', 'src-main', 'electron', 'main.ts'), 'utf8');

  it('keeps running in the tray when the window closes, and quits from the tray', () => {
    expect(main).toMatch(/if \(tray && quitState === 'running'\) \{\s*event\.preventDefault\(\);\s*window\.hide\(\);/);
    expect(main).toMatch(/if \(!tray && process\.platform !== 'darwin'\) app\.quit\(\);/);
    expect(main).toMatch(/quit: \(\) => app\.quit\(\)/);
  });

  it('sends every fired alert to a desktop notification and the tray, and follows connection, risk and the trading mode', () => {
    expect(main).toMatch(/workstation\.alerts\.onFired\(\(alert\) => desktop\.fired\(alert\)\)/);
    expect(main).toMatch(/notify: \(options\) => notifications\.notify\(options\)/);
    expect(main).toMatch(/soundOn: \(\) => workstation\.settings\.get\('alerts\.sound'\)/);
    expect(main).toMatch(/\.\.\.desktop\.trayAlert\(\)/);
    expect(main).toMatch(/window\.on\('focus', \(\) => alertDesktop\?\.seen\(\)\)/);
    expect(main).toMatch(/for \(const channel of \['marketData\.status', 'orders\.risk', 'trading\.modeChanged'[^\]]*\] as const\) workstation\.hub\.subscribe\(channel, \(\) => tray\?\.refresh\(\)\)/);
    expect(main).toMatch(/killSwitch: \(\) => \{\s*void workstation\.orders\.manager\.killSwitch\(/);
  });
});
