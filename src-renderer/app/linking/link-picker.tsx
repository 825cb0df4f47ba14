import { LINK_GROUPS, type LinkChoice } from './link-bus.js';
import './linking.css';

/** A coloured chip that cycles this tab's link group; the colour is also named, for who cannot tell them apart. */
export function LinkPicker({ group, onChange, testId }: { group: LinkChoice; onChange: (group: LinkChoice) => void; testId: string }) {
  return (
    <label className={`link-picker link-${group}`} title="Link group: tabs of one colour share their symbol">
      <span className="link-dot" aria-hidden="true" />
      <select aria-label="Link group" data-testid={testId} value={group} onChange={(e) => onChange(e.target.value as LinkChoice)}>
        {LINK_GROUPS.map((g) => (
          <option key={g} value={g}>
            link {g}
          </option>
        ))}
        <option value="none">not linked</option>
      </select>
    </label>
  );
}
