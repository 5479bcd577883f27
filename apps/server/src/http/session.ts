import type { AuthService, User } from '@rounds/domain';
import { unauthenticated } from '@rounds/domain';
import { parse as parseCookie, serialize } from 'cookie';
import type { Request, RequestHandler, Response } from 'express';

export const SESSION_COOKIE = 'rounds_session';

export function readSessionSecret(cookieHeader: string | undefined): string | undefined {
  if (!cookieHeader) return undefined;
  return parseCookie(cookieHeader)[SESSION_COOKIE];
}

export interface CookieOptions {
  secure: boolean;
  maxAgeMs: number;
}

export function setSessionCookie(res: Response, secret: string, opts: CookieOptions): void {
  res.append(
    'Set-Cookie',
    serialize(SESSION_COOKIE, secret, {
      httpOnly: true,
      sameSite: 'lax',
      secure: opts.secure,
      path: '/',
      maxAge: Math.floor(opts.maxAgeMs / 1000),
    }),
  );
}

export function clearSessionCookie(res: Response, secure: boolean): void {
  res.append(
    'Set-Cookie',
    serialize(SESSION_COOKIE, '', { httpOnly: true, sameSite: 'lax', secure, path: '/', maxAge: 0 }),
  );
}

/** Resolves the session cookie to `res.locals.user` (or leaves it unset). */
export function sessionMiddleware(auth: AuthService): RequestHandler {
  return async (req, res, next) => {
    const user = await auth.authenticate(readSessionSecret(req.headers.cookie));
    if (user) res.locals.user = user;
    next();
  };
}

export function currentUser(res: Response): User {
  const user = res.locals.user as User | undefined;
  if (!user) throw unauthenticated();
  return user;
}

export function clientIp(req: Request): string {
  return req.ip ?? req.socket.remoteAddress ?? 'unknown';
}
