/** A promise and the function that resolves it: the steps of two interleaved requests, in a chosen order. */
export function gate(): { opened: Promise<void>; open(): void } {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}
