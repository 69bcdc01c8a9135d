import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { fixedText, lines } from './mutEditorHelpers';

/* How a quick fix writes new values in block style: empty lists and maps, lists of maps, lists of lists. */

describe('a CRD schema rewritten under its version', () => {
  test('empty lists, empty maps in a list and nested lists keep their shape', () => {
    const text = lines(
      'apiVersion: apiextensions.k8s.io/v1beta1',
      'kind: CustomResourceDefinition',
      'metadata:',
      '  name: widgets.example.com',
      'spec:',
      '  group: example.com',
      '  scope: Namespaced',
      '  names: {plural: widgets, kind: Widget}',
      '  version: v1',
      '  validation:',
      '    openAPIV3Schema:',
      '      type: object',
      '      required: []',
      '      properties:',
      '        sizes:',
      '          type: array',
      '          items: {type: object}',
      '          default: [{}]',
      '        grid:',
      '          type: array',
      '          items: {type: array, items: {type: string}}',
      '          default: [[a, b]]',
    );
    assert.equal(
      fixedText(text, 'crd-apiextensions-v1beta1'),
      lines(
        'apiVersion: apiextensions.k8s.io/v1',
        'kind: CustomResourceDefinition',
        'metadata:',
        '  name: widgets.example.com',
        'spec:',
        '  group: example.com',
        '  scope: Namespaced',
        '  names: {plural: widgets, kind: Widget}',
        '  versions:',
        '    - name: v1',
        '      served: true',
        '      storage: true',
        '      schema:',
        '        openAPIV3Schema:',
        '          type: object',
        '          required: []',
        '          properties:',
        '            sizes:',
        '              type: array',
        '              items:',
        '                type: object',
        '              default:',
        '                - {}',
        '            grid:',
        '              type: array',
        '              items:',
        '                type: array',
        '                items:',
        '                  type: string',
        '              default:',
        '                - [a, b]',
        '          x-kubernetes-preserve-unknown-fields: true',
      ),
    );
  });
});

describe('plain values written by a fix', () => {
  test('a string starting with a dash or holding non-ASCII letters is quoted, and null stays null', () => {
    const schema = (indent: string): string[] =>
      ['properties:', '  flags:', '    type: string', '    description: "Größe"', '    default: "-v"', '  owner:', '    type: string', '    nullable: true', '    default: null'].map((l) => indent + l);
    const text = lines(
      'apiVersion: apiextensions.k8s.io/v1beta1',
      'kind: CustomResourceDefinition',
      'metadata:',
      '  name: widgets.example.com',
      'spec:',
      '  group: example.com',
      '  scope: Namespaced',
      '  names: {plural: widgets, kind: Widget}',
      '  version: v1',
      '  validation:',
      '    openAPIV3Schema:',
      '      type: object',
      ...schema('      '),
    );
    assert.equal(
      fixedText(text, 'crd-apiextensions-v1beta1'),
      lines(
        'apiVersion: apiextensions.k8s.io/v1',
        'kind: CustomResourceDefinition',
        'metadata:',
        '  name: widgets.example.com',
        'spec:',
        '  group: example.com',
        '  scope: Namespaced',
        '  names: {plural: widgets, kind: Widget}',
        '  versions:',
        '    - name: v1',
        '      served: true',
        '      storage: true',
        '      schema:',
        '        openAPIV3Schema:',
        '          type: object',
        ...schema('          '),
        '          x-kubernetes-preserve-unknown-fields: true',
      ),
    );
  });
});
