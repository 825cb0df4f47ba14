import { createClient, type WorkstationClient } from '../../src-shared/ipc/client.js';
import { BRIDGE_GLOBAL, type BridgeApi } from '../../src-shared/ipc/wire.js';
import { ElectronTransport } from './electron-transport.js';
import { WebSocketTransport } from './websocket-transport.js';

const TOKEN_KEY = 'workstation.hostToken';

/**
 * Picks the transport: the preload bridge inside Electron, otherwise the headless host's WebSocket with the
 * token from the URL fragment (kept in sessionStorage so a reload stays signed in, and removed from the
 * address bar so it does not linger in history or screenshots).
 */
/**
 * Whether this page can sign in at all: inside Electron always; in a browser only with the host's token (from the
 * address or kept from it). Without one, the GUI says how to get in instead of waiting on "connecting".
 */
export function hasHostToken(): boolean {
  if ((window as unknown as Record<string, BridgeApi | undefined>)[BRIDGE_GLOBAL]) return true;
  return (sessionStorage.getItem(TOKEN_KEY) ?? '') !== '';
}

export function connectClient(): WorkstationClient {
  const bridge = (window as unknown as Record<string, BridgeApi | undefined>)[BRIDGE_GLOBAL];
  if (bridge) return createClient(new ElectronTransport(bridge));

  const fragment = new URLSearchParams(window.location.hash.slice(1));
  const fromUrl = fragment.get('token');
  if (fromUrl) {
    sessionStorage.setItem(TOKEN_KEY, fromUrl);
    fragment.delete('token');
    const rest = fragment.toString();
    history.replaceState(null, '', `${window.location.pathname}${window.location.search}${rest ? `#${rest}` : ''}`);
  }
  const token = sessionStorage.getItem(TOKEN_KEY) ?? '';
  const scheme = window.location.protocol === 'https:' ? 'wss' : 'ws';
  const transport = new WebSocketTransport({
    url: `${scheme}://${window.location.host}/ws`,
    token,
    createSocket: (url) => new WebSocket(url),
  });
  return createClient(transport);
}
