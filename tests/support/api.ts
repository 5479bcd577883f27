import type { Role } from '@rounds/shared';
import { ADMIN } from './server.ts';

export interface ApiResponse<T = unknown> {
  status: number;
  body: T;
  headers: Headers;
}

/** A tiny cookie-keeping HTTP client for one signed-in (or anonymous) person. */
export class ApiClient {
  cookie: string | undefined;

  constructor(readonly baseUrl: string) {}

  async request<T = Record<string, unknown>>(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<ApiResponse<T>> {
    const res = await fetch(this.baseUrl + path, {
      method,
      headers: {
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(this.cookie ? { cookie: this.cookie } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const setCookie = res.headers.get('set-cookie');
    const session = setCookie ? /rounds_session=([^;]*)/.exec(setCookie)?.[1] : undefined;
    if (session !== undefined) this.cookie = session ? `rounds_session=${session}` : undefined;
    const text = await res.text();
    let parsed: unknown = text;
    if (res.headers.get('content-type')?.includes('application/json')) parsed = JSON.parse(text);
    return { status: res.status, body: parsed as T, headers: res.headers };
  }

  get<T = Record<string, unknown>>(path: string): Promise<ApiResponse<T>> {
    return this.request<T>('GET', path);
  }

  post<T = Record<string, unknown>>(path: string, body?: unknown): Promise<ApiResponse<T>> {
    return this.request<T>('POST', path, body);
  }

  async login(email: string, password: string): Promise<this> {
    const res = await this.post('/api/auth/login', { email, password });
    if (res.status !== 200) throw new Error(`login failed for ${email}: ${res.status}`);
    return this;
  }
}

/** The password of every user `createUser` makes. */
export const TEST_PASSWORD = 'correct-horse-1';

let counter = 0;

/** Signs in as the bootstrapped admin. */
export function asAdmin(baseUrl: string): Promise<ApiClient> {
  return new ApiClient(baseUrl).login(ADMIN.email, ADMIN.password);
}

/** Creates a user with the given role through the admin API and returns a signed-in client for them. */
export async function createUser(
  admin: ApiClient,
  role: Role,
  name?: string,
): Promise<{ client: ApiClient; id: string; email: string; name: string }> {
  counter++;
  const email = `${role}${counter}-${Date.now()}@example.org`;
  const displayName = name ?? `${role[0]?.toUpperCase()}${role.slice(1)} ${counter}`;
  const res = await admin.post<{ id: string }>('/api/users', {
    email,
    name: displayName,
    password: 'correct-horse-1',
    role,
  });
  if (res.status !== 201) throw new Error(`createUser failed: ${res.status} ${JSON.stringify(res.body)}`);
  const client = await new ApiClient(admin.baseUrl).login(email, TEST_PASSWORD);
  return { client, id: res.body.id, email, name: displayName };
}

export async function createPage(client: ApiClient, title = 'Community-acquired pneumonia'): Promise<string> {
  const res = await client.post<{ id: string }>('/api/pages', { title });
  if (res.status !== 201) throw new Error(`createPage failed: ${res.status}`);
  return res.body.id;
}
