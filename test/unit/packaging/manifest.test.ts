import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as semver from 'semver';

interface Manifest {
  name: string;
  displayName: string;
  engines: { vscode: string };
  devDependencies: Record<string, string>;
  capabilities: { untrustedWorkspaces: { supported: string; restrictedConfigurations: string[] } };
  contributes: {
    commands: { command: string; title: string; category?: string }[];
    configuration: { properties: Record<string, unknown> };
  };
}

const root = path.resolve(__dirname, '..', '..', '..');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as Manifest;

describe('package.json', () => {
  it('names the extension as users see it', () => {
    assert.equal(pkg.name, 'kubernetes-maintenance');
    assert.equal(pkg.displayName, 'Kubernetes Maintenance');
  });

  it('keeps @types/vscode pinned and no newer than engines.vscode', () => {
    const types = pkg.devDependencies['@types/vscode'] ?? '';
    assert.ok(semver.valid(types), `@types/vscode is pinned to an exact version, not "${types}"`);
    const engine = semver.minVersion(pkg.engines.vscode);
    assert.ok(engine);
    assert.ok(semver.lte(types, engine), `@types/vscode ${types} is newer than engines.vscode ${pkg.engines.vscode}`);
  });

  it('puts every command and setting under kubeMaintenance.* with a category', () => {
    for (const c of pkg.contributes.commands) {
      assert.match(c.command, /^kubeMaintenance\.[a-zA-Z]+$/);
      assert.equal(c.category, 'Kubernetes Maintenance', c.command);
    }
    for (const key of Object.keys(pkg.contributes.configuration.properties)) assert.match(key, /^kubeMaintenance\./);
  });

  it('declares limited support for untrusted workspaces and restricts the kubeconfig path', () => {
    assert.equal(pkg.capabilities.untrustedWorkspaces.supported, 'limited');
    assert.ok(pkg.capabilities.untrustedWorkspaces.restrictedConfigurations.includes('kubeMaintenance.kubeconfig'));
  });
});
