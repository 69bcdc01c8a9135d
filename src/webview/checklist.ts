// The upgrade checklist panel's script (bundled to dist/webview/checklist.js, loaded by nonce).
import { startChecklist } from './checklist/app';
import { hostApi, type VsCodeWebviewApi } from './checklist/host';

declare function acquireVsCodeApi(): VsCodeWebviewApi;

startChecklist(window, hostApi(acquireVsCodeApi()));
