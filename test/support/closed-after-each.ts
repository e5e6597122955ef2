import { afterEach } from 'vitest';

/**
 * For a test file: wraps a maker of things that must be closed (a station
 * harness, a station with its ADT listener) so that everything it made in a
 * test is closed after that test – audit writer threads stopped, ports and
 * temp files released – whether the test passed or not.
 */
export function closedAfterEach<A extends unknown[], T extends { close(): Promise<void> }>(make: (...args: A) => Promise<T>): (...args: A) => Promise<T> {
  let open: T[] = [];
  afterEach(async () => {
    await Promise.all(open.map((made) => made.close()));
    open = [];
  });
  return async (...args) => {
    const made = await make(...args);
    open.push(made);
    return made;
  };
}
