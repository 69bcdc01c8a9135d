// Container image references: [registry[:port]/]path/name[:tag][@digest].

function withoutDigest(image: string): string {
  const at = image.indexOf('@');
  return (at < 0 ? image : image.slice(0, at)).trim();
}

/** The last path segment, tag included, e.g. "kube-apiserver:v1.31.4". */
function lastSegment(image: string): string {
  const path = withoutDigest(image);
  return path.slice(path.lastIndexOf('/') + 1);
}

/** Runtimes may report an image by its bare content digest ("sha256:…"), which has no tag. */
const BARE_DIGEST = /^sha(256|384|512):[0-9a-f]+$/i;

/** The tag of an image reference; undefined for untagged or digest-only references. */
export function imageTag(image: string): string | undefined {
  if (BARE_DIGEST.test(image.trim())) {
    return undefined;
  }
  const segment = lastSegment(image);
  const colon = segment.indexOf(':');
  const tag = colon < 0 ? '' : segment.slice(colon + 1);
  return tag === '' ? undefined : tag;
}

/** The image's own name without registry, path, tag or digest, e.g. "kube-apiserver". */
export function imageName(image: string): string {
  const segment = lastSegment(image);
  const colon = segment.indexOf(':');
  return colon < 0 ? segment : segment.slice(0, colon);
}
