import { TRADING_MODES, type TradingMode } from '../../src-shared/domain/mode.js';

/** What the tray icon shows: trading halted outranks alerts not yet seen, which outrank the connection. */
export type TrayState = 'connected' | 'disconnected' | 'halted' | 'alert';

export interface TrayInput {
  /** Market data connection (marketData status): 'connected', 'reconnecting', 'offline', ... */
  connection: string;
  /** The risk engine's state: 'ACTIVE', 'REDUCING' or 'HALTED'. */
  risk: string;
  mode: TradingMode;
  windowVisible: boolean;
  /** Bots running now; null while the workstation has no bot service. */
  botsRunning: number | null;
  lastAlert: { ruleName: string; message: string } | null;
  /** Alerts fired since the trader last looked at the window (0 when none or not counted). */
  unseenAlerts?: number;
}

export type TrayAction = 'toggle-window' | 'kill-switch' | 'resume' | 'bots-toggle' | 'quit';

export type TrayItem =
  | { type: 'separator' }
  | { type: 'label'; label: string }
  | { type: 'action'; action: TrayAction; label: string; enabled: boolean }
  | { type: 'mode'; mode: TradingMode; label: string; checked: boolean };

export interface TrayModel {
  state: TrayState;
  tooltip: string;
  items: TrayItem[];
}

const STATE_LABEL: Record<TrayState, string> = { connected: 'Connected', disconnected: 'Disconnected', halted: 'Trading halted', alert: 'Alert' };

export function trayState(input: Pick<TrayInput, 'connection' | 'risk' | 'unseenAlerts'>): TrayState {
  if (input.risk === 'HALTED') return 'halted';
  if ((input.unseenAlerts ?? 0) > 0) return 'alert';
  return input.connection === 'connected' ? 'connected' : 'disconnected';
}

/**
 * The tray's icon state, tooltip and menu, from the workstation's state. Pure, so the Electron tray only renders
 * it: status line, last alert, show/hide, the kill switch (or resume while halted), bots on/off, mode, quit.
 */
export function trayModel(appName: string, input: TrayInput): TrayModel {
  const state = trayState(input);
  const halted = input.risk === 'HALTED';
  // The status line names the connection even while an alert is shown (the icon says alert).
  const status = state === 'alert' ? trayState({ ...input, unseenAlerts: 0 }) : state;
  const unseen = input.unseenAlerts ?? 0;
  const items: TrayItem[] = [
    { type: 'label', label: `${STATE_LABEL[status]} · ${input.mode}` },
  ];
  if (input.lastAlert) items.push({ type: 'label', label: `Last alert: ${input.lastAlert.ruleName}${unseen > 0 ? ` (${unseen} unseen)` : ''}`.slice(0, 80) });
  items.push(
    { type: 'separator' },
    { type: 'action', action: 'toggle-window', label: input.windowVisible ? 'Hide window' : 'Show window', enabled: true },
    { type: 'separator' },
    halted
      ? { type: 'action', action: 'resume', label: 'Resume trading', enabled: true }
      : { type: 'action', action: 'kill-switch', label: 'Kill switch: cancel all orders and halt', enabled: true },
    input.botsRunning === null
      ? { type: 'action', action: 'bots-toggle', label: 'Bots: none installed', enabled: false }
      : { type: 'action', action: 'bots-toggle', label: input.botsRunning > 0 ? `Stop bots (${input.botsRunning} running)` : 'Start bots', enabled: !halted || input.botsRunning > 0 },
    { type: 'separator' },
  );
  for (const mode of TRADING_MODES) items.push({ type: 'mode', mode, label: mode.charAt(0).toUpperCase() + mode.slice(1), checked: mode === input.mode });
  items.push({ type: 'separator' }, { type: 'action', action: 'quit', label: 'Quit', enabled: true });
  const alert = input.lastAlert ? `\nLast alert: ${input.lastAlert.ruleName}: ${input.lastAlert.message}${unseen > 1 ? ` (+${unseen - 1} more unseen)` : ''}` : '';
  return { state, tooltip: `${appName}: ${STATE_LABEL[status].toLowerCase()} (${input.mode})${alert}`.slice(0, 255), items };
}
