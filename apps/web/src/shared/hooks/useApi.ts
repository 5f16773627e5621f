/** A tiny data-fetching hook with abort on change/unmount and a `retry` action. */
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { ApiError } from '../../api/client';

/** State of one API request. */
export interface ApiState<T> {
  /** Data of the current `key`, once loaded. */
  data: T | undefined;
  /** The last successfully loaded data of any key (useful to avoid flicker while reloading). */
  lastData: T | undefined;
  /** Error of the current `key`. */
  error: ApiError | undefined;
  loading: boolean;
  /** Runs the request again with the same key. */
  retry: () => void;
}

/** Converts anything thrown into an `ApiError`. */
function toApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  const message = err instanceof Error && err.message ? err.message : '发生未知错误';
  return new ApiError({ statusCode: 0, code: 'CLIENT_ERROR', message });
}

interface Settled<T> {
  key: string;
  attempt: number;
  data?: T;
  error?: ApiError;
}

/**
 * Runs `fetcher` whenever `key` changes (and on `retry`), aborting the previous request.
 * `fetcher` must fetch what `key` describes; only `key` is watched.
 */
export function useApi<T>(key: string, fetcher: (signal: AbortSignal) => Promise<T>): ApiState<T> {
  const [attempt, setAttempt] = useState(0);
  const [settled, setSettled] = useState<Settled<T> | undefined>();
  const [lastData, setLastData] = useState<T | undefined>();
  // The latest `fetcher`, read by the effect (layout effects run first, so it is current when the fetch starts).
  const fetcherRef = useRef(fetcher);
  useLayoutEffect(() => {
    fetcherRef.current = fetcher;
  });

  useEffect(() => {
    const controller = new AbortController();
    fetcherRef.current(controller.signal).then(
      (data) => {
        if (controller.signal.aborted) return;
        setSettled({ key, attempt, data });
        setLastData(data);
      },
      (err: unknown) => {
        if (!controller.signal.aborted) setSettled({ key, attempt, error: toApiError(err) });
      },
    );
    return () => controller.abort();
    // `fetcher` is keyed by `key` by contract, so only `key` and `attempt` are dependencies.
  }, [key, attempt]);

  const retry = useCallback(() => setAttempt((n) => n + 1), []);
  const current = settled !== undefined && settled.key === key && settled.attempt === attempt;
  return {
    data: current ? settled.data : undefined,
    lastData,
    error: current ? settled.error : undefined,
    loading: !current,
    retry,
  };
}
