import type { ReactNode } from 'react';

interface AuthCardProps {
  title: string;
  subtitle?: string;
  children: ReactNode;
}

/** The centred card of the sign-in and setup screens. */
export function AuthCard({ title, subtitle, children }: AuthCardProps) {
  return (
    <main className="auth" id="main">
      <div className="auth__card">
        <div className="auth__brand" aria-hidden="true">
          <span className="topbar__mark" />
          Rounds
        </div>
        <h1 className="auth__title">{title}</h1>
        {subtitle && <p className="auth__subtitle">{subtitle}</p>}
        {children}
      </div>
    </main>
  );
}
