/**
 * What every page hands the app: its element, and a way to release its charts when it goes away.
 * @module
 */
import type { ApiClient } from "./api-client.js";

export interface PageView {
  element: HTMLElement;
  dispose(): void;
}

export interface PageContext {
  api: ApiClient;
  /** Reports a failed load; a 401 sends the user back to the sign-in form. */
  fail(error: unknown): void;
}
