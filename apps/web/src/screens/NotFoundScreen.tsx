import { Link } from 'react-router-dom';

/** Any route the app does not know. */
export function NotFoundScreen() {
  return (
    <main className="panel panel--centered" id="main">
      <h1>Page not found</h1>
      <p>There is nothing at this address.</p>
      <p>
        <Link to="/">Back to Rounds</Link>
      </p>
    </main>
  );
}
