// Named scopes for `npm run mutate -- --scope NAME`: the files to mutate and the unit-test files that
// may kill their mutants, in groups. Each group runs as one node process (one "test" for Stryker's TAP
// runner), so a mutant pays node's start-up and the module loading once per group instead of once per
// file; the groups run in order and the first failing group kills the mutant, so the cheap groups
// that kill most come first and the slow, exhaustive ones last.

export interface TestGroup {
  readonly name: string;
  /** Test files relative to the repository; `*` matches within a file name. */
  readonly files: readonly string[];
}

export interface MutationScope {
  readonly mutate: readonly string[];
  readonly groups: readonly TestGroup[];
  /** Directories whose every test file must be in a group or in `excluded`, so a new file is not missed. */
  readonly complete: readonly string[];
  /** Test files left out, with the reason. */
  readonly excluded: Readonly<Record<string, string>>;
}

const unit = (dir: string) => (...names: string[]): string[] => names.map((n) => `test/unit/${dir}/${n}.test.ts`);
const dep = unit('deprecations');

export const MUTATION_SCOPES: Readonly<Record<string, MutationScope>> = {
  deprecations: {
    mutate: ['src/core/deprecations/**/*.ts'],
    groups: [
      { name: 'rules', files: dep('ruleData', 'addedRules', 'engineMessages', 'engineMatching', 'engineRuleSet', 'kubeVersion', 'replacementAdvice', 'controlPlaneRole') },
      { name: 'fixes', files: dep('fixAllPasses', 'fixAutoscaler', 'fixEdits', 'fixReasons', 'fixRegistry', 'fixResults', 'migrations', 'helmMigrations') },
      { name: 'analysis', files: dep('analyzeText', 'documentFindings', 'engineHover', 'hoverText', 'nestedLists', 'guardedBehaviours', 'helmBranches', 'userRules', 'customRuleTrust') },
      { name: 'cli', files: ['test/unit/cli/*.test.ts', 'test/unit/cliScan/*.test.ts'] },
      { name: 'exhaustive', files: dep('engineEdges', 'removalSuite', 'syntaxExact', 'fastEqualsFull') },
      // Last, so that adding a file here leaves the earlier groups' text, and an incremental run
      // reuses their kills and tests again only the mutants these groups reach.
      { name: 'added-fixes', files: dep('mutEditor*', 'mutMigrate*') },
      { name: 'added-engine', files: dep('mutEngine*') },
      { name: 'added-data', files: dep('mutMoreRuleData') },
      { name: 'added-more', files: dep('mutMore*') },
    ],
    complete: ['test/unit/deprecations', 'test/unit/cli', 'test/unit/cliScan'],
    excluded: {
      'test/unit/deprecations/fuzz.test.ts': 'random input: it asserts only that nothing throws, and a run cannot be repeated',
      'test/unit/cli/plan.test.ts': 'the plan command does not use the deprecation engine beyond what the cli group runs',
      'test/unit/cliScan/asScript.test.ts': 'runs the CLI as a child process, which Stryker\'s coverage does not follow',
    },
  },
  cluster: {
    mutate: ['src/core/cluster/**/*.ts', 'src/core/kubeconfig/**/*.ts'],
    groups: [
      { name: 'unit', files: [...unit('kubeconfig')('connection', 'kubeconfig'), ...unit('cluster')('backoff', 'errors', 'fromApi', 'group', 'imageRef', 'clusterModel', 'redact*')] },
      { name: 'users', files: ['test/unit/drain/*.test.ts', 'test/unit/cliNodes/*.test.ts', 'test/unit/versions/skew.test.ts', 'test/unit/upgrade/liveFacts.test.ts'] },
      { name: 'session', files: unit('cluster')('session') },
      { name: 'added', files: ['test/unit/kubeconfig/mut*.test.ts', ...unit('cluster')('mut*')] },
    ],
    complete: ['test/unit/cluster', 'test/unit/kubeconfig'],
    excluded: {},
  },
  upgrade: {
    mutate: ['src/core/upgrade/**/*.ts', 'src/core/releases/**/*.ts'],
    groups: [
      { name: 'unit', files: unit('upgrade')('checks', 'liveFacts', 'parsers', 'plan', 'platform', 'releaseData') },
      { name: 'cli', files: ['test/unit/cliPlan/*.test.ts', 'test/unit/cli/plan.test.ts'] },
      { name: 'added', files: ['test/unit/upgrade/mut*.test.ts'] },
    ],
    complete: ['test/unit/upgrade', 'test/unit/cliPlan'],
    excluded: {},
  },
  checklist: {
    mutate: ['src/core/checklist/**/*.ts'],
    groups: [
      { name: 'unit', files: unit('checklist')('commandTemplate', 'controlPlaneWait', 'create', 'exportMarkdown', 'kubectlSkew', 'lock', 'maintenanceLog', 'persist', 'protocol', 'reconcile', 'reducer', 'rollback', 'verifyNodeAfter', 'workloads') },
      { name: 'glue', files: [...unit('checklist')('controller', 'workloadReaders', 'controlPlaneCommand', 'terminalText'), 'test/unit/webview/render.test.ts'] },
      { name: 'waits', files: unit('checklist')('waits') },
      { name: 'added', files: unit('checklist')('mut*') },
    ],
    complete: ['test/unit/checklist'],
    excluded: {
      'test/unit/checklist/processRun.test.ts': 'runs processes of src/features only; it reaches no code of src/core/checklist',
    },
  },
  sim: {
    mutate: ['test/sim/eviction.ts', 'test/sim/controllers/**/*.ts'],
    groups: [
      { name: 'controllers', files: unit('sim')('controllers', 'rollouts', 'upgradePolicy', 'scenario', 'eviction*', 'disruptionRules', 'disruptionScale', 'disruptionEdges') },
      { name: 'nodes', files: unit('sim')('taintsAndFinalizers', 'scale') },
      { name: 'disruption', files: unit('sim')('disruption') },
      { name: 'added', files: unit('sim')('mut*') },
    ],
    complete: ['test/unit/sim'],
    // Each of these starts clusters, so it reaches the controllers, but asserts the HTTP layer, the
    // store or the printers; run after the groups above, they would double what a survivor costs.
    // Leaving them out can only let more mutants survive: the scope's scores are lower bounds.
    excluded: Object.fromEntries(unit('sim')('server', 'clientNode', 'cli', 'kubeconfig', 'openapi', 'apiCatalog', 'patch', 'printers', 'protobuf', 'rbac', 'selectors', 'store')
      .map((f) => [f, 'tests the API server, the client or the store rather than the controllers (see above)'])),
  },
};
