import { Link } from 'react-router-dom';

interface ForbiddenNoteProps {
  title?: string;
  message?: string;
}

/** Shown when a screen or page cannot be opened (no access, or nothing there). */
export function ForbiddenNote({
  title = 'Not available',
  message = 'You do not have access to this screen.',
}: ForbiddenNoteProps) {
  return (
    <div className="panel panel--centered" role="alert">
      <h1>{title}</h1>
      <p>{message}</p>
      <p>
        <Link to="/">Back to pages</Link>
      </p>
    </div>
  );
}
