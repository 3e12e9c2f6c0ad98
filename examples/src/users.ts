// User lookups against a remote API.
export interface User {
  id: string;
  name: string;
  active: boolean;
}

export async function fetchUser(id: string): Promise<User> {
  const response = await fetch(`https://api.example.com/users/${id}`);
  return (await response.json()) as User;
}

export async function isActive(id: string): Promise<boolean> {
  return (await fetchUser(id)).active;
}

// unbounded-fan-out: one request per id, all at once; 50,000 ids means 50,000 open requests.
export async function loadAll(ids: string[]): Promise<User[]> {
  return Promise.all(ids.map((id) => fetchUser(id)));
}

// misused-promise: `filter` does not await; every id "passes" because a promise is truthy.
export async function activeIds(ids: string[]): Promise<string[]> {
  return ids.filter(async (id) => isActive(id));
}

// misused-promise: the condition tests the promise, not the answer.
export function greeting(id: string): string {
  if (isActive(id)) return "welcome back";
  return "please sign in";
}

// sequential-await-in-loop (editor suggestion; enabled for the demo in async-lens.json):
// each request waits for the previous one although none needs another's result.
export async function names(ids: string[]): Promise<string[]> {
  const out: string[] = [];
  for (const id of ids) {
    const user = await fetchUser(id);
    out.push(user.name);
  }
  return out;
}
