/** Inputs that once made the engine slow or memory-hungry, each as it would arrive in a file. */
export interface HostileInput {
  readonly name: string;
  readonly path: string;
  readonly text: string;
}

function helmLine(actions: number): string {
  return `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  a: ${'{{ .Values.x }}'.repeat(actions)}\n`;
}

function wideMap(keys: number): string {
  const lines = ['apiVersion: v1', 'kind: ConfigMap', 'metadata:', '  name: wide', 'data:'];
  for (let i = 0; i < keys; i++) {
    lines.push(`  key-${i}: "${i}"`);
  }
  return `${lines.join('\n')}\n`;
}

function jsonList(targetBytes: number): string {
  const items: string[] = [];
  let size = 0;
  for (let i = 0; size < targetBytes; i++) {
    const item = `{"apiVersion":"${i % 10 === 0 ? 'extensions/v1beta1' : 'apps/v1'}","kind":"Deployment","metadata":{"name":"d-${i}","labels":{"app":"d-${i}"}},"spec":{"replicas":1,"template":{"spec":{"containers":[{"name":"c","image":"nginx"}]}}}}`;
    items.push(item);
    size += item.length + 1;
  }
  return `{"apiVersion":"v1","kind":"List","items":[${items.join(',')}]}`;
}

function tabIndented(lines: number): string {
  const out = ['apiVersion: v1', 'kind: ConfigMap', 'data:'];
  for (let i = 0; i < lines; i++) {
    out.push(`\tkey${i}: value`);
  }
  return `${out.join('\n')}\n`;
}

export function hostileInputs(scale = 1): HostileInput[] {
  return [
    { name: `Helm line with ${Math.round(80_000 * scale / 1000)}k {{ }} actions`, path: 'chart/templates/cm.yaml', text: helmLine(Math.round(80_000 * scale)) },
    { name: `map with ${Math.round(40_000 * scale / 1000)}k keys`, path: 'wide.yaml', text: wideMap(Math.round(40_000 * scale)) },
    { name: `${Math.round(20 * scale)} MB one-line JSON List`, path: 'list.json', text: jsonList(20 * 1024 * 1024 * scale) },
    { name: `${Math.round(150_000 * scale / 1000)}k tab-indented lines`, path: 'tabs.yaml', text: tabIndented(Math.round(150_000 * scale)) },
  ];
}
