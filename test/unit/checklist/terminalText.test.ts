import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { terminalFooter, terminalHeader, toTerminalText } from '../../../src/features/checklist/terminalText';

// eslint-disable-next-line no-control-regex
const plain = (s: string): string => s.replace(/\x1b\[[0-9;]*m/g, '');

describe('the command terminal\'s text', () => {
  it('shows the command line first, then output with \\r\\n line ends', () => {
    assert.equal(plain(terminalHeader('kubeadm upgrade apply v1.34.1 -y')), '$ kubeadm upgrade apply v1.34.1 -y\r\n');
    assert.equal(plain(terminalHeader('true', '/srv/ops')), 'in /srv/ops\r\n$ true\r\n');
    assert.equal(toTerminalText('a\nb\r\nc\n'), 'a\r\nb\r\nc\r\n');
  });

  it('ends with the exit status on a line of its own', () => {
    assert.equal(plain(terminalFooter({ exitCode: 2, durationMs: 1234 }, 'no newline at the end')), '\r\n\r\nexit status 2 after 1.2 s\r\n');
    assert.equal(plain(terminalFooter({ exitCode: 0, durationMs: 65_000 }, 'done\n')), '\r\nexit status 0 after 65 s\r\n');
    assert.equal(plain(terminalFooter({ exitCode: null, signal: 'SIGTERM', cancelled: true, durationMs: 500 }, '')), '\r\ncancelled (SIGTERM) after 0.5 s\r\n');
  });
});
