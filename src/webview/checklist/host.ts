// What the panel needs from VS Code's webview API, typed for our messages and saved state.
import type { ToHost, WebviewSavedState } from '../../core/checklist/protocol';

export interface HostApi {
  postMessage(message: ToHost): void;
  getState(): unknown;
  setState(state: WebviewSavedState): void;
}

/** The object `acquireVsCodeApi()` returns in a webview. */
export interface VsCodeWebviewApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

export function hostApi(api: VsCodeWebviewApi): HostApi {
  return {
    postMessage: (m) => api.postMessage(m),
    getState: () => api.getState(),
    setState: (s) => api.setState(s),
  };
}
