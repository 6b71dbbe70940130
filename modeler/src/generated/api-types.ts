/**
 * The REST API's types, generated from the OpenAPI document (server/openapi/document.ts)
 * by modeler/generate-api-types.ts with openapi-typescript. Do not edit: change the
 * document and run `npm run generate:api-types`.
 */
/* eslint-disable */

export interface paths {
    "/health": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Liveness, for load balancers (no key needed) */
        get: operations["health"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/metrics": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Metrics in the Prometheus text format */
        get: operations["metrics"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/openapi.json": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** This OpenAPI 3.1 document (no key needed) */
        get: operations["openapi"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The caller: its key's name, roles and groups
         * @description Without configured keys: `{ anonymous: true, name: "anonymous", roles: ["admin"], groups: [] }`.
         */
        get: operations["me"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/deployments": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Deploy one or several BPMN or DMN files
         * @description One file as the raw body (`Content-Type: application/xml`), or several as `multipart/form-data` (all or nothing: a 422 lists the problems of every file and nothing is stored). Every executable process becomes a new version, or, for XML deployed before, the existing one (`created: false`). Each version records the caller's key name as `deployedBy`. With `dryRun=true` (raw XML only) the file is compiled and nothing stored: 200 with the problems.
         */
        post: operations["deploy"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/processes": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List process definition versions */
        get: operations["listDefinitions"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/processes/{processId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The latest version of a process */
        get: operations["getDefinition"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/processes/{processId}/versions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Every version of a process, oldest first */
        get: operations["listDefinitionVersions"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/processes/{processId}/versions/{version}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One version of a process */
        get: operations["getDefinitionVersion"];
        put?: never;
        post?: never;
        /**
         * Delete a version that has no active instances
         * @description When it was the latest, the previous version's start events take over. Its version number is never given again.
         */
        delete: operations["deleteDefinitionVersion"];
        options?: never;
        head?: never;
        /** Change a version's description, tags or startableBy */
        patch: operations["updateDefinitionVersion"];
        trace?: never;
    };
    "/api/processes/{processId}/versions/{version}/xml": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The BPMN XML a version was deployed from */
        get: operations["getDefinitionXml"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/processes/{processId}/versions/{version}/suspend": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Suspend a version
         * @description It starts no instances (start: 409; its timer and message start events pause); its running instances go on.
         */
        post: operations["suspendDefinitionVersion"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/processes/{processId}/versions/{version}/activate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Activate a suspended version */
        post: operations["activateDefinitionVersion"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/decisions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List decision versions */
        get: operations["listDecisions"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/decisions/{decisionId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The latest version of a decision */
        get: operations["getDecision"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/decisions/{decisionId}/evaluate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Evaluate a decision with the variables given */
        post: operations["evaluateDecision"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/processes/{processId}/instances": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Start an instance of the latest (or a given) version
         * @description Answers once the first step has committed. With `awaitCompletion`, once the instance has ended, with its final status and variables; a 408 when it has not ended within `requestTimeoutMs` (it goes on running; `details.instanceId` names it). A version with `startableBy` may be started only by a key in one of those groups (403). A suspended version: 409.
         */
        post: operations["startInstance"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/instances": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List instances, with filters and cursor pagination */
        get: operations["listInstances"];
        put?: never;
        /**
         * Start an instance of the version a definition key names
         * @description As `POST /api/processes/{processId}/instances`, but the version is named by its key (`order:3`): a key that is not deployed (or is deleted) is a 404, a suspended version a 409, `startableBy` a 403. With `awaitCompletion`, the answer waits until the instance has ended (408 after `requestTimeoutMs`).
         */
        post: operations["startInstanceByKey"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/instances/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** An instance: status, variables, active elements, incidents, parent */
        get: operations["getInstance"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/instances/{id}/history": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** An instance's history events, in order */
        get: operations["getInstanceHistory"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/instances/{id}/cancel": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Cancel an instance
         * @description Every token is withdrawn (jobs, user tasks, subscriptions and child instances removed); status `cancelled`.
         */
        post: operations["cancelInstance"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/instances/{id}/variables": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /**
         * Set variables in an instance's root scope
         * @description Each variable is checked against the size limits (413 naming it).
         */
        put: operations["setInstanceVariables"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/instances/{id}/secrets": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The names of the secrets an instance sees (never their values) */
        get: operations["getInstanceSecretNames"];
        /**
         * Replace an instance's own secrets
         * @description Rotates them at once: the instance's next jobs, and those of the instances its call activities started (unless they set their own), get the new values. `{}` removes them. The answer lists names only; values are never returned.
         */
        put: operations["setInstanceSecrets"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * Set or remove some of an instance's own secrets, keeping the others
         * @description Atomic. The answer lists names only; values are never returned.
         */
        patch: operations["updateInstanceSecrets"];
        trace?: never;
    };
    "/api/instances/{id}/ad-hoc-activities/{tokenId}/activation": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Activate elements inside an active ad-hoc sub-process
         * @description `tokenId` is the ad-hoc sub-process's among the instance's `activeElements`. 400 naming ids it cannot activate (nothing is activated then); 404 when the token is no active ad-hoc sub-process; 409 while it has an incident or is completing.
         */
        post: operations["activateAdHocElements"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/instances/{id}/migrate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Move a running instance to another version of its process
         * @description Refused (422 MIGRATION_REFUSED, `details.problems`) when an active element has no target in that version.
         */
        post: operations["migrateInstance"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/messages": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Publish a message
         * @description Correlates it by name and correlation key to the instance of each process that has waited longest, starts instances at message start events, and keeps it for `timeToLive` for subscriptions that open later.
         */
        post: operations["publishMessage"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/signals": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Broadcast a signal
         * @description Every instance waiting for it and every signal start event receive it. Signals are not kept.
         */
        post: operations["broadcastSignal"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/user-tasks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List open user tasks, oldest first
         * @description A key whose roles include none of admin, operator and viewer sees only the tasks assigned or offered to its name or one of its groups; any other is 404.
         */
        get: operations["listUserTasks"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/user-tasks/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * An open user task with the variables it may see
         * @description A key whose roles include none of admin, operator and viewer sees only the tasks assigned or offered to its name or one of its groups; any other is 404.
         */
        get: operations["getUserTask"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/user-tasks/{id}/claim": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Assign a task
         * @description A key whose roles include none of admin, operator and viewer sees only the tasks assigned or offered to its name or one of its groups; any other is 404. Such a key claims for itself only (403 otherwise). Claiming one's own task again is fine; a task someone else holds is 409 (`details.assignee`).
         */
        post: operations["claimUserTask"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/user-tasks/{id}/unclaim": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Remove the assignee of a task
         * @description A key whose roles include none of admin, operator and viewer sees only the tasks assigned or offered to its name or one of its groups; any other is 404. Such a key cannot unclaim a task someone else holds (409).
         */
        post: operations["unclaimUserTask"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/user-tasks/{id}/complete": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Complete a task; the instance moves on
         * @description A key whose roles include none of admin, operator and viewer sees only the tasks assigned or offered to its name or one of its groups; any other is 404. Such a key cannot complete a task someone else holds (409).
         */
        post: operations["completeUserTask"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/incidents": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List open incidents across instances */
        get: operations["listIncidents"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/incidents/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** An open incident with its instance */
        get: operations["getIncident"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/incidents/{id}/resolve": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Run the failed part again
         * @description Fix the cause first (set variables, deploy a handler). A failed job is created again with `retries` attempts.
         */
        post: operations["resolveIncident"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/jobs/activate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Fetch and lock jobs of a type (long polling)
         * @description Leases up to `maxJobs` due jobs of `type` to `worker` for `lockMs`. With none available, waits up to `requestTimeoutMs` for one. A lock that runs out makes the job available again: delivery is at-least-once.
         */
        post: operations["activateJobs"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/jobs/{key}/complete": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Complete a job; the task goes on with the variables
         * @description With `worker`, accepted only while that worker holds the job (409 otherwise); without it, the job key is enough. A job that is gone (completed, its task cancelled) is 404. A listener's job lets its element (or user task operation) go on; a task listener's may deny it with `result.denied`.
         */
        post: operations["completeJob"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/jobs/{key}/fail": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Report a failed attempt
         * @description With retries left the job can be activated again after `backoffMs` (that needs an activated job: 409 otherwise); with 0, an incident on the task. With `worker`, accepted only while that worker holds the job (409 otherwise); without it, the job key is enough. A job that is gone (completed, its task cancelled) is 404.
         */
        post: operations["failJob"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/jobs/{key}/error": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Throw a BPMN error at the task
         * @description An error boundary event or event sub-process catches it, else it becomes an incident. With `worker`, accepted only while that worker holds the job (409 otherwise); without it, the job key is enough. A job that is gone (completed, its task cancelled) is 404.
         */
        post: operations["throwJobError"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/jobs/{key}/extend": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Keep a job locked longer
         * @description The worker that holds the job keeps it `lockMs` more from now; 409 when it does not hold it.
         */
        post: operations["extendJobLock"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/task-types": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The task types the engine can serve and the deployed diagrams use */
        get: operations["listTaskTypes"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/connectors": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The connectors served now: built-in ones and those of registered connector runtimes
         * @description A runtime's connectors are listed until its registration is 2 minutes old without a heartbeat. Built-ins have `runtime: "built-in"`.
         */
        get: operations["listConnectors"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/connectors/templates": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The element templates of the connectors served now, for the modeler */
        get: operations["listConnectorTemplates"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/connectors/registrations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Register a connector runtime's connectors (repeat it as a heartbeat)
         * @description Replaces the runtime's previous registration. At most 100 connectors, each template at most 256 KiB as JSON (413); a template must be a JSON object with `id` and `name` strings, a whole `version` if any, and no `__proto__` key (400).
         */
        post: operations["registerConnectors"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/samples": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The bundled sample diagrams and decisions */
        get: operations["listSamples"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/samples/{name}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A sample diagram */
        get: operations["getSample"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/environments": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The configured environments: promotion path and the names of their values (never the values) */
        get: operations["listEnvironments"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/processes/{processId}/versions/{version}/promote": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Promote a version to the next environment
         * @description The version's XML becomes a version of the target environment (the existing one when promoted before), while its instances run on. Refused with 409 when the promotion path does not lead from its environment to the target (skipping a stage), 403 when the caller may not deploy to the target, and 422 PROMOTION_REFUSED listing every `env.*` name the target does not define (`details.missing`).
         */
        post: operations["promoteDefinitionVersion"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/processes/{processId}/versions/{version}/promotion": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * What a promotion would check, without promoting
         * @description The `env.*` names the version reads and those the target lacks; 409 when the promotion path does not lead there.
         */
        get: operations["checkPromotion"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/stats": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Instances started, completed and incidents over time, work per process, slowest elements
         * @description Counters the store keeps as steps commit (per minute and process; per element for those that waited) and the active instances: no read touches the instances that have ended, so the answer stays fast as the store grows.
         */
        get: operations["getDashboard"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        Decision: {
            /** @description `<decisionId>:<version>`. */
            key: string;
            decisionId: string;
            version: number;
            name?: string;
            /** @description The `<definitions>` id of the `.dmn` file (its decision requirements graph). */
            requirementsId: string;
            /** @description The file it came from. */
            resourceName: string;
            /** Format: date-time */
            deployedAt: string;
            deployedBy?: string;
            /** @description The highest version of the decision: what business rule tasks with the latest binding evaluate. */
            latest: boolean;
        };
        DecisionList: {
            /** @description By decision id and version. */
            items: components["schemas"]["Decision"][];
        };
        DeployedDecision: {
            decisionId: string;
            name?: string;
            version: number;
            /** @description `<decisionId>:<version>`. */
            key: string;
            requirementsId: string;
            /** @description False when the file was the latest version already and that version was returned. */
            created: boolean;
            resourceName: string;
        };
        DecisionEvaluationRequest: {
            variables?: components["schemas"]["Variables"];
            /** @description This version instead of the latest. */
            version?: number;
        };
        EvaluatedDecision: {
            decisionId: string;
            decisionName?: string;
            /** @enum {unknown} */
            decisionType: "decisionTable" | "literalExpression";
            /** @description A decision table: the rules whose outputs made the result, in the order the hit policy gave them. */
            matchedRules?: {
                ruleId: string;
                /** @description Counted from 1. */
                ruleIndex: number;
                /** @description Output name -> value. */
                outputs: {
                    [key: string]: unknown;
                };
            }[];
            /** @description The result: a value, a context (several outputs), a list (multi-hit) or null. */
            output: unknown;
        };
        DecisionResult: {
            decisionId: string;
            decisionKey: string;
            version: number;
            /** @description The decision's result. */
            output: unknown;
            /** @description The decision and those it requires, in the order they were evaluated. */
            evaluated: components["schemas"]["EvaluatedDecision"][];
        };
        EvaluatedDecisionRecord: {
            decisionKey: string;
            decisionId: string;
            version: number;
            evaluated: components["schemas"]["EvaluatedDecision"][];
        };
        /** @description Counters the store keeps as steps commit (from the upgrade to schema 14 on), and the active instances: nothing reads ended instances. */
        Dashboard: {
            /**
             * Format: date-time
             * @description The start of the first bucket.
             */
            since: string;
            /** @enum {integer} */
            hours: 1 | 6 | 24 | 168;
            /** @description 5, 30, 60 or 360, by window. */
            bucketMinutes: number;
            /** @description Oldest first; the last one holds now. */
            buckets: {
                /** Format: date-time */
                at: string;
                started: number;
                completed: number;
                incidents: number;
            }[];
            totals: {
                started: number;
                completed: number;
                /** @description Opened in the window. */
                incidents: number;
                /** @description Active now. */
                active: number;
                /** @description Open now. */
                openIncidents: number;
            };
            /** @description Processes with active instances, the busiest first; each version counted apart. */
            processes: {
                processId: string;
                active: number;
                incidents: number;
                versions: {
                    version: number;
                    active: number;
                    incidents: number;
                }[];
            }[];
            /** @description Elements that waited (service and user tasks, timers, messages), by mean time from activation to completion, longest first. */
            slowestElements: {
                processId: string;
                elementId: string;
                count: number;
                meanMs: number;
                maxMs: number;
            }[];
        };
        /** @description Every error answer: `{ error: { code, message, details } }`. A stack trace is never sent. */
        Error: {
            error: {
                /**
                 * @description What went wrong, for programs; the status says how bad it is.
                 * @enum {string}
                 */
                code: "BAD_REQUEST" | "INVALID_ARGUMENT" | "BPMN_PARSE_ERROR" | "DMN_PARSE_ERROR" | "UNAUTHENTICATED" | "FORBIDDEN" | "FORBIDDEN_HOST" | "FORBIDDEN_ORIGIN" | "NOT_FOUND" | "METHOD_NOT_ALLOWED" | "TIMEOUT" | "CONFLICT" | "LIMIT_EXCEEDED" | "UNSUPPORTED_MEDIA_TYPE" | "VALIDATION_ERROR" | "MIGRATION_REFUSED" | "PROMOTION_REFUSED" | "STORE_SYNC_FAILED" | "NOT_IMPLEMENTED" | "INTERNAL";
                /** @description For people: what happened and, where it helps, what to do. */
                message: string;
                /** @description Facts for programs, by code: `problems` (VALIDATION_ERROR, MIGRATION_REFUSED: a list of ValidationProblem), `required` (FORBIDDEN: the roles the route admits), `variable` (LIMIT_EXCEEDED: the variable over its limit), `assignee` (CONFLICT on a user task held by someone else), `instanceId` (TIMEOUT), `line` and `column` (BPMN_PARSE_ERROR, DMN_PARSE_ERROR). */
                details?: unknown;
            };
        };
        ValidationProblem: {
            message: string;
            /** @description The process the problem is in, when it belongs to one. */
            processId?: string;
            /** @description The BPMN element at fault. */
            elementId?: string;
            /** @description The file the problem is in, in a deployment of several files. */
            resource?: string;
            /** @description Malformed XML (dry run): where the parser stopped. */
            line?: number;
            column?: number;
        };
        /** @description Variables by name; any JSON values. Each is at most 256 KiB as JSON, all of one request 4 MiB (the server may set other limits): 413 names the variable over it. */
        Variables: {
            [key: string]: unknown;
        };
        Health: {
            /** @constant */
            status: "ok";
        };
        /** @description Who the key belongs to. */
        Identity: {
            /** @description The API key's name; without configured keys, `anonymous`. */
            name: string;
            roles: ("admin" | "deployer" | "operator" | "worker" | "user" | "viewer")[];
            groups: string[];
            /**
             * @description No API keys are configured: every caller may do everything.
             * @constant
             */
            anonymous?: true;
        };
        Sample: {
            /** @description The file name, ending in .bpmn. */
            name: string;
            /** @description The first process's name, else the file name. */
            title: string;
        };
        SampleList: {
            /** @description The bundled sample diagrams, by file name. */
            items: components["schemas"]["Sample"][];
        };
        /** @description A process of the file that was not deployed (not executable). */
        SkippedProcess: {
            id: string;
            name?: string;
            reason: string;
        };
        DeployedProcess: {
            processId: string;
            name?: string;
            version: number;
            /** @description The definition key, `<processId>:<version>`. */
            key: string;
            /** @description False when this exact XML was deployed before (in this environment) and its version was returned. */
            created: boolean;
            /** @description The file it came from. */
            resourceName: string;
        };
        DeployResult: {
            processes: components["schemas"]["DeployedProcess"][];
            /** @description The decisions of the deployment's `.dmn` files. */
            decisions?: components["schemas"]["DeployedDecision"][];
            skipped: components["schemas"]["SkippedProcess"][];
        };
        /** @description A deployment compiled but not stored (`dryRun=true`): problems are the answer, not an error. A DMN file (by `name` ending in .dmn, or its namespace) answers with its decisions. */
        DryRunResult: {
            /** @description What would be deployed; empty when there are problems. */
            processes: {
                processId: string;
                name?: string;
            }[];
            /** @description The decisions of a DMN file that would be deployed; empty when there are problems. */
            decisions?: {
                decisionId: string;
                name?: string;
            }[];
            skipped: components["schemas"]["SkippedProcess"][];
            problems: components["schemas"]["ValidationProblem"][];
        };
        /** @description A deployed version of a process, without its XML. */
        Definition: {
            /** @description `<processId>:<version>`. */
            key: string;
            processId: string;
            version: number;
            name?: string;
            /** @description The file it was deployed from. */
            resourceName: string;
            /** Format: date-time */
            deployedAt: string;
            /** @description The deploying API key's name (`anonymous` without keys). */
            deployedBy?: string;
            description?: string;
            tags: string[];
            /** @description Only callers in one of these groups may start it over the API; absent: no restriction. */
            startableBy?: string[];
            /** @description A suspended version starts no instances; its running ones go on. */
            suspended: boolean;
            /** @description The highest version not deleted: what starting by process id runs. */
            latest: boolean;
            /** @description The environment it belongs to (`default` when deployed without one). */
            environment: string;
        };
        DefinitionList: {
            /** @description Versions, by process id and then version. */
            items: components["schemas"]["Definition"][];
        };
        /** @description The editable metadata of a version; `null` removes a field. */
        DefinitionUpdate: {
            description?: string | null;
            tags?: string[];
            startableBy?: string[] | null;
        };
        /** @description Several BPMN files (any field names, each file name ending in .bpmn or .xml), deployed all or nothing, and the metadata of the new versions. */
        DeploymentForm: {
            files?: string[];
            description?: string;
            /** @description Comma-separated, or the field repeated. */
            tags?: string;
            /** @description Comma-separated groups, or the field repeated. */
            startableBy?: string;
            /** @description The environment of the new versions; `default` when left out. */
            environment?: string;
        };
        /** @enum {unknown} */
        InstanceStatus: "active" | "completed" | "cancelled" | "terminated";
        ActiveElement: {
            elementId: string;
            /** @description The BPMN type, e.g. `bpmn:UserTask`. */
            elementType: string;
            tokenId: string;
            /** @enum {unknown} */
            status: "ready" | "waiting" | "incident";
            jobKey?: string;
            userTaskId?: string;
            /** @description A call activity: the child instance it waits for. */
            childInstanceId?: string;
            /** @description An inner instance of a multi-instance activity: its place in the collection. */
            loopCounter?: number;
        };
        InstanceIncident: {
            /** @description `<instanceId>-<n>`: unique across instances. */
            id: string;
            elementId: string;
            /** @description What failed: `job`, `expression`, … */
            kind: string;
            message: string;
            /** Format: date-time */
            createdAt: string;
            /** @description A failed job: its key. */
            jobKey?: string;
        };
        /** @description A process instance as the API shows it. */
        Instance: {
            id: string;
            processId: string;
            version: number;
            definitionKey: string;
            businessKey?: string;
            /** @description The calling instance, when a call activity started this one. */
            parentInstanceId?: string;
            /** @description The call activity that started it. */
            parentElementId?: string;
            status: components["schemas"]["InstanceStatus"];
            /** @description The root scope's variables. */
            variables: components["schemas"]["Variables"];
            activeElements: components["schemas"]["ActiveElement"][];
            incidents: components["schemas"]["InstanceIncident"][];
            /** Format: date-time */
            startedAt: string;
            /** Format: date-time */
            endedAt?: string;
        };
        InstancePage: {
            /** @description Instances ordered by id. */
            items: components["schemas"]["Instance"][];
            /** @description Pass as `after` to get the next page; absent on the last page. */
            next?: string;
        };
        StartInstanceRequest: {
            variables?: components["schemas"]["Variables"];
            businessKey?: string;
            secrets?: components["schemas"]["Secrets"];
            /** @description A version to start instead of the latest. */
            version?: number;
            /** @description Start the latest version of this environment (with `version`: that version, which must belong to it); the instance reads the environment's values. */
            environment?: string;
            /** @description Answer once the instance has ended (completed, terminated or cancelled), with its final variables. */
            awaitCompletion?: boolean;
            /**
             * @description With awaitCompletion only: how long to wait before a 408.
             * @default 10000
             */
            requestTimeoutMs?: number;
        };
        StartInstanceByKeyRequest: {
            /**
             * @description The version to start: `<processId>:<version>`.
             * @example order:3
             */
            definitionKey: string;
            variables?: components["schemas"]["Variables"];
            businessKey?: string;
            secrets?: components["schemas"]["Secrets"];
            /** @description Answer once the instance has ended (completed, terminated or cancelled), with its final variables. */
            awaitCompletion?: boolean;
            /**
             * @description With awaitCompletion only: how long to wait before a 408.
             * @default 10000
             */
            requestTimeoutMs?: number;
        };
        /** @description The instance's secrets, name -> text: kept apart from its variables, handed to handlers as `job.secrets` and to workers that ask (`withSecrets`), inherited by the instances its call activities start; never returned. */
        Secrets: {
            [key: string]: string;
        };
        SetSecretsRequest: {
            secrets: components["schemas"]["Secrets"];
        };
        UpdateSecretsRequest: {
            /** @description Name -> new value, or null to remove that secret; the others are kept. */
            secrets: {
                [key: string]: string | null;
            };
        };
        SecretNames: {
            /** @description Set on the instance itself. */
            own: string[];
            /** @description From the instances that called it, not overridden by its own. */
            inherited: string[];
        };
        AdHocActivationRequest: {
            /** @description The inner elements to activate (those without incoming sequence flows), each a new path. */
            elements: {
                elementId: string;
                /** @description Variables local to this activation. */
                variables?: components["schemas"]["Variables"];
            }[];
        };
        SetVariablesRequest: {
            variables: components["schemas"]["Variables"];
        };
        MigrateRequest: {
            /** @description The version of the same process to move to. */
            targetVersion: number;
            /** @description Element id in the current version -> element id in the target; elements not named keep their id. */
            mapping?: {
                [key: string]: string;
            };
        };
        HistoryEvent: {
            /** @enum {unknown} */
            type: "instance.started" | "instance.completed" | "instance.terminated" | "instance.cancelled" | "instance.migrated" | "userTask.denied" | "instance.dataLoaded" | "element.activated" | "element.completed" | "element.terminated" | "incident.created" | "incident.resolved" | "decision.evaluated";
            instanceId: string;
            processId: string;
            /**
             * Format: date-time
             * @description When it happened
             */
            at: string;
            elementId?: string;
            elementType?: string;
            tokenId?: string;
            incidentId?: string;
            message?: string;
            /** @description decision.evaluated: the decision version and each decision evaluated, with its matched rules. */
            decision?: components["schemas"]["EvaluatedDecisionRecord"];
            /** @description element.completed of an element that waited: the time from its activation, in ms. */
            durationMs?: number;
        };
        HistoryList: {
            /** @description In the order they happened. */
            items: components["schemas"]["HistoryEvent"][];
        };
        /** @description A filter over search attributes: `{ "attribute": { "op": value } }` with ops eq, ne, gt, gte, lt, lte, prefix, in (a list); `{ "attribute": value }` is short for eq; several attributes or ops in one object all apply; "and" and "or" take lists of filters. At most 8 levels, 64 conditions, 100 values per "in". With a processId, only attributes that the process declares may be named. */
        SearchFilter: {
            and?: components["schemas"]["SearchFilter"][];
            or?: components["schemas"]["SearchFilter"][];
        } & {
            [key: string]: (string | number | boolean) | {
                eq?: string | number | boolean;
                ne?: string | number | boolean;
                gt?: string | number | boolean;
                gte?: string | number | boolean;
                lt?: string | number | boolean;
                lte?: string | number | boolean;
                prefix?: string;
                in?: (string | number | boolean)[];
            };
        };
        PublishMessageRequest: {
            name: string;
            correlationKey?: string | number;
            variables?: components["schemas"]["Variables"];
            /**
             * @description How long an uncorrelated message is kept for a subscription that opens later, in ms; 0 keeps it not at all.
             * @default 3600000
             */
            timeToLive?: number;
            /** @description Publishing the same id again while the message is kept does nothing. */
            messageId?: string;
        };
        PublishResult: {
            messageId: string;
            /** @description A message with this id was published before: nothing was done. */
            duplicate: boolean;
            /** @description The instances the message reached, started ones included. */
            instanceIds: string[];
        };
        BroadcastSignalRequest: {
            name: string;
            variables?: components["schemas"]["Variables"];
        };
        SignalResult: {
            /** @description The instances the signal reached or started. */
            instanceIds: string[];
        };
        UserTask: {
            id: string;
            instanceId: string;
            definitionKey: string;
            processId: string;
            /** @description The process's name, when it has one. */
            processName?: string;
            /** @description The instance's business key, when it has one. */
            businessKey?: string;
            elementId: string;
            tokenId: string;
            name?: string;
            assignee?: string;
            candidateGroups: string[];
            candidateUsers: string[];
            dueDate?: string;
            followUpDate?: string;
            formKey?: string;
            /** @description The embedded form (`zeebe:userTaskForm`), when the diagram has one. */
            formBody?: string;
            /**
             * Format: date-time
             * @description When the task was created
             */
            createdAt: string;
        };
        UserTaskCompletion: {
            id: string;
            /**
             * @description The task's completing listeners run; the task is still open.
             * @enum {string}
             */
            status: "completing";
        };
        /** @description An open user task with the variables it may see. */
        UserTaskDetails: {
            id: string;
            instanceId: string;
            definitionKey: string;
            processId: string;
            /** @description The process's name, when it has one. */
            processName?: string;
            /** @description The instance's business key, when it has one. */
            businessKey?: string;
            elementId: string;
            tokenId: string;
            name?: string;
            assignee?: string;
            candidateGroups: string[];
            candidateUsers: string[];
            dueDate?: string;
            followUpDate?: string;
            formKey?: string;
            /** @description The embedded form (`zeebe:userTaskForm`), when the diagram has one. */
            formBody?: string;
            /**
             * Format: date-time
             * @description When the task was created
             */
            createdAt: string;
            /** @description The variables visible at the task: its input mappings and every enclosing scope. */
            variables: components["schemas"]["Variables"];
            /** @description Variables a generated form should offer that the task does not see yet: those its output mappings read and those the conditions of the gateways right after it read, with the kind the condition suggests (`approved = true`: boolean). */
            formFields: {
                name: string;
                /** @enum {string} */
                kind: "boolean" | "number" | "string" | "json";
                /** @enum {string} */
                source: "outputMapping" | "gateway";
            }[];
        };
        UserTaskList: {
            /** @description Open user tasks, oldest first, a page at a time. */
            items: components["schemas"]["UserTask"][];
            /** @description Pass as `after` to get the next page; absent on the last page. */
            next?: string;
        };
        ClaimRequest: {
            /** @description Who claims it; with API keys, the caller by default. */
            assignee?: string;
        };
        CompleteUserTaskRequest: {
            variables?: components["schemas"]["Variables"];
        };
        /** @description An open incident with its instance. */
        Incident: {
            /** @description `<instanceId>-<n>`: unique across instances. */
            id: string;
            elementId: string;
            /** @description What failed: `job`, `expression`, … */
            kind: string;
            message: string;
            /** Format: date-time */
            createdAt: string;
            /** @description A failed job: its key. */
            jobKey?: string;
            instanceId: string;
            processId: string;
            version: number;
            definitionKey: string;
            businessKey?: string;
        };
        IncidentPage: {
            /** @description Open incidents by instance id, then by creation. */
            items: components["schemas"]["Incident"][];
            /** @description Pass as `after` to get the next page; absent on the last page. */
            next?: string;
        };
        ResolveIncidentRequest: {
            /** @description For a failed job, the new job's attempts; else as the task declares. */
            retries?: number;
        };
        ActivateJobsRequest: {
            /** @description The task type; the engine's own `baton:*` types are refused. */
            type: string;
            /** @description The worker's name: the owner of the locks. */
            worker: string;
            /** @default 10 */
            maxJobs?: number;
            /**
             * @description How long the jobs are the worker's.
             * @default 300000
             */
            lockMs?: number;
            /** @description Only these variables; all when left out. */
            fetchVariables?: string[];
            /**
             * @description Long polling: wait this long for a job when none is available.
             * @default 0
             */
            requestTimeoutMs?: number;
            /**
             * @description Hand out each job's instance secrets as `secrets`.
             * @default false
             */
            withSecrets?: boolean;
        };
        Job: {
            /** @description URL-encode it in paths. */
            key: string;
            type: string;
            processId: string;
            definitionKey: string;
            instanceId: string;
            elementId: string;
            /** @description Attempts left, this one included. */
            retries: number;
            /** @description `zeebe:taskHeaders`. */
            headers: {
                [key: string]: string;
            };
            variables: components["schemas"]["Variables"];
            /**
             * Format: date-time
             * @description When the lock runs out
             */
            deadline: string;
            /**
             * @description What the job is for, as in Zeebe: the element's own work, or one of its execution or user task listeners.
             * @enum {string}
             */
            kind: "BPMN_ELEMENT" | "EXECUTION_LISTENER" | "TASK_LISTENER";
            /**
             * @description The event a listener job listens to; UNSPECIFIED for other jobs.
             * @enum {string}
             */
            listenerEventType: "UNSPECIFIED" | "START" | "END" | "CREATING" | "ASSIGNING" | "UPDATING" | "COMPLETING" | "CANCELING";
            /** @description With `withSecrets` only: the instance's secrets, its own over those it inherits. */
            secrets?: {
                [key: string]: string;
            };
        };
        ActivatedJobs: {
            jobs: components["schemas"]["Job"][];
        };
        CompleteJobRequest: {
            variables?: components["schemas"]["Variables"];
            /** @description When given, accepted only while this worker holds the job. */
            worker?: string;
            /** @description A task listener's decision. A task listener's job takes no variables (400), as in Zeebe. */
            result?: {
                /** @description Refuse the user task operation (assigning, updating, completing; 400 for other jobs): the task stays as it was. */
                denied?: boolean;
                /** @description Recorded in the instance's history with the `userTask.denied` event. */
                deniedReason?: string;
            };
        };
        FailJobRequest: {
            /** @description Attempts left; 0 raises an incident on the task. */
            retries: number;
            /** @description Delay before the job can be activated again. */
            backoffMs?: number;
            errorMessage?: string;
            worker?: string;
        };
        ThrowJobErrorRequest: {
            errorCode: string;
            message?: string;
            variables?: components["schemas"]["Variables"];
            worker?: string;
        };
        ExtendJobLockRequest: {
            worker: string;
            /** @description The lock runs this long from now. */
            lockMs: number;
        };
        JobLock: {
            key: string;
            /**
             * Format: date-time
             * @description When the lock runs out
             */
            deadline: string;
        };
        TaskTypes: {
            /** @description Every task type a handler, connector or worker serves or a deployed diagram uses, by type. */
            items: {
                type: string;
                /** @description A handler is registered in this engine process. */
                handler: boolean;
                worker?: {
                    name: string;
                    /** Format: date-time */
                    lastPolledAt: string;
                    /** @description Its long polls waiting now. */
                    waiting: number;
                };
                usedBy: {
                    processId: string;
                    version: number;
                    elementIds: string[];
                }[];
                /** @description Used, but nothing serves it (no handler, connector, or worker that polled in the last 10 minutes). */
                unserved: boolean;
            }[];
            /** @description The task types of the built-in connectors this engine serves (the REST connector's io.camunda:http-json:1 unless turned off). */
            connectors: string[];
            /** @description Jobs whose type is a FEEL expression, known only per instance. */
            dynamic: {
                processId: string;
                version: number;
                elementId: string;
                expression: string;
            }[];
        };
        /** @description A Camunda (Zeebe) element template, as JSON: https://docs.camunda.io/docs/components/modeler/desktop-modeler/element-templates/ */
        ElementTemplate: {
            id: string;
            name: string;
            version?: number;
        };
        ConnectorList: {
            /** @description Built-ins first, then by type and runtime. */
            items: components["schemas"]["Connector"][];
        };
        Connector: {
            /** @description The task type it serves. */
            type: string;
            /** @description Its template's name. */
            name: string;
            /** @description The connector runtime that registered it, or 'built-in'. */
            runtime: string;
            /**
             * Format: date-time
             * @description The runtime's last registration; absent for built-ins.
             */
            lastSeenAt?: string;
            template: components["schemas"]["ElementTemplate"];
        };
        ConnectorRegistration: {
            /** @description The runtime's name; a later registration under the same name replaces this one. */
            runtime: string;
            /** @description At most 100 (413 for more: the registry counts them). */
            connectors: {
                type: string;
                template: components["schemas"]["ElementTemplate"];
            }[];
        };
        ConnectorRegistrationResult: {
            runtime: string;
            /** @description How many were registered. */
            connectors: number;
            /** @description Register again within this long, or the connectors are forgotten. */
            expiresInMs: number;
        };
        EnvironmentList: {
            /** @description By name. */
            items: components["schemas"]["Environment"][];
        };
        Environment: {
            name: string;
            /** @description Where its versions are promoted next; null: nowhere. */
            promotesTo: string | null;
            /** @description The names of its configuration values (`env.NAME` in FEEL, `job.env` in handlers); the values are not shown. */
            values: string[];
        };
        PromoteRequest: {
            /** @description The environment to promote to: the next one on the path. */
            target: string;
        };
        PromotionResult: {
            processId: string;
            name?: string;
            version: number;
            /** @description The definition key, `<processId>:<version>`. */
            key: string;
            /** @description False when this exact XML was deployed before (in this environment) and its version was returned. */
            created: boolean;
            /** @description The file it came from. */
            resourceName: string;
            /** @description The target environment. */
            environment: string;
            /** @description The version it was promoted from. */
            promotedFrom: {
                key: string;
                environment: string;
            };
        };
        PromotionCheck: {
            processId: string;
            version: number;
            /** @description The version's environment. */
            from: string;
            /** @description The target environment. */
            to: string;
            /** @description Every `env.NAME` the version's expressions read. */
            references: string[];
            /** @description Those without a non-empty value in the target: promotion refuses while any is missing. */
            missing: string[];
        };
        /** @description This document. */
        OpenApiDocument: {
            openapi: string;
            info: Record<string, never>;
            paths: Record<string, never>;
            components: Record<string, never>;
        };
    };
    responses: {
        /** @description BAD_REQUEST (malformed JSON or XML, wrong content), INVALID_ARGUMENT (a field or parameter with a wrong value) BPMN_PARSE_ERROR or DMN_PARSE_ERROR (a file that is not well-formed XML, with its line and column). */
        BadRequest: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description UNAUTHENTICATED: API keys are configured and the request has none, or one the server does not know. */
        Unauthenticated: {
            headers: {
                "WWW-Authenticate"?: "Bearer";
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description FORBIDDEN: the key has none of the roles the operation admits (`details.required` lists them), or it may not do this to this resource. Without API keys: FORBIDDEN_HOST (the `Host` is not a loopback name) or FORBIDDEN_ORIGIN (a state change asked by a page of another origin). */
        Forbidden: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description UNSUPPORTED_MEDIA_TYPE: the body is not application/json (application/xml or multipart/form-data for deployments). */
        UnsupportedMediaType: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description NOT_FOUND: no such process, version, instance, user task (or one the caller may not see), incident, job or sample. */
        NotFound: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description TIMEOUT: the instance has not ended within `requestTimeoutMs`; it goes on running (`details.instanceId`). */
        Timeout: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description CONFLICT: the resource is not in a state that allows this (an ended instance, a suspended version, a task or job held by someone else, …). */
        Conflict: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description LIMIT_EXCEEDED: the body is over the server's limit, or a variable over its limit (`details.variable` names it). */
        PayloadTooLarge: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description VALIDATION_ERROR (a diagram cannot run: `details.problems`, each with its elementId), MIGRATION_REFUSED (an active element has no target) or PROMOTION_REFUSED (the target environment lacks values the version reads: `details.missing`). */
        Unprocessable: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description INTERNAL (500): the server failed; the cause is logged, never sent. */
        Unexpected: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
    };
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    health: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The server is up. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Health"];
                };
            };
            403: components["responses"]["Forbidden"];
            default: components["responses"]["Unexpected"];
        };
    };
    metrics: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Instances, jobs, incidents, step and HTTP request durations. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/plain": string;
                };
            };
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            default: components["responses"]["Unexpected"];
        };
    };
    openapi: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The document. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OpenApiDocument"];
                };
            };
            403: components["responses"]["Forbidden"];
            default: components["responses"]["Unexpected"];
        };
    };
    me: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Who is calling. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Identity"];
                };
            };
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            default: components["responses"]["Unexpected"];
        };
    };
    deploy: {
        parameters: {
            query?: {
                /** @description The file name (raw XML body), kept as the resource name. */
                name?: string;
                /** @description Compile only, store nothing, answer with the problems (raw XML body). */
                dryRun?: boolean;
                /** @description Metadata for the new versions (or a multipart field of that name). */
                description?: string;
                /** @description Metadata for the new versions. */
                tags?: string | string[];
                /** @description Groups that may start the new versions over the API. */
                startableBy?: string | string[];
                /** @description The environment of the new versions (`default` when left out); the caller must be allowed to deploy there (403). */
                environment?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/xml": string;
                "text/xml": string;
                "application/bpmn+xml": string;
                "multipart/form-data": components["schemas"]["DeploymentForm"];
            };
        };
        responses: {
            /** @description Every process existed already with this XML; or, with `dryRun=true`, what a deployment would find. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DeployResult"] | components["schemas"]["DryRunResult"];
                };
            };
            /** @description At least one new version was created. */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DeployResult"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["Unprocessable"];
            default: components["responses"]["Unexpected"];
        };
    };
    listDefinitions: {
        parameters: {
            query?: {
                /** @description Exactly this process id. */
                id?: string;
                /** @description Part of the name, ignoring case. */
                name?: string;
                /** @description Versions that carry this tag. */
                tag?: string;
                /** @description Only the latest version of each process. */
                latest?: boolean;
                /** @description Only versions of this environment. */
                environment?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The versions. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DefinitionList"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            default: components["responses"]["Unexpected"];
        };
    };
    getDefinition: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The process id (the `id` of the BPMN process). */
                processId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The latest version. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Definition"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            default: components["responses"]["Unexpected"];
        };
    };
    listDefinitionVersions: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The process id (the `id` of the BPMN process). */
                processId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The versions. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DefinitionList"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            default: components["responses"]["Unexpected"];
        };
    };
    getDefinitionVersion: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The process id (the `id` of the BPMN process). */
                processId: string;
                /** @description The version number. */
                version: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The version. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Definition"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            default: components["responses"]["Unexpected"];
        };
    };
    deleteDefinitionVersion: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The process id (the `id` of the BPMN process). */
                processId: string;
                /** @description The version number. */
                version: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            default: components["responses"]["Unexpected"];
        };
    };
    updateDefinitionVersion: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The process id (the `id` of the BPMN process). */
                processId: string;
                /** @description The version number. */
                version: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["DefinitionUpdate"];
            };
        };
        responses: {
            /** @description The version as changed. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Definition"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            default: components["responses"]["Unexpected"];
        };
    };
    getDefinitionXml: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The process id (the `id` of the BPMN process). */
                processId: string;
                /** @description The version number. */
                version: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The XML as deployed. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/xml": string;
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            default: components["responses"]["Unexpected"];
        };
    };
    suspendDefinitionVersion: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The process id (the `id` of the BPMN process). */
                processId: string;
                /** @description The version number. */
                version: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The version, suspended. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Definition"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            default: components["responses"]["Unexpected"];
        };
    };
    activateDefinitionVersion: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The process id (the `id` of the BPMN process). */
                processId: string;
                /** @description The version number. */
                version: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The version, active. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Definition"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            default: components["responses"]["Unexpected"];
        };
    };
    listDecisions: {
        parameters: {
            query?: {
                /** @description Exactly this decision id. */
                id?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The versions. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DecisionList"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            default: components["responses"]["Unexpected"];
        };
    };
    getDecision: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The decision id (the `id` of the DMN decision). */
                decisionId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The latest version. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Decision"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            default: components["responses"]["Unexpected"];
        };
    };
    evaluateDecision: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The decision id (the `id` of the DMN decision). */
                decisionId: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["DecisionEvaluationRequest"];
            };
        };
        responses: {
            /** @description The result and each decision evaluated. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DecisionResult"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            default: components["responses"]["Unexpected"];
        };
    };
    startInstance: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The process id (the `id` of the BPMN process). */
                processId: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["StartInstanceRequest"];
            };
        };
        responses: {
            /** @description The instance. */
            201: {
                headers: {
                    /** @description The instance: `/api/instances/{id}`. */
                    Location?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Instance"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            408: components["responses"]["Timeout"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            default: components["responses"]["Unexpected"];
        };
    };
    listInstances: {
        parameters: {
            query?: {
                /** @description Instances of this process. */
                processId?: string;
                /** @description Instances with this status. */
                status?: components["schemas"]["InstanceStatus"];
                /** @description Instances with this business key. */
                businessKey?: string;
                /** @description The instances that the call activities of this instance started. */
                parentInstanceId?: string;
                /** @description true: only instances with an open incident; false: only those without. */
                hasIncidents?: boolean;
                /** @description `oldest` (default) or `newest` first. Ids sort by creation time, so the order is by id; `after` continues in the same order. */
                order?: "oldest" | "newest";
                /** @description Instances of this version (needs processId). */
                version?: number;
                /** @description Started at or after: an ISO 8601 date or date-time (no zone means UTC). */
                startedAfter?: string;
                /** @description Started before: an ISO 8601 date or date-time (no zone means UTC). */
                startedBefore?: string;
                /** @description Ended at or after: an ISO 8601 date or date-time (no zone means UTC). */
                endedAfter?: string;
                /** @description Ended before: an ISO 8601 date or date-time (no zone means UTC). */
                endedBefore?: string;
                /** @description A search attribute filter, as URL-encoded JSON, e.g. `{"total":{"gt":10}}`. Never a database query: see SearchFilter. */
                where?: string;
                /** @description Page size. */
                limit?: number;
                /** @description Cursor: a page's `next`. */
                after?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of instances, by id. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["InstancePage"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            default: components["responses"]["Unexpected"];
        };
    };
    startInstanceByKey: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["StartInstanceByKeyRequest"];
            };
        };
        responses: {
            /** @description The instance. */
            201: {
                headers: {
                    /** @description The instance: `/api/instances/{id}`. */
                    Location?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Instance"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            408: components["responses"]["Timeout"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            default: components["responses"]["Unexpected"];
        };
    };
    getInstance: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The instance id. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The instance. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Instance"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            default: components["responses"]["Unexpected"];
        };
    };
    getInstanceHistory: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The instance id. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The events. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HistoryList"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            default: components["responses"]["Unexpected"];
        };
    };
    cancelInstance: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The instance id. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The cancelled instance. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Instance"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            default: components["responses"]["Unexpected"];
        };
    };
    setInstanceVariables: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The instance id. */
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SetVariablesRequest"];
            };
        };
        responses: {
            /** @description The instance with the variables set. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Instance"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            default: components["responses"]["Unexpected"];
        };
    };
    getInstanceSecretNames: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The instance id. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Its own names and those it inherits. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SecretNames"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            default: components["responses"]["Unexpected"];
        };
    };
    setInstanceSecrets: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The instance id. */
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SetSecretsRequest"];
            };
        };
        responses: {
            /** @description The names of the secrets the instance sees. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SecretNames"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            default: components["responses"]["Unexpected"];
        };
    };
    updateInstanceSecrets: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The instance id. */
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdateSecretsRequest"];
            };
        };
        responses: {
            /** @description The names of the secrets the instance sees. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SecretNames"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            default: components["responses"]["Unexpected"];
        };
    };
    activateAdHocElements: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The instance id. */
                id: string;
                /** @description The tokenId of the ad-hoc sub-process. */
                tokenId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["AdHocActivationRequest"];
            };
        };
        responses: {
            /** @description The instance after the activation. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Instance"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            default: components["responses"]["Unexpected"];
        };
    };
    migrateInstance: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The instance id. */
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["MigrateRequest"];
            };
        };
        responses: {
            /** @description The migrated instance. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Instance"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["Unprocessable"];
            default: components["responses"]["Unexpected"];
        };
    };
    publishMessage: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PublishMessageRequest"];
            };
        };
        responses: {
            /** @description Where the message went. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PublishResult"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            415: components["responses"]["UnsupportedMediaType"];
            default: components["responses"]["Unexpected"];
        };
    };
    broadcastSignal: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["BroadcastSignalRequest"];
            };
        };
        responses: {
            /** @description The instances it reached or started. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SignalResult"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            415: components["responses"]["UnsupportedMediaType"];
            default: components["responses"]["Unexpected"];
        };
    };
    listUserTasks: {
        parameters: {
            query?: {
                /** @description Tasks assigned to this person. */
                assignee?: string;
                /** @description Tasks offered to this group. */
                candidateGroup?: string;
                /** @description `assigned`: tasks assigned to the caller; `groups`: tasks offered to one of the caller's groups; `unassigned`: tasks nobody holds. */
                mine?: "assigned" | "groups" | "unassigned";
                /** @description Tasks of this process. */
                processId?: string;
                /** @description Tasks of this instance. */
                instanceId?: string;
                /** @description Page size. */
                limit?: number;
                /** @description Cursor: a page's `next`. */
                after?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The tasks. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UserTaskList"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            default: components["responses"]["Unexpected"];
        };
    };
    getUserTask: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The user task id. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The task. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UserTaskDetails"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            default: components["responses"]["Unexpected"];
        };
    };
    claimUserTask: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The user task id. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["ClaimRequest"];
            };
        };
        responses: {
            /** @description The task, assigned. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UserTask"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            default: components["responses"]["Unexpected"];
        };
    };
    unclaimUserTask: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The user task id. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The task without an assignee. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UserTask"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            default: components["responses"]["Unexpected"];
        };
    };
    completeUserTask: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The user task id. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["CompleteUserTaskRequest"];
            };
        };
        responses: {
            /** @description The task has completing listeners: it is completed once the last of them completes, or stays open when one denies (the instance's history then records `userTask.denied`). A second completion meanwhile is 409. */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UserTaskCompletion"];
                };
            };
            /** @description Completed. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            default: components["responses"]["Unexpected"];
        };
    };
    listIncidents: {
        parameters: {
            query?: {
                /** @description Incidents of this process. */
                processId?: string;
                /** @description Incidents of this instance. */
                instanceId?: string;
                /** @description Page size. */
                limit?: number;
                /** @description Cursor: a page's `next`. */
                after?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of incidents. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["IncidentPage"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            default: components["responses"]["Unexpected"];
        };
    };
    getIncident: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The incident id, `<instanceId>-<n>`. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The incident. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Incident"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            default: components["responses"]["Unexpected"];
        };
    };
    resolveIncident: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The incident id, `<instanceId>-<n>`. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["ResolveIncidentRequest"];
            };
        };
        responses: {
            /** @description The instance, with the failed part running again. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Instance"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            default: components["responses"]["Unexpected"];
        };
    };
    activateJobs: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ActivateJobsRequest"];
            };
        };
        responses: {
            /** @description The jobs, possibly none. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ActivatedJobs"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            default: components["responses"]["Unexpected"];
        };
    };
    completeJob: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The job key, as activate returned it (URL-encoded). */
                key: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["CompleteJobRequest"];
            };
        };
        responses: {
            /** @description Completed. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            default: components["responses"]["Unexpected"];
        };
    };
    failJob: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The job key, as activate returned it (URL-encoded). */
                key: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["FailJobRequest"];
            };
        };
        responses: {
            /** @description Recorded. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            default: components["responses"]["Unexpected"];
        };
    };
    throwJobError: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The job key, as activate returned it (URL-encoded). */
                key: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ThrowJobErrorRequest"];
            };
        };
        responses: {
            /** @description Thrown. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            default: components["responses"]["Unexpected"];
        };
    };
    extendJobLock: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The job key, as activate returned it (URL-encoded). */
                key: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ExtendJobLockRequest"];
            };
        };
        responses: {
            /** @description The new deadline. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["JobLock"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            default: components["responses"]["Unexpected"];
        };
    };
    listTaskTypes: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The task types. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TaskTypes"];
                };
            };
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            default: components["responses"]["Unexpected"];
        };
    };
    listConnectors: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The connectors, built-ins first, then by type. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ConnectorList"];
                };
            };
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            default: components["responses"]["Unexpected"];
        };
    };
    listConnectorTemplates: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The templates, each id and version once. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ElementTemplate"][];
                };
            };
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            default: components["responses"]["Unexpected"];
        };
    };
    registerConnectors: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ConnectorRegistration"];
            };
        };
        responses: {
            /** @description Recorded. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ConnectorRegistrationResult"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            default: components["responses"]["Unexpected"];
        };
    };
    listSamples: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The samples. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SampleList"];
                };
            };
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            default: components["responses"]["Unexpected"];
        };
    };
    getSample: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The file name from the listing. */
                name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The BPMN or DMN XML. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/xml": string;
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            default: components["responses"]["Unexpected"];
        };
    };
    listEnvironments: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The environments. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["EnvironmentList"];
                };
            };
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            default: components["responses"]["Unexpected"];
        };
    };
    promoteDefinitionVersion: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The process id. */
                processId: string;
                /** @description The version to promote. */
                version: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PromoteRequest"];
            };
        };
        responses: {
            /** @description The version was promoted to the target before: that version. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PromotionResult"];
                };
            };
            /** @description The version created in the target environment. */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PromotionResult"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["Unprocessable"];
            default: components["responses"]["Unexpected"];
        };
    };
    checkPromotion: {
        parameters: {
            query: {
                /** @description The environment to promote to. */
                target: string;
            };
            header?: never;
            path: {
                /** @description The process id. */
                processId: string;
                /** @description The version to promote. */
                version: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The check. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PromotionCheck"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            default: components["responses"]["Unexpected"];
        };
    };
    getDashboard: {
        parameters: {
            query?: {
                /** @description The window: 1, 6, 24, 168 hours (default 24). */
                hours?: 1 | 6 | 24 | 168;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The dashboard. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Dashboard"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthenticated"];
            403: components["responses"]["Forbidden"];
            default: components["responses"]["Unexpected"];
        };
    };
}
