/**
 * A throwaway certificate authority and a serving certificate for 127.0.0.1 /
 * localhost, generated at start-up. Keys come from Node's crypto; the X.509
 * structures are built with node-forge. Go's TLS stack (kubectl) requires the
 * subjectAltName entries, which is why they are there.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import forge from 'node-forge';

export interface Pem {
  cert: string;
  key: string;
}

export interface ServingCertificates {
  ca: Pem;
  server: Pem;
}

function rsaKeys(): { forgePrivate: forge.pki.rsa.PrivateKey; forgePublic: forge.pki.rsa.PublicKey; pem: string } {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const pem = privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
  const forgePrivate = forge.pki.privateKeyFromPem(pem);
  const forgePublic = forge.pki.setRsaPublicKey(forgePrivate.n, forgePrivate.e);
  return { forgePrivate, forgePublic, pem };
}

function serial(): string {
  const bytes = randomBytes(16);
  bytes[0] = bytes[0]! & 0x7f; // positive
  return bytes.toString('hex');
}

function validity(cert: forge.pki.Certificate): void {
  const now = Date.now();
  cert.validity.notBefore = new Date(now - 60 * 60 * 1000);
  cert.validity.notAfter = new Date(now + 365 * 24 * 60 * 60 * 1000);
}

let cached: ServingCertificates | undefined;

/**
 * The CA and serving certificate of this process. RSA key generation is the slow
 * part of starting a simulator, and every simulator listens on 127.0.0.1, so the
 * simulators of one process share one pair (each kubeconfig still carries the CA).
 */
export function servingCertificates(): ServingCertificates {
  cached ??= generateCertificates();
  return cached;
}

export function generateCertificates(commonName = 'kubernetes-simulator'): ServingCertificates {
  const caKeys = rsaKeys();
  const ca = forge.pki.createCertificate();
  ca.publicKey = caKeys.forgePublic;
  ca.serialNumber = serial();
  validity(ca);
  const caSubject = [{ name: 'commonName', value: `${commonName}-ca` }];
  ca.setSubject(caSubject);
  ca.setIssuer(caSubject);
  ca.setExtensions([
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  ca.sign(caKeys.forgePrivate, forge.md.sha256.create());

  const serverKeys = rsaKeys();
  const server = forge.pki.createCertificate();
  server.publicKey = serverKeys.forgePublic;
  server.serialNumber = serial();
  validity(server);
  server.setSubject([{ name: 'commonName', value: 'kube-apiserver' }]);
  server.setIssuer(caSubject);
  server.setExtensions([
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', serverAuth: true },
    {
      name: 'subjectAltName',
      altNames: [
        { type: 2, value: 'localhost' },
        { type: 2, value: 'kubernetes' },
        { type: 2, value: 'kubernetes.default' },
        { type: 2, value: 'kubernetes.default.svc' },
        { type: 7, ip: '127.0.0.1' },
        { type: 7, ip: '::1' },
      ],
    },
    { name: 'subjectKeyIdentifier' },
    { name: 'authorityKeyIdentifier', keyIdentifier: ca.generateSubjectKeyIdentifier().getBytes() },
  ]);
  server.sign(caKeys.forgePrivate, forge.md.sha256.create());

  return {
    ca: { cert: forge.pki.certificateToPem(ca), key: caKeys.pem },
    server: { cert: forge.pki.certificateToPem(server), key: serverKeys.pem },
  };
}

/** A client certificate signed by `ca`: kube-apiserver reads the user from CN and the groups from O. */
export function issueClientCertificate(ca: Pem, user: string, groups: readonly string[]): Pem {
  const keys = rsaKeys();
  const caCert = forge.pki.certificateFromPem(ca.cert);
  const cert = forge.pki.createCertificate();
  cert.publicKey = keys.forgePublic;
  cert.serialNumber = serial();
  validity(cert);
  cert.setSubject([...groups.map((g) => ({ name: 'organizationName', value: g })), { name: 'commonName', value: user }]);
  cert.setIssuer(caCert.subject.attributes);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', clientAuth: true },
  ]);
  cert.sign(forge.pki.privateKeyFromPem(ca.key), forge.md.sha256.create());
  return { cert: forge.pki.certificateToPem(cert), key: keys.pem };
}
