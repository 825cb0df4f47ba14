import { useEffect, useState } from 'react';
import type { RendererSettingKey, RendererSettingValue } from '../../../src-shared/ipc/settings.js';
import { useClient } from '../client-context.js';

/** One renderer setting, read from main and kept current by `settings.changed` (another window may change it). */
export function useSetting<K extends RendererSettingKey>(key: K, accept: (value: unknown) => value is RendererSettingValue<K>): RendererSettingValue<K> | undefined {
  const client = useClient();
  const [value, setValue] = useState<RendererSettingValue<K>>();
  useEffect(() => {
    let alive = true;
    client
      .invoke('settings.get', { key })
      .then((reply) => alive && accept(reply.value) && setValue(reply.value))
      .catch(() => undefined);
    const off = client.subscribe('settings.changed', (items) => {
      const last = items.filter((i) => i.key === key).at(-1);
      if (last && accept(last.value)) setValue(last.value);
    });
    return () => {
      alive = false;
      off();
    };
    // `accept` is a type guard fixed by the caller; it is not a dependency.
  }, [client, key]);
  return value;
}
