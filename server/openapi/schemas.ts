/**
 * The component schemas of the OpenAPI document: every body the API sends
 * or takes. JSON Schema 2020-12, as OpenAPI 3.1 reads it. Answers are closed
 * (`additionalProperties: false`) so that test/server/openapi.spec.ts
 * notices a field the server sends and this file does not describe.
 */
import { FILTER_LIMITS, MAX_TEXT_LENGTH, METADATA_LIMITS } from '../../engine/index.js';
import { closed, ref, type Schema } from './build.js';
import { decisionSchemas } from './decision-schemas.js';
import { statsSchemas } from './stats-schemas.js';

const string: Schema = { type: 'string' };
const text: Schema = { type: 'string', minLength: 1 };
const dateTime: Schema = { type: 'string', format: 'date-time' };
const at = (description: string): Schema => ({ ...dateTime, description });
const strings: Schema = { type: 'array', items: string };
const listOf = (item: string, description: string): Schema => closed(['items'], { items: { type: 'array', description, items: ref(item) } });
const page = (item: string, description: string): Schema =>
  closed(['items'], {
    items: { type: 'array', description, items: ref(item) },
    next: { type: 'string', description: 'Pass as `after` to get the next page; absent on the last page.' },
  });

const searchValue: Schema = { type: ['string', 'number', 'boolean'] };

const DEPLOYED_PROCESS: Record<string, Schema> = {
  processId: string,
  name: string,
  version: { type: 'integer', minimum: 1 },
  key: { type: 'string', description: 'The definition key, `<processId>:<version>`.' },
  created: { type: 'boolean', description: 'False when this exact XML was deployed before (in this environment) and its version was returned.' },
  resourceName: { type: 'string', description: 'The file it came from.' },
};

const USER_TASK_REQUIRED = ['id', 'instanceId', 'definitionKey', 'processId', 'elementId', 'tokenId', 'candidateGroups', 'candidateUsers', 'createdAt'];
const USER_TASK: Record<string, Schema> = {
  id: string,
  instanceId: string,
  definitionKey: string,
  processId: string,
  processName: { type: 'string', description: "The process's name, when it has one." },
  businessKey: { type: 'string', description: "The instance's business key, when it has one." },
  elementId: string,
  tokenId: string,
  name: string,
  assignee: string,
  candidateGroups: strings,
  candidateUsers: strings,
  dueDate: string,
  followUpDate: string,
  formKey: string,
  formBody: { type: 'string', description: 'The embedded form (`zeebe:userTaskForm`), when the diagram has one.' },
  createdAt: at('When the task was created'),
};

const INCIDENT_REQUIRED = ['id', 'elementId', 'kind', 'message', 'createdAt'];
const INCIDENT: Record<string, Schema> = {
  id: { type: 'string', description: '`<instanceId>-<n>`: unique across instances.' },
  elementId: string,
  kind: { type: 'string', description: 'What failed: `job`, `expression`, …' },
  message: string,
  createdAt: dateTime,
  jobKey: { type: 'string', description: 'A failed job: its key.' },
};

export const schemas: Record<string, Schema> = {
  ...decisionSchemas,
  ...statsSchemas,
  Error: closed(
    ['error'],
    {
      error: closed(['code', 'message'], {
        code: {
          type: 'string',
          description: 'What went wrong, for programs; the status says how bad it is.',
          enum: [
            'BAD_REQUEST',
            'INVALID_ARGUMENT',
            'BPMN_PARSE_ERROR',
            'DMN_PARSE_ERROR',
            'UNAUTHENTICATED',
            'FORBIDDEN',
            'FORBIDDEN_HOST',
            'FORBIDDEN_ORIGIN',
            'NOT_FOUND',
            'METHOD_NOT_ALLOWED',
            'TIMEOUT',
            'CONFLICT',
            'LIMIT_EXCEEDED',
            'UNSUPPORTED_MEDIA_TYPE',
            'VALIDATION_ERROR',
            'MIGRATION_REFUSED',
            'PROMOTION_REFUSED',
            'STORE_SYNC_FAILED',
            'NOT_IMPLEMENTED',
            'INTERNAL',
          ],
        },
        message: { type: 'string', description: 'For people: what happened and, where it helps, what to do.' },
        details: {
          description:
            'Facts for programs, by code: `problems` (VALIDATION_ERROR, MIGRATION_REFUSED: a list of ValidationProblem), `required` (FORBIDDEN: the roles the route admits), ' +
            '`variable` (LIMIT_EXCEEDED: the variable over its limit), `assignee` (CONFLICT on a user task held by someone else), `instanceId` (TIMEOUT), `line` and `column` (BPMN_PARSE_ERROR, DMN_PARSE_ERROR).',
        },
      }),
    },
    'Every error answer: `{ error: { code, message, details } }`. A stack trace is never sent.',
  ),

  ValidationProblem: closed(['message'], {
    message: string,
    processId: { type: 'string', description: 'The process the problem is in, when it belongs to one.' },
    elementId: { type: 'string', description: 'The BPMN element at fault.' },
    resource: { type: 'string', description: 'The file the problem is in, in a deployment of several files.' },
    line: { type: 'integer', description: 'Malformed XML (dry run): where the parser stopped.' },
    column: { type: 'integer' },
  }),

  Variables: {
    type: 'object',
    description:
      'Variables by name; any JSON values. Each is at most 256 KiB as JSON, all of one request 4 MiB (the server may set other limits): 413 names the variable over it.',
    additionalProperties: true,
  },

  Health: closed(['status'], { status: { const: 'ok' } }),

  Identity: closed(
    ['name', 'roles', 'groups'],
    {
      name: { type: 'string', description: "The API key's name; without configured keys, `anonymous`." },
      roles: { type: 'array', items: { enum: ['admin', 'deployer', 'operator', 'worker', 'user', 'viewer'] } },
      groups: strings,
      anonymous: { const: true, description: 'No API keys are configured: every caller may do everything.' },
    },
    'Who the key belongs to.',
  ),

  Sample: closed(['name', 'title'], {
    name: { type: 'string', description: 'The file name, ending in .bpmn.' },
    title: { type: 'string', description: "The first process's name, else the file name." },
  }),
  SampleList: listOf('Sample', 'The bundled sample diagrams, by file name.'),

  SkippedProcess: closed(['id', 'reason'], { id: string, name: string, reason: string }, 'A process of the file that was not deployed (not executable).'),

  DeployedProcess: closed(['processId', 'version', 'key', 'created', 'resourceName'], DEPLOYED_PROCESS),

  DeployResult: closed(['processes', 'skipped'], {
    processes: { type: 'array', items: ref('DeployedProcess') },
    decisions: { type: 'array', description: "The decisions of the deployment's `.dmn` files.", items: ref('DeployedDecision') },
    skipped: { type: 'array', items: ref('SkippedProcess') },
  }),

  DryRunResult: closed(
    ['processes', 'skipped', 'problems'],
    {
      processes: {
        type: 'array',
        description: 'What would be deployed; empty when there are problems.',
        items: closed(['processId'], { processId: string, name: string }),
      },
      decisions: {
        type: 'array',
        description: 'The decisions of a DMN file that would be deployed; empty when there are problems.',
        items: closed(['decisionId'], { decisionId: string, name: string }),
      },
      skipped: { type: 'array', items: ref('SkippedProcess') },
      problems: { type: 'array', items: ref('ValidationProblem') },
    },
    'A deployment compiled but not stored (`dryRun=true`): problems are the answer, not an error. A DMN file (by `name` ending in .dmn, or its namespace) answers with its decisions.',
  ),

  Definition: closed(
    ['key', 'processId', 'version', 'resourceName', 'deployedAt', 'tags', 'suspended', 'latest', 'environment'],
    {
      key: { type: 'string', description: '`<processId>:<version>`.' },
      processId: string,
      version: { type: 'integer', minimum: 1 },
      name: string,
      resourceName: { type: 'string', description: 'The file it was deployed from.' },
      deployedAt: dateTime,
      deployedBy: { type: 'string', description: "The deploying API key's name (`anonymous` without keys)." },
      description: string,
      tags: strings,
      startableBy: { ...strings, description: 'Only callers in one of these groups may start it over the API; absent: no restriction.' },
      suspended: { type: 'boolean', description: 'A suspended version starts no instances; its running ones go on.' },
      latest: { type: 'boolean', description: 'The highest version not deleted: what starting by process id runs.' },
      environment: { type: 'string', description: 'The environment it belongs to (`default` when deployed without one).' },
    },
    'A deployed version of a process, without its XML.',
  ),
  DefinitionList: listOf('Definition', 'Versions, by process id and then version.'),

  DefinitionUpdate: {
    type: 'object',
    description: 'The editable metadata of a version; `null` removes a field.',
    minProperties: 0,
    properties: {
      description: { type: ['string', 'null'], maxLength: METADATA_LIMITS.description },
      tags: { type: 'array', maxItems: METADATA_LIMITS.tags, items: { type: 'string', minLength: 1, maxLength: METADATA_LIMITS.tag } },
      startableBy: { type: ['array', 'null'], maxItems: METADATA_LIMITS.groups, items: { type: 'string', minLength: 1, maxLength: METADATA_LIMITS.group } },
    },
    additionalProperties: false,
  },

  DeploymentForm: {
    type: 'object',
    description: 'Several BPMN files (any field names, each file name ending in .bpmn or .xml), deployed all or nothing, and the metadata of the new versions.',
    properties: {
      files: { type: 'array', items: { type: 'string', contentMediaType: 'application/xml' } },
      description: string,
      tags: { type: 'string', description: 'Comma-separated, or the field repeated.' },
      startableBy: { type: 'string', description: 'Comma-separated groups, or the field repeated.' },
      environment: { type: 'string', description: 'The environment of the new versions; `default` when left out.' },
    },
  },

  InstanceStatus: { enum: ['active', 'completed', 'cancelled', 'terminated'] },

  ActiveElement: closed(['elementId', 'elementType', 'tokenId', 'status'], {
    elementId: string,
    elementType: { type: 'string', description: 'The BPMN type, e.g. `bpmn:UserTask`.' },
    tokenId: string,
    status: { enum: ['ready', 'waiting', 'incident'] },
    jobKey: string,
    userTaskId: string,
    childInstanceId: { type: 'string', description: 'A call activity: the child instance it waits for.' },
    loopCounter: { type: 'integer', minimum: 1, description: 'An inner instance of a multi-instance activity: its place in the collection.' },
  }),

  InstanceIncident: closed(INCIDENT_REQUIRED, INCIDENT),

  Instance: closed(
    ['id', 'processId', 'version', 'definitionKey', 'status', 'variables', 'activeElements', 'incidents', 'startedAt'],
    {
      id: string,
      processId: string,
      version: { type: 'integer', minimum: 1 },
      definitionKey: string,
      businessKey: string,
      parentInstanceId: { type: 'string', description: 'The calling instance, when a call activity started this one.' },
      parentElementId: { type: 'string', description: 'The call activity that started it.' },
      status: ref('InstanceStatus'),
      variables: { ...ref('Variables'), description: "The root scope's variables." },
      activeElements: { type: 'array', items: ref('ActiveElement') },
      incidents: { type: 'array', items: ref('InstanceIncident') },
      startedAt: dateTime,
      endedAt: dateTime,
    },
    'A process instance as the API shows it.',
  ),
  InstancePage: page('Instance', 'Instances ordered by id.'),

  StartInstanceRequest: {
    type: 'object',
    additionalProperties: false,
    properties: {
      variables: ref('Variables'),
      businessKey: string,
      secrets: ref('Secrets'),
      version: { type: 'integer', minimum: 1, description: 'A version to start instead of the latest.' },
      environment: {
        type: 'string',
        description:
          "Start the latest version of this environment (with `version`: that version, which must belong to it); the instance reads the environment's values.",
      },
      awaitCompletion: { type: 'boolean', description: 'Answer once the instance has ended (completed, terminated or cancelled), with its final variables.' },
      requestTimeoutMs: {
        type: 'integer',
        minimum: 1,
        maximum: 60000,
        default: 10000,
        description: 'With awaitCompletion only: how long to wait before a 408.',
      },
    },
  },

  StartInstanceByKeyRequest: {
    type: 'object',
    additionalProperties: false,
    required: ['definitionKey'],
    properties: {
      definitionKey: { type: 'string', minLength: 1, examples: ['order:3'], description: 'The version to start: `<processId>:<version>`.' },
      variables: ref('Variables'),
      businessKey: string,
      secrets: ref('Secrets'),
      awaitCompletion: { type: 'boolean', description: 'Answer once the instance has ended (completed, terminated or cancelled), with its final variables.' },
      requestTimeoutMs: {
        type: 'integer',
        minimum: 1,
        maximum: 60000,
        default: 10000,
        description: 'With awaitCompletion only: how long to wait before a 408.',
      },
    },
  },

  Secrets: {
    type: 'object',
    maxProperties: 100,
    propertyNames: { pattern: '^[A-Za-z_][A-Za-z0-9_.-]{0,127}$' },
    additionalProperties: { type: 'string', maxLength: 16384 },
    description:
      "The instance's secrets, name -> text: kept apart from its variables, handed to handlers as `job.secrets` and to workers that ask (`withSecrets`), inherited by the instances its call activities start; never returned.",
  },
  SetSecretsRequest: { type: 'object', additionalProperties: false, required: ['secrets'], properties: { secrets: ref('Secrets') } },
  UpdateSecretsRequest: {
    type: 'object',
    additionalProperties: false,
    required: ['secrets'],
    properties: {
      secrets: {
        type: 'object',
        maxProperties: 100,
        propertyNames: { pattern: '^[A-Za-z_][A-Za-z0-9_.-]{0,127}$' },
        additionalProperties: { type: ['string', 'null'], maxLength: 16384 },
        description: 'Name -> new value, or null to remove that secret; the others are kept.',
      },
    },
  },
  SecretNames: closed(['own', 'inherited'], {
    own: { ...strings, description: 'Set on the instance itself.' },
    inherited: { ...strings, description: 'From the instances that called it, not overridden by its own.' },
  }),

  AdHocActivationRequest: {
    type: 'object',
    additionalProperties: false,
    required: ['elements'],
    properties: {
      elements: {
        type: 'array',
        minItems: 1,
        description: 'The inner elements to activate (those without incoming sequence flows), each a new path.',
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['elementId'],
          properties: { elementId: text, variables: { ...ref('Variables'), description: 'Variables local to this activation.' } },
        },
      },
    },
  },

  SetVariablesRequest: { type: 'object', additionalProperties: false, required: ['variables'], properties: { variables: ref('Variables') } },

  MigrateRequest: {
    type: 'object',
    additionalProperties: false,
    required: ['targetVersion'],
    properties: {
      targetVersion: { type: 'integer', minimum: 1, description: 'The version of the same process to move to.' },
      mapping: {
        type: 'object',
        description: 'Element id in the current version -> element id in the target; elements not named keep their id.',
        additionalProperties: text,
      },
    },
  },

  HistoryEvent: closed(['type', 'instanceId', 'processId', 'at'], {
    type: {
      enum: [
        'instance.started',
        'instance.completed',
        'instance.terminated',
        'instance.cancelled',
        'instance.migrated',
        'userTask.denied',
        'instance.dataLoaded',
        'element.activated',
        'element.completed',
        'element.terminated',
        'incident.created',
        'incident.resolved',
        'decision.evaluated',
      ],
    },
    instanceId: string,
    processId: string,
    at: at('When it happened'),
    elementId: string,
    elementType: string,
    tokenId: string,
    incidentId: string,
    message: string,
    decision: {
      ...ref('EvaluatedDecisionRecord'),
      description: 'decision.evaluated: the decision version and each decision evaluated, with its matched rules.',
    },
    durationMs: { type: 'number', minimum: 0, description: 'element.completed of an element that waited: the time from its activation, in ms.' },
  }),
  HistoryList: listOf('HistoryEvent', 'In the order they happened.'),

  SearchFilter: {
    type: 'object',
    description:
      'A filter over search attributes: `{ "attribute": { "op": value } }` with ops eq, ne, gt, gte, lt, lte, prefix, in (a list); `{ "attribute": value }` is short for eq; ' +
      `several attributes or ops in one object all apply; "and" and "or" take lists of filters. At most ${FILTER_LIMITS.depth} levels, ${FILTER_LIMITS.conditions} conditions, ${FILTER_LIMITS.inValues} values per "in". ` +
      'With a processId, only attributes that the process declares may be named.',
    minProperties: 1,
    properties: {
      and: { type: 'array', minItems: 1, items: ref('SearchFilter') },
      or: { type: 'array', minItems: 1, items: ref('SearchFilter') },
    },
    additionalProperties: {
      anyOf: [
        searchValue,
        {
          type: 'object',
          minProperties: 1,
          properties: {
            eq: searchValue,
            ne: searchValue,
            gt: searchValue,
            gte: searchValue,
            lt: searchValue,
            lte: searchValue,
            prefix: { type: 'string', maxLength: MAX_TEXT_LENGTH },
            in: { type: 'array', minItems: 1, maxItems: FILTER_LIMITS.inValues, items: searchValue },
          },
          additionalProperties: false,
        },
      ],
    },
  },

  PublishMessageRequest: {
    type: 'object',
    additionalProperties: false,
    required: ['name'],
    properties: {
      name: text,
      correlationKey: { type: ['string', 'number'] },
      variables: ref('Variables'),
      timeToLive: {
        type: 'number',
        minimum: 0,
        default: 3600000,
        description: 'How long an uncorrelated message is kept for a subscription that opens later, in ms; 0 keeps it not at all.',
      },
      messageId: { type: 'string', description: 'Publishing the same id again while the message is kept does nothing.' },
    },
  },
  PublishResult: closed(['messageId', 'duplicate', 'instanceIds'], {
    messageId: string,
    duplicate: { type: 'boolean', description: 'A message with this id was published before: nothing was done.' },
    instanceIds: { ...strings, description: 'The instances the message reached, started ones included.' },
  }),

  BroadcastSignalRequest: { type: 'object', additionalProperties: false, required: ['name'], properties: { name: text, variables: ref('Variables') } },
  SignalResult: closed(['instanceIds'], { instanceIds: { ...strings, description: 'The instances the signal reached or started.' } }),

  UserTask: closed(USER_TASK_REQUIRED, USER_TASK),
  UserTaskCompletion: closed(['id', 'status'], {
    id: string,
    status: { type: 'string', enum: ['completing'], description: "The task's completing listeners run; the task is still open." },
  }),
  UserTaskDetails: closed(
    [...USER_TASK_REQUIRED, 'variables', 'formFields'],
    {
      ...USER_TASK,
      variables: { ...ref('Variables'), description: 'The variables visible at the task: its input mappings and every enclosing scope.' },
      formFields: {
        type: 'array',
        description:
          'Variables a generated form should offer that the task does not see yet: those its output mappings read and those the conditions of the gateways right after it read, with the kind the condition suggests (`approved = true`: boolean).',
        items: closed(['name', 'kind', 'source'], {
          name: string,
          kind: { type: 'string', enum: ['boolean', 'number', 'string', 'json'] },
          source: { type: 'string', enum: ['outputMapping', 'gateway'] },
        }),
      },
    },
    'An open user task with the variables it may see.',
  ),
  UserTaskList: page('UserTask', 'Open user tasks, oldest first, a page at a time.'),
  ClaimRequest: {
    type: 'object',
    additionalProperties: false,
    properties: { assignee: { ...text, description: 'Who claims it; with API keys, the caller by default.' } },
  },
  CompleteUserTaskRequest: { type: 'object', additionalProperties: false, properties: { variables: ref('Variables') } },

  Incident: closed(
    [...INCIDENT_REQUIRED, 'instanceId', 'processId', 'version', 'definitionKey'],
    { ...INCIDENT, instanceId: string, processId: string, version: { type: 'integer', minimum: 1 }, definitionKey: string, businessKey: string },
    'An open incident with its instance.',
  ),
  IncidentPage: page('Incident', 'Open incidents by instance id, then by creation.'),
  ResolveIncidentRequest: {
    type: 'object',
    additionalProperties: false,
    properties: { retries: { type: 'integer', minimum: 1, description: "For a failed job, the new job's attempts; else as the task declares." } },
  },

  ActivateJobsRequest: {
    type: 'object',
    additionalProperties: false,
    required: ['type', 'worker'],
    properties: {
      type: { type: 'string', minLength: 1, maxLength: 256, description: "The task type; the engine's own `baton:*` types are refused." },
      worker: { type: 'string', minLength: 1, maxLength: 256, description: "The worker's name: the owner of the locks." },
      maxJobs: { type: 'integer', minimum: 1, maximum: 100, default: 10 },
      lockMs: { type: 'integer', minimum: 1, default: 300000, description: "How long the jobs are the worker's." },
      fetchVariables: { ...strings, description: 'Only these variables; all when left out.' },
      requestTimeoutMs: {
        type: 'integer',
        minimum: 0,
        maximum: 60000,
        default: 0,
        description: 'Long polling: wait this long for a job when none is available.',
      },
      withSecrets: { type: 'boolean', default: false, description: "Hand out each job's instance secrets as `secrets`." },
    },
  },
  Job: closed(
    ['key', 'type', 'processId', 'definitionKey', 'instanceId', 'elementId', 'retries', 'headers', 'variables', 'deadline', 'kind', 'listenerEventType'],
    {
      key: { type: 'string', description: 'URL-encode it in paths.' },
      type: string,
      processId: string,
      definitionKey: string,
      instanceId: string,
      elementId: string,
      retries: { type: 'integer', description: 'Attempts left, this one included.' },
      headers: { type: 'object', additionalProperties: string, description: '`zeebe:taskHeaders`.' },
      variables: ref('Variables'),
      deadline: at('When the lock runs out'),
      kind: {
        type: 'string',
        enum: ['BPMN_ELEMENT', 'EXECUTION_LISTENER', 'TASK_LISTENER'],
        description: "What the job is for, as in Zeebe: the element's own work, or one of its execution or user task listeners.",
      },
      listenerEventType: {
        type: 'string',
        enum: ['UNSPECIFIED', 'START', 'END', 'CREATING', 'ASSIGNING', 'UPDATING', 'COMPLETING', 'CANCELING'],
        description: 'The event a listener job listens to; UNSPECIFIED for other jobs.',
      },
      secrets: {
        type: 'object',
        additionalProperties: string,
        description: "With `withSecrets` only: the instance's secrets, its own over those it inherits.",
      },
    },
  ),
  ActivatedJobs: closed(['jobs'], { jobs: { type: 'array', items: ref('Job') } }),
  CompleteJobRequest: {
    type: 'object',
    additionalProperties: false,
    properties: {
      variables: ref('Variables'),
      worker: { type: 'string', description: 'When given, accepted only while this worker holds the job.' },
      result: {
        type: 'object',
        description: "A task listener's decision. A task listener's job takes no variables (400), as in Zeebe.",
        additionalProperties: false,
        properties: {
          denied: {
            type: 'boolean',
            description: 'Refuse the user task operation (assigning, updating, completing; 400 for other jobs): the task stays as it was.',
          },
          deniedReason: { type: 'string', description: "Recorded in the instance's history with the `userTask.denied` event." },
        },
      },
    },
  },
  FailJobRequest: {
    type: 'object',
    additionalProperties: false,
    required: ['retries'],
    properties: {
      retries: { type: 'integer', minimum: 0, description: 'Attempts left; 0 raises an incident on the task.' },
      backoffMs: { type: 'integer', minimum: 0, description: 'Delay before the job can be activated again.' },
      errorMessage: string,
      worker: string,
    },
  },
  ThrowJobErrorRequest: {
    type: 'object',
    additionalProperties: false,
    required: ['errorCode'],
    properties: { errorCode: text, message: string, variables: ref('Variables'), worker: string },
  },
  ExtendJobLockRequest: {
    type: 'object',
    additionalProperties: false,
    required: ['worker', 'lockMs'],
    properties: { worker: text, lockMs: { type: 'integer', minimum: 1, description: 'The lock runs this long from now.' } },
  },
  JobLock: closed(['key', 'deadline'], { key: string, deadline: at('When the lock runs out') }),

  TaskTypes: closed(['items', 'connectors', 'dynamic'], {
    items: {
      type: 'array',
      description: 'Every task type a handler, connector or worker serves or a deployed diagram uses, by type.',
      items: closed(['type', 'handler', 'usedBy', 'unserved'], {
        type: string,
        handler: { type: 'boolean', description: 'A handler is registered in this engine process.' },
        worker: closed(['name', 'lastPolledAt', 'waiting'], {
          name: string,
          lastPolledAt: dateTime,
          waiting: { type: 'integer', minimum: 0, description: 'Its long polls waiting now.' },
        }),
        usedBy: {
          type: 'array',
          items: closed(['processId', 'version', 'elementIds'], { processId: string, version: { type: 'integer', minimum: 1 }, elementIds: strings }),
        },
        unserved: { type: 'boolean', description: 'Used, but nothing serves it (no handler, connector, or worker that polled in the last 10 minutes).' },
      }),
    },
    connectors: {
      ...strings,
      description: "The task types of the built-in connectors this engine serves (the REST connector's io.camunda:http-json:1 unless turned off).",
    },
    dynamic: {
      type: 'array',
      description: 'Jobs whose type is a FEEL expression, known only per instance.',
      items: closed(['processId', 'version', 'elementId', 'expression'], {
        processId: string,
        version: { type: 'integer', minimum: 1 },
        elementId: string,
        expression: string,
      }),
    },
  }),

  ElementTemplate: {
    type: 'object',
    description: 'A Camunda (Zeebe) element template, as JSON: https://docs.camunda.io/docs/components/modeler/desktop-modeler/element-templates/',
    required: ['id', 'name'],
    properties: { id: text, name: text, version: { type: 'integer', minimum: 0 } },
  },
  ConnectorList: listOf('Connector', 'Built-ins first, then by type and runtime.'),
  Connector: closed(['type', 'name', 'runtime', 'template'], {
    type: { type: 'string', description: 'The task type it serves.' },
    name: { type: 'string', description: "Its template's name." },
    runtime: { type: 'string', description: "The connector runtime that registered it, or 'built-in'." },
    lastSeenAt: { ...dateTime, description: "The runtime's last registration; absent for built-ins." },
    template: ref('ElementTemplate'),
  }),
  ConnectorRegistration: {
    type: 'object',
    additionalProperties: false,
    required: ['runtime', 'connectors'],
    properties: {
      runtime: { type: 'string', minLength: 1, maxLength: 256, description: "The runtime's name; a later registration under the same name replaces this one." },
      connectors: {
        type: 'array',
        description: 'At most 100 (413 for more: the registry counts them).',
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['type', 'template'],
          properties: { type: { type: 'string', minLength: 1, maxLength: 256 }, template: ref('ElementTemplate') },
        },
      },
    },
  },
  ConnectorRegistrationResult: closed(['runtime', 'connectors', 'expiresInMs'], {
    runtime: string,
    connectors: { type: 'integer', minimum: 0, description: 'How many were registered.' },
    expiresInMs: { type: 'integer', minimum: 1, description: 'Register again within this long, or the connectors are forgotten.' },
  }),

  EnvironmentList: listOf('Environment', 'By name.'),
  Environment: closed(['name', 'promotesTo', 'values'], {
    name: string,
    promotesTo: { type: ['string', 'null'], description: 'Where its versions are promoted next; null: nowhere.' },
    values: { ...strings, description: 'The names of its configuration values (`env.NAME` in FEEL, `job.env` in handlers); the values are not shown.' },
  }),
  PromoteRequest: {
    type: 'object',
    additionalProperties: false,
    required: ['target'],
    properties: { target: { ...text, description: 'The environment to promote to: the next one on the path.' } },
  },
  PromotionResult: closed(['processId', 'version', 'key', 'created', 'resourceName', 'environment', 'promotedFrom'], {
    ...DEPLOYED_PROCESS,
    environment: { type: 'string', description: 'The target environment.' },
    promotedFrom: closed(['key', 'environment'], { key: string, environment: string }, 'The version it was promoted from.'),
  }),
  PromotionCheck: closed(['processId', 'version', 'from', 'to', 'references', 'missing'], {
    processId: string,
    version: { type: 'integer', minimum: 1 },
    from: { type: 'string', description: "The version's environment." },
    to: { type: 'string', description: 'The target environment.' },
    references: { ...strings, description: "Every `env.NAME` the version's expressions read." },
    missing: { ...strings, description: 'Those without a non-empty value in the target: promotion refuses while any is missing.' },
  }),

  OpenApiDocument: {
    type: 'object',
    description: 'This document.',
    required: ['openapi', 'info', 'paths', 'components'],
    properties: { openapi: { type: 'string', pattern: '^3\\.1\\.' }, info: { type: 'object' }, paths: { type: 'object' }, components: { type: 'object' } },
  },
};
