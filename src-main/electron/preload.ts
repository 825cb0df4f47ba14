// The sandboxed preload: exposes the contract-limited bridge and nothing else (never ipcRenderer itself).
import { contextBridge, ipcRenderer } from 'electron';
import { BRIDGE_GLOBAL } from '../../src-shared/ipc/wire.js';
import { createBridgeApi } from './bridge-api.js';

const api = createBridgeApi({
  invoke: (channel, ...args) => ipcRenderer.invoke(channel, ...args),
  send: (channel, ...args) => ipcRenderer.send(channel, ...args),
  on: (channel, listener) => ipcRenderer.on(channel, listener),
  removeListener: (channel, listener) => ipcRenderer.removeListener(channel, listener),
});

contextBridge.exposeInMainWorld(BRIDGE_GLOBAL, api);
