import type { People } from './reviewTypes.ts';

/** The display name of a user id from a response's `people`. */
export function personName(people: People, id: string): string {
  return people[id] ?? 'Someone';
}

/** "Amara", "Amara and Liam", "Amara, Liam and Sofia". */
export function joinNames(people: People, ids: readonly string[]): string {
  const names = [...new Set(ids)].map((id) => personName(people, id));
  if (names.length <= 1) return names[0] ?? '';
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1] ?? ''}`;
}
