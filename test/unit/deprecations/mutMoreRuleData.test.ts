// The shape of every built-in rule row: ids are what SARIF reports as rule ids and what custom rules
// may not reuse, introduction versions decide whether a Helm chart's `APIVersions.Has` is true at a
// target, and the sentences and provenance are shown in hovers and reviewed against their sources.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ALL_BUILTIN_FIELD_RULES, BUILTIN_API_RULES, SCALE_TARGET_RULES } from '../../../src/core/deprecations/builtinRules';
import type { RuleBasis } from '../../../src/core/deprecations/ruleTypes';
import { parseMinorVersion } from '../../../src/core/versions/kubeVersion';

const ALL = [...BUILTIN_API_RULES, ...ALL_BUILTIN_FIELD_RULES];
const BASES: ReadonlySet<RuleBasis> = new Set<RuleBasis>(['markers', 'guide', 'release-notes', 'docs', 'feature-gate', 'project']);

describe('every built-in rule row', () => {
  test('has a lower-case id of words joined by dashes or dots', () => {
    for (const rule of ALL) {
      assert.match(rule.id, /^[a-z0-9]+(?:[-.][a-z0-9]+)*$/, JSON.stringify(rule.id));
    }
  });

  test('gives versions that parse wherever it gives one', () => {
    for (const rule of BUILTIN_API_RULES) {
      for (const [field, value] of [['introducedIn', rule.introducedIn], ['availableSince', rule.replacement?.availableSince]] as const) {
        if (value !== undefined) {
          assert.ok(parseMinorVersion(value), `${rule.id} ${field} ${JSON.stringify(value)}`);
        }
      }
    }
  });

  test('states when almost every API was introduced (the Helm capability check needs it)', () => {
    const unknown = BUILTIN_API_RULES.filter((r) => r.introducedIn === undefined).map((r) => r.id);
    assert.ok(unknown.length <= 4, `no introduction version: ${unknown.join(', ')}`);
  });

  test('names its sources from the known list, each once', () => {
    for (const rule of ALL) {
      const basis = rule.basis ?? [];
      assert.ok(basis.length > 0, rule.id);
      assert.equal(new Set(basis).size, basis.length, rule.id);
      for (const source of basis) {
        assert.ok(BASES.has(source), `${rule.id}: basis ${JSON.stringify(source)}`);
      }
    }
  });

  test('explains the change in whole sentences, at least one', () => {
    for (const rule of ALL) {
      assert.ok(rule.changes.length > 0, rule.id);
      for (const sentence of rule.changes) {
        assert.match(sentence, /^\S.*[.)]$/s, `${rule.id}: ${JSON.stringify(sentence)}`);
      }
    }
  });

  test('links to a Kubernetes page', () => {
    for (const rule of ALL) {
      assert.match(rule.link, /^https:\/\/kubernetes\.io\/\S+$/, rule.id);
    }
  });

  test('of an API names its replacement as an apiVersion', () => {
    for (const rule of BUILTIN_API_RULES) {
      if (rule.replacement !== undefined) {
        assert.match(rule.replacement.apiVersion, /^(?:[a-z0-9.-]+\/)?v\d+(?:(?:alpha|beta)\d+)?$/, rule.id);
      }
    }
  });

  test('of a field, annotation or label says what to use instead in words, when it says anything', () => {
    for (const rule of ALL_BUILTIN_FIELD_RULES) {
      if (rule.replacement !== undefined) {
        assert.match(rule.replacement, /\S/, rule.id);
      }
      assert.match(rule.name, /\S/, rule.id);
      assert.ok(['field', 'annotation', 'label', 'taint'].includes(rule.subject), `${rule.id}: subject ${JSON.stringify(rule.subject)}`);
    }
  });
});

describe('an autoscaler whose scaleTargetRef names an old API group', () => {
  test('is told the release in which the group stops serving its target', () => {
    assert.ok(SCALE_TARGET_RULES.length > 0);
    for (const rule of SCALE_TARGET_RULES) {
      assert.ok(rule.removedIn, rule.id);
      assert.match(rule.changes[0] ?? '', new RegExp(` stops serving \\w+ in ${rule.removedIn.replace('.', '\\.')}, `), rule.id);
    }
  });
});
