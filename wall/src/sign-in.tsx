import { useEffect, useState } from 'preact/hooks';
import { sessionFromToken, type Session } from './session';

interface DevToken {
  readonly role: string;
  readonly subject: string;
  readonly tenant: string;
  readonly token: string;
}

/** Dev tokens exist only when the stack runs outside production (`npm start`); elsewhere the file is a 404. */
async function loadDevTokens(): Promise<DevToken[]> {
  try {
    const response = await fetch(new URL('dev-tokens.json', document.baseURI), { cache: 'no-store' });
    if (!response.ok) return [];
    const body = (await response.json()) as { tokens?: DevToken[] };
    return Array.isArray(body.tokens) ? body.tokens : [];
  } catch {
    return [];
  }
}

/**
 * Sign-in: in development a picker of the stack's dev tokens (one per role, demo tenant); everywhere a field to
 * paste a token issued by the tenant's identity provider (see the package README for the OIDC set-up).
 */
export function SignIn({ onSignIn }: { onSignIn(session: Session): void }) {
  const [devTokens, setDevTokens] = useState<DevToken[]>([]);
  const [pasted, setPasted] = useState('');
  const [problem, setProblem] = useState<string>();

  useEffect(() => void loadDevTokens().then(setDevTokens), []);

  const use = (token: string) => {
    try {
      onSignIn(sessionFromToken(token));
    } catch (error) {
      setProblem((error as Error).message);
    }
  };

  return (
    <main id="main" class="sign-in">
      <h1>Sign in to Vigil</h1>
      {devTokens.length > 0 && (
        <section aria-labelledby="dev-heading">
          <h2 id="dev-heading">Development: pick a role</h2>
          <p class="hint">Tokens minted by this development stack for the demo tenant. Production never offers these.</p>
          <ul class="dev-tokens">
            {devTokens.map((dev) => (
              <li key={dev.role}>
                <button type="button" data-role={dev.role} onClick={() => use(dev.token)}>
                  {dev.role.replace(/_/g, ' ')}{' '}
                  <span class="hint">
                    ({dev.subject}, {dev.tenant})
                  </span>
                </button>
              </li>
            ))}
          </ul>
        </section>
      )}
      <form
        aria-labelledby="paste-heading"
        onSubmit={(event) => {
          event.preventDefault();
          use(pasted);
        }}
      >
        <h2 id="paste-heading">Use a token from your identity provider</h2>
        <label for="token">Access token (JWT)</label>
        <textarea
          id="token"
          name="token"
          rows={4}
          autoComplete="off"
          spellcheck={false}
          value={pasted}
          onInput={(event) => setPasted(event.currentTarget.value)}
        />
        {problem && (
          <p class="error" role="alert">
            {problem}
          </p>
        )}
        <button type="submit">Sign in</button>
      </form>
    </main>
  );
}
