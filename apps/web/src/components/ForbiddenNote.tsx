import { Link } from 'react-router-dom';

/** Shown when the signed-in user's role may not open a screen. */
export function ForbiddenNote({ message = 'You do not have access to this screen.' }: { message?: string }) {
  return (
    <div className="panel panel--centered">
      <h1>Not available</h1>
      <p>{message}</p>
      <p>
        <Link to="/">Back to pages</Link>
      </p>
    </div>
  );
}
