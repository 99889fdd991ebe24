/**
 * A property computed on first read, then stored as a plain value. Derived
 * zod schemas (a resource's bodies, a list's query parameters) are built this
 * way: a cold start builds only those of the route it serves, not those of
 * every route of the domain (building them all was ~10% of module init).
 */
export function lazyProperty<T extends object, K extends keyof T>(target: T, key: K, compute: () => T[K]): void {
  Object.defineProperty(target, key, {
    configurable: true,
    enumerable: true,
    get() {
      const value = compute();
      Object.defineProperty(target, key, { value, configurable: true, enumerable: true, writable: true });
      return value;
    },
  });
}
