import { useConnectionState } from '../hooks/use-connection-state.js';
import { hasHostToken } from '../ipc/connect.js';

/**
 * Over the whole window when this page cannot sign in: the address had no token (or a stale one from an earlier
 * start of the host), so it would otherwise sit on "connecting" or show an empty workstation.
 */
export function SignInNotice() {
  const connection = useConnectionState();
  const missing = !hasHostToken();
  if (!missing && connection !== 'unauthorized') return null;
  return (
    <div className="sign-in-notice" role="alertdialog" aria-labelledby="sign-in-title" data-testid="sign-in-notice" data-reason={missing ? 'no-token' : 'token-refused'}>
      <div className="sign-in-card">
        <h1 id="sign-in-title">{missing ? 'This address has no access token' : 'The host refused this access token'}</h1>
        <p>
          {missing
            ? 'The workstation host only lets in a browser that brings the token it printed when it started.'
            : 'The token belongs to an earlier start of the host: each start makes a new one.'}
        </p>
        <p>
          Open the full address from the host's output, the one ending in <code>#token=…</code> (for example{' '}
          <code>http://127.0.0.1:17360/#token=…</code>). Keep it private: it is the only way in.
        </p>
      </div>
    </div>
  );
}
