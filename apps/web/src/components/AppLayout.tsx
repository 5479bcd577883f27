import { Outlet } from 'react-router-dom';
import { TopBar } from './TopBar.tsx';
import { SessionEndedNote } from './SessionEndedNote.tsx';
import { GuidelinesPrompt } from './GuidelinesPrompt.tsx';

/** Top bar above the signed-in screens. */
export function AppLayout() {
  return (
    <div className="app">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <TopBar />
      <main id="main" className="app__main" tabIndex={-1}>
        <SessionEndedNote />
        <Outlet />
        <GuidelinesPrompt />
      </main>
    </div>
  );
}
