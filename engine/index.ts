/** Baton's public API. */
export {
  Engine,
  type EngineOptions,
  type SetVariablesOptions,
  type StartOptions,
  type WaitOptions,
  type InstancePage,
  type DefinitionSummary,
} from './engine.js';
export type { Clock } from './clock.js';
export type { DeployMetadata, DeployRequest, DeployResult, DeployedProcess } from './definitions/deployments.js';
export type { DecisionResult, DecisionView, DeployedDecision } from './definitions/decisions.js';
export type { DecisionEvaluation, EvaluatedDecision } from './dmn/evaluate.js';
export type { DefinitionListQuery, DefinitionUpdate, DefinitionView, DeployFile } from './definitions/definitions.js';
export type { SkippedProcess } from './model/compile.js';
export type { DryRunResult } from './definitions/dry-run.js';
export { METADATA_LIMITS } from './definitions/definitions.js';
export { FILTER_LIMITS, MAX_TEXT_LENGTH } from './search/filter.js';
export { parseWithoutProtoKeys } from './safety/safe-keys.js';
export {
  BatonError,
  BpmnError,
  BpmnParseError,
  DmnParseError,
  XmlParseError,
  ConflictError,
  InvalidArgumentError,
  LimitError,
  MigrationError,
  PromotionError,
  NotFoundError,
  StoreCorruptError,
  StoreSyncError,
  TimeoutError,
  ValidationError,
  type ValidationProblem,
} from './errors.js';
export type { Job, JobContext, JobHandler, JobKind } from './jobs/job.js';
export { deny, Denial, JobFailure } from './jobs/job.js';
export type { Connector, ElementTemplate } from './connectors/connector.js';
export type { ConnectorsOptions } from './connectors/builtins.js';
export { httpJsonConnector, HTTP_JSON_TYPE, DEFAULT_MAX_RESPONSE_BYTES, type HttpConnectorOptions } from './connectors/http-json.js';
export type { EgressOptions } from './connectors/http/egress.js';
export type { ListenerResult } from './runtime/listeners.js';
export type { AdHocActivation } from './runtime/behaviours/adhoc.js';
export type { ActivateJobsRequest, ActivatedJob, CompleteJobOptions, FailJobRequest, ThrowJobErrorRequest } from './jobs/external-jobs.js';
export { Redactor } from './safety/redaction.js';
export type { SecretNames } from './secrets/instance-secrets.js';
export type { Limits } from './safety/limits.js';
export type { BudgetOptions } from './budget/options.js';
export type { RetentionOptions } from './instances/retention.js';
export { parseDefinitionKey } from './definitions/definition-key.js';
export type { ProcessModel } from './model/types.js';
export type { DynamicTaskType, TaskTypeInfo, TaskTypes, TaskTypeUse } from './jobs/task-types.js';
export type { HistoryEvent, HistoryEventType, UserTaskRecord as UserTask } from './runtime/records.js';
export type { InstanceStatus } from './runtime/state.js';
export type { Store, InstanceQuery, PurgeRequest, UserTaskPage, UserTaskPageQuery, UserTaskQuery } from './store/store.js';
export type { Telemetry, TelemetryEvent, TelemetryListener } from './telemetry.js';
export { MemoryStore } from './store/memory.js';
export { isOfferedTo, MAX_PAGE } from './store/queries.js';
export { mayStart } from './definitions/definitions.js';
export { nestedDeeperThan } from './safety/limits.js';
export type { InstanceSearch } from './search/query.js';
export type { MigrateOptions } from './instances/migration.js';
export { nextEnvironment, parseEnvironments, type EnvironmentConfig, type Environments } from './definitions/environments.js';
export type { PromoteOptions, PromotionCheck, PromotionResult } from './definitions/promotion.js';
export type { SearchFilter, SearchCondition, SearchValue } from './search/filter.js';
export type { ActiveElement, IncidentView, InstanceView, ScopeView } from './instances/views.js';
export { DASHBOARD_WINDOWS, type Dashboard } from './instances/dashboard.js';
export type { UserTaskDetails } from './instances/user-tasks.js';
export type { IncidentDetails, IncidentPage, IncidentQuery } from './instances/incidents.js';
