import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { computeFix } from '../../../src/core/deprecations/migrations/computeFix';
import { fixAllText } from '../../../src/core/deprecations/migrations/fixAll';
import { builtinRuleSet } from '../../../src/core/deprecations/ruleSet';
import { TARGET, findingsOf } from './analyzeHelpers';

/*
 * The quick fix that moves a CustomResourceDefinition from apiextensions.k8s.io/v1beta1 to v1:
 * what it writes for a conversion webhook, a list of versions and the schema shapes a v1 CRD
 * accepts (every node typed, or int-or-string, or preserving unknown fields), and why it
 * declines a CRD whose schema v1 would refuse.
 */

const rules = builtinRuleSet();

const HEAD = `apiVersion: apiextensions.k8s.io/v1beta1
kind: CustomResourceDefinition
metadata:
  name: widgets.example.com
spec:
  group: example.com
  names:
    kind: Widget
    plural: widgets
`;

const V1_HEAD = HEAD.replace('apiextensions.k8s.io/v1beta1', 'apiextensions.k8s.io/v1');

/** "Fix all" on the file: every finding fixed, nothing left at the target. */
function migrated(text: string): string {
  const result = fixAllText(text, rules, { target: TARGET });
  assert.deepEqual(result.manual, []);
  assert.equal(result.applied, 1);
  assert.deepEqual(findingsOf(result.text), []);
  return result.text;
}

/** The reason the quick fix gives for leaving the CRD to a person; the file is left as it is. */
function declined(text: string): string {
  const [finding] = findingsOf(text);
  assert.equal(finding.ruleId, 'crd-apiextensions-v1beta1');
  const fix = computeFix(text, finding, rules, { target: TARGET });
  assert.equal(fix.kind, 'manual');
  assert.equal(fixAllText(text, rules, { target: TARGET }).text, text);
  return fix.kind === 'manual' ? fix.reason : '';
}

/** A CRD with one version v1 and the given schema under spec.validation. */
function withSchema(schema: string): string {
  return `${HEAD}  version: v1\n  validation:\n    openAPIV3Schema:\n${schema}`;
}

describe('CRD v1beta1 -> v1: conversion webhooks', () => {
  test('a webhook without review versions moves under conversion.webhook and gets v1beta1, the versions it understood', () => {
    const text = `${HEAD}  scope: Cluster
  versions:
    - name: v1
      served: true
      storage: true
  conversion:
    strategy: Webhook
    webhookClientConfig:
      service:
        namespace: system
        name: webhook
        path: /convert
`;
    const [finding] = findingsOf(text);
    const fix = computeFix(text, finding, rules, { target: TARGET });
    assert.equal(fix.kind, 'edit');
    assert.deepEqual(fix.kind === 'edit' ? fix.notes : [], [
      'x-kubernetes-preserve-unknown-fields: true is added at the schema root because v1beta1 kept unknown fields; remove it once the schema is complete.',
      'Schemas, subresources and printer columns are rewritten under each version; comments inside them are not kept.',
    ]);
    assert.equal(
      migrated(text),
      `${V1_HEAD}  scope: Cluster
  versions:
    - name: v1
      served: true
      storage: true
      schema:
        openAPIV3Schema:
          type: object
          x-kubernetes-preserve-unknown-fields: true
  conversion:
    strategy: Webhook
    webhook:
      clientConfig:
        service:
          namespace: system
          name: webhook
          path: /convert
      conversionReviewVersions:
        - v1beta1
`,
    );
  });

  test('review versions the CRD names are kept as written beside the client config', () => {
    const text = `${HEAD}  version: v1
  conversion:
    strategy: Webhook
    webhookClientConfig:
      url: https://convert.example.com/
    conversionReviewVersions: [v1, v1beta1]
`;
    const [finding] = findingsOf(text);
    const fix = computeFix(text, finding, rules, { target: TARGET });
    assert.deepEqual(fix.kind === 'edit' ? fix.notes : [], [
      'x-kubernetes-preserve-unknown-fields: true is added at the schema root because v1beta1 kept unknown fields; remove it once the schema is complete.',
      'spec.scope is set to Namespaced, the old default.',
      'Schemas, subresources and printer columns are rewritten under each version; comments inside them are not kept.',
    ]);
    assert.equal(
      migrated(text),
      `${V1_HEAD}  scope: Namespaced
  versions:
    - name: v1
      served: true
      storage: true
      schema:
        openAPIV3Schema:
          type: object
          x-kubernetes-preserve-unknown-fields: true
  conversion:
    strategy: Webhook
    webhook:
      clientConfig:
        url: https://convert.example.com/
      conversionReviewVersions: [v1, v1beta1]
`,
    );
  });

  test('a conversion strategy None is left as it is', () => {
    const text = `${HEAD}  version: v1\n  conversion:\n    strategy: None\n`;
    assert.match(migrated(text), /\n {2}conversion:\n {4}strategy: None\n$/);
  });
});

describe('CRD v1beta1 -> v1: versions and printer columns', () => {
  test('each declared version keeps its fields, and an empty list of printer columns is dropped', () => {
    const text = `${HEAD}  versions:
    - name: v1
      served: true
      storage: true
    - name: v1alpha1
      served: false
      storage: false
  additionalPrinterColumns: []
`;
    assert.equal(
      migrated(text),
      `${V1_HEAD}  scope: Namespaced
  versions:
    - name: v1
      served: true
      storage: true
      schema:
        openAPIV3Schema:
          type: object
          x-kubernetes-preserve-unknown-fields: true
    - name: v1alpha1
      served: false
      storage: false
      schema:
        openAPIV3Schema:
          type: object
          x-kubernetes-preserve-unknown-fields: true
`,
    );
  });

  test('with preserveUnknownFields: false nothing is added to the schema, and per-version schema, subresources and columns move after the version fields', () => {
    const text = `${HEAD}  scope: Namespaced
  preserveUnknownFields: false
  versions:
    - name: v1
      schema:
        openAPIV3Schema:
          type: object
          properties:
            size:
              type: integer
              minimum: 1
              description:
      subresources:
        status: {}
      additionalPrinterColumns:
        - name: Size
          type: integer
          priority: 0
          JSONPath: .spec.size
      served: true
      storage: true
`;
    const [finding] = findingsOf(text);
    const fix = computeFix(text, finding, rules, { target: TARGET });
    assert.deepEqual(fix.kind === 'edit' ? fix.notes : [], ['Schemas, subresources and printer columns are rewritten under each version; comments inside them are not kept.']);
    assert.equal(
      migrated(text),
      `${V1_HEAD}  scope: Namespaced
  versions:
    - name: v1
      served: true
      storage: true
      schema:
        openAPIV3Schema:
          type: object
          properties:
            size:
              type: integer
              minimum: 1
              description: null
      subresources:
        status: {}
      additionalPrinterColumns:
        - name: Size
          type: integer
          priority: 0
          jsonPath: .spec.size
`,
    );
  });

  test('a CRD without spec, or with neither version nor versions, is declined with the reason', () => {
    assert.equal(declined('apiVersion: apiextensions.k8s.io/v1beta1\nkind: CustomResourceDefinition\nmetadata:\n  name: widgets.example.com\n'), 'the CRD has no spec');
    assert.equal(declined(`${HEAD}  versions: []\n`), 'the CRD declares no version');
    assert.equal(declined(`${HEAD}  scope: Namespaced\n`), 'the CRD declares no version');
  });
});

describe('CRD v1beta1 -> v1: structural schemas', () => {
  test('typed lists, maps of strings, int-or-string and preserved fields are all accepted and moved unchanged', () => {
    const text = withSchema(`      type: object
      required: [spec]
      properties:
        spec:
          type: object
          properties:
            port:
              x-kubernetes-int-or-string: true
            config:
              x-kubernetes-preserve-unknown-fields: true
            tags:
              type: array
              items:
                type: string
            labels:
              type: object
              additionalProperties:
                type: string
            extra:
              type: object
              properties:
                a:
                  type: string
              additionalProperties: true
`);
    assert.equal(
      migrated(text),
      `${V1_HEAD}  scope: Namespaced
  versions:
    - name: v1
      served: true
      storage: true
      schema:
        openAPIV3Schema:
          type: object
          required:
            - spec
          properties:
            spec:
              type: object
              properties:
                port:
                  x-kubernetes-int-or-string: true
                config:
                  x-kubernetes-preserve-unknown-fields: true
                tags:
                  type: array
                  items:
                    type: string
                labels:
                  type: object
                  additionalProperties:
                    type: string
                extra:
                  type: object
                  properties:
                    a:
                      type: string
                  additionalProperties: true
          x-kubernetes-preserve-unknown-fields: true
`,
    );
  });

  test('a schema node without a type, at any depth, is declined with its place', () => {
    const where = 'versions[v1].schema.openAPIV3Schema';
    const untyped = (place: string): string => `the schema at ${where}.${place} has no type, so it is not a structural schema`;
    assert.equal(declined(withSchema('      type: object\n      properties:\n        spec:\n          properties:\n            size:\n              type: integer\n')), untyped('properties.spec'));
    assert.equal(declined(withSchema('      type: object\n      properties:\n        tags:\n          type: array\n          items: {}\n')), untyped('properties.tags.items'));
    assert.equal(declined(withSchema('      type: object\n      properties:\n        labels:\n          type: object\n          additionalProperties: {}\n')), untyped('properties.labels.additionalProperties'));
    assert.equal(declined(withSchema('      type: object\n      properties:\n        port:\n          x-kubernetes-int-or-string: false\n')), untyped('properties.port'));
  });

  test('a property left empty is declined as not a map', () => {
    assert.equal(declined(withSchema('      type: object\n      properties:\n        spec:\n')), 'the schema at versions[v1].schema.openAPIV3Schema.properties.spec is not a map');
  });

  test('a schema that names itself through a YAML alias is declined, not a failure of the quick fix', () => {
    const text = `${HEAD}  version: v1
  validation:
    openAPIV3Schema: &node
      type: object
      properties:
        children:
          type: array
          items: *node
`;
    assert.equal(declined(text), 'a YAML alias is used inside the value it names');
  });
});

describe('CRD v1beta1 -> v1: the values a schema holds', () => {
  test('numbers, decimals, booleans and nulls in a schema are written back as they were', () => {
    const schema = '      type: object\n      properties:\n        size:\n          type: integer\n          minimum: 1\n          maximum: 10.5\n          default: 3\n        mode:\n          type: string\n          nullable: true\n          enum: [fast, slow, null]\n          default: null\n';
    assert.equal(
      migrated(withSchema(schema)),
      `${V1_HEAD}  scope: Namespaced
  versions:
    - name: v1
      served: true
      storage: true
      schema:
        openAPIV3Schema:
          type: object
          properties:
            size:
              type: integer
              minimum: 1
              maximum: 10.5
              default: 3
            mode:
              type: string
              nullable: true
              enum:
                - fast
                - slow
                - null
              default: null
          x-kubernetes-preserve-unknown-fields: true
`,
    );
  });
});
