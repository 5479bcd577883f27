import { Link } from 'react-router-dom';

/** What learners see for a page without a signed-off revision. */
export function UnpublishedNote() {
  return (
    <div className="note note--calm" role="status">
      <p className="note__lead">This page has not been reviewed and published yet.</p>
      <p className="note__more">
        Learners see pages once faculty have signed them off. <Link to="/">Browse published pages</Link>
      </p>
    </div>
  );
}
