import { untrack } from 'svelte';

export type Resource<T> =
  | { status: 'idle'; data: undefined; error: undefined }
  | { status: 'loading'; data: T | undefined; error: undefined }
  | { status: 'ready'; data: T; error: undefined }
  | { status: 'error'; data: undefined; error: Error };

/**
 * Data that follows reactive inputs: `load` reads runes (the URL, a selection) and returns a
 * promise, or null when there is nothing to ask for. A newer request wins over an older one still
 * in flight; while loading, the last data stays visible so a page does not flash empty.
 * Call in a component's script (it sets up an effect).
 */
export function resource<T>(load: () => Promise<T> | null): { readonly current: Resource<T> } {
  let state = $state<Resource<T>>({ status: 'idle', data: undefined, error: undefined });
  let request = 0;
  $effect(() => {
    const promise = load();
    const mine = ++request;
    untrack(() => {
      if (!promise) {
        state = { status: 'idle', data: undefined, error: undefined };
        return;
      }
      state = { status: 'loading', data: state.data, error: undefined };
    });
    promise?.then(
      (data) => {
        if (mine === request) state = { status: 'ready', data, error: undefined };
      },
      (error: unknown) => {
        if (mine === request && (error as Error)?.name !== 'AbortError') state = { status: 'error', data: undefined, error: error as Error };
      },
    );
  });
  return {
    get current() {
      return state;
    },
  };
}
