/**
 * The editor benchmark's file: 6,000 small documents, about 1.6 MB, two thirds of them using an
 * API removed at 1.33 (so about 4,000 findings), the rest current.
 */
export function editorCorpus(documents = 6000): string {
  const parts: string[] = [];
  for (let i = 0; i < documents; i++) {
    const name = `app-${i.toString(36)}`;
    if (i % 3 === 2) {
      parts.push(`apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\n  labels:\n    app.kubernetes.io/name: ${name}\nspec:\n  replicas: 2\n  selector:\n    matchLabels:\n      app.kubernetes.io/name: ${name}\n  template:\n    metadata:\n      labels:\n        app.kubernetes.io/name: ${name}\n    spec:\n      containers:\n        - name: app\n          image: registry.example.com/${name}:1.0\n`);
    } else if (i % 3 === 1) {
      parts.push(`apiVersion: policy/v1beta1\nkind: PodDisruptionBudget\nmetadata:\n  name: ${name}\n  namespace: team-${i % 17}\n  labels:\n    app.kubernetes.io/name: ${name}\nspec:\n  minAvailable: 1\n  selector:\n    matchLabels:\n      app.kubernetes.io/name: ${name}\n`);
    } else {
      parts.push(`apiVersion: batch/v1beta1\nkind: CronJob\nmetadata:\n  name: ${name}\n  namespace: team-${i % 17}\nspec:\n  schedule: "*/5 * * * *"\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          restartPolicy: OnFailure\n          containers:\n            - name: job\n              image: busybox\n`);
    }
  }
  return parts.join('---\n');
}
