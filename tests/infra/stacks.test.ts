import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { buildApp } from '#infra/build-app.ts';
import { ENV } from '#catalog/env.ts';
import { FUNCTIONS, ROUTES, routeKey } from '#catalog/routes.ts';
import { QUEUES, TABLES } from '#catalog/resources.ts';

/** Logical-id prefix of CDK's own bucket-deployment handler (acknowledged in nag-suppressions.ts). */
const CDK_DEPLOYER = 'CustomCDKBucketDeployment';

function synth(context: Record<string, unknown> = {}) {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [], ...context } });
  const { stateful, api } = buildApp(app);
  return { stateful: Template.fromStack(stateful), api: Template.fromStack(api) };
}

describe('StatefulStack', () => {
  const { stateful } = synth({
    alertEmails: 'ops@example.com',
    alertSmsNumbers: ['+15550100'],
    alertWebhookUrls: ['https://hooks.example.com/aiops'],
    escalationEmails: 'lead@example.com',
  });

  it('creates on-demand, encrypted tables with point-in-time recovery and TTL where specified', () => {
    stateful.resourceCountIs('AWS::DynamoDB::GlobalTable', Object.keys(TABLES).length);
    stateful.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      BillingMode: 'PAY_PER_REQUEST',
      SSESpecification: { SSEEnabled: true },
      KeySchema: [{ AttributeName: 'prediction_id', KeyType: 'HASH' }],
      TimeToLiveSpecification: { AttributeName: 'expires_at', Enabled: true },
      GlobalSecondaryIndexes: [Match.objectLike({ IndexName: 'by_model_time' })],
      Replicas: [Match.objectLike({ PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } })],
    });
  });

  it('retains data stores when the stack is deleted', () => {
    for (const table of Object.values(stateful.findResources('AWS::DynamoDB::GlobalTable')))
      expect(table.DeletionPolicy).toBe('Retain');
  });

  it('gives the model-events queue a dead-letter queue and TLS-only access', () => {
    stateful.hasResourceProperties('AWS::SQS::Queue', {
      RedrivePolicy: { deadLetterTargetArn: Match.anyValue(), maxReceiveCount: 5 },
      VisibilityTimeout: 60,
      SqsManagedSseEnabled: true,
    });
    stateful.hasResourceProperties('AWS::SQS::QueuePolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });

  it('routes notices: email critical+warning, SMS critical, escalation to its own audience, webhooks everything through a queue; each only while its channel switch is on', () => {
    const channel = (name: string) => [{ exists: false }, name];
    stateful.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'ops@example.com',
      FilterPolicy: { severity: ['critical', 'warning'], audience: ['primary'], channels: channel('email') },
    });
    stateful.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'sms',
      Endpoint: '+15550100',
      FilterPolicy: { severity: ['critical'], audience: ['primary'], channels: channel('sms') },
    });
    stateful.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'lead@example.com',
      FilterPolicy: { severity: ['critical', 'warning'], audience: ['escalation'], channels: channel('email') },
    });
    stateful.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'sqs',
      RawMessageDelivery: true,
      FilterPolicy: { channels: channel('webhook') },
    });
  });

  it('gives every queue a dead-letter queue', () => {
    const queues = Object.values(stateful.findResources('AWS::SQS::Queue')).map(
      (q) => q.Properties as { RedrivePolicy?: unknown },
    );
    expect(queues.filter((q) => q.RedrivePolicy !== undefined)).toHaveLength(Object.keys(QUEUES).length);
    expect(queues).toHaveLength(2 * Object.keys(QUEUES).length);
  });

  it('keeps artifacts in an encrypted, versioned, private bucket that only accepts TLS', () => {
    stateful.hasResourceProperties('AWS::S3::Bucket', {
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      },
      VersioningConfiguration: { Status: 'Enabled' },
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
    });
    stateful.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });

  it('defines the four role groups in a user pool without self sign-up', () => {
    for (const group of ['admin', 'operator', 'ingest', 'viewer'])
      stateful.hasResourceProperties('AWS::Cognito::UserPoolGroup', { GroupName: group });
    stateful.hasResourceProperties('AWS::Cognito::UserPool', {
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
    });
  });

  it('creates no Timestream resources with the default metric store', () => {
    stateful.resourceCountIs('AWS::Timestream::Database', 0);
  });
});

describe('metricsStore=timestream', () => {
  const { stateful, api } = synth({ metricsStore: 'timestream' });

  it('creates a Timestream database and table with retention instead of the metrics table', () => {
    stateful.resourceCountIs('AWS::Timestream::Database', 1);
    stateful.hasResourceProperties('AWS::Timestream::Table', {
      RetentionProperties: { MemoryStoreRetentionPeriodInHours: '24', MagneticStoreRetentionPeriodInDays: '365' },
    });
    stateful.resourceCountIs('AWS::DynamoDB::GlobalTable', Object.keys(TABLES).length - 1);
  });

  it('points the evaluator at Timestream and lets it write and select only that table', () => {
    api.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({
          [ENV.metricsStore]: 'timestream',
          [ENV.timestreamDatabase]: Match.anyValue(),
          [ENV.timestreamTable]: Match.anyValue(),
        }),
      },
    });
    api.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({ Action: ['timestream:WriteRecords', 'timestream:Select'] })]),
      },
    });
  });

  it('rejects an unknown metric store', () => {
    expect(() => synth({ metricsStore: 'influx' })).toThrow(/metricsStore must be one of dynamodb, timestream/);
  });
});

describe('StatefulStack encryption', () => {
  it('encrypts the alerts topic with a rotating key of its own that CloudWatch alarms may use', () => {
    // Prepare
    const { stateful } = synth();

    // Assess
    stateful.hasResourceProperties('AWS::KMS::Key', {
      EnableKeyRotation: true,
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
          }),
        ]),
      },
    });
    stateful.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue() });
  });
});

describe('ApiStack', () => {
  const { api } = synth();

  it('runs every function on nodejs22.x arm64 with tracing and its own log group', () => {
    const functions = Object.entries(api.findResources('AWS::Lambda::Function'))
      .filter(([id]) => !id.startsWith(CDK_DEPLOYER))
      .map(([, fn]) => fn);
    expect(functions).toHaveLength(Object.keys(FUNCTIONS).length);
    for (const fn of functions) {
      expect(fn.Properties).toMatchObject({
        Runtime: 'nodejs22.x',
        Architectures: ['arm64'],
        TracingConfig: { Mode: 'Active' },
        LoggingConfig: { LogGroup: expect.anything() as unknown },
      });
      expect(
        (fn.Properties as { Environment: { Variables: Record<string, unknown> } }).Environment.Variables.NODE_OPTIONS,
      ).toBe('--enable-source-maps');
    }
    // One per function, plus the API's access log and the state machine's.
    api.resourceCountIs('AWS::Logs::LogGroup', Object.keys(FUNCTIONS).length + 2);
  });

  it('uses no AWS managed policy on function roles', () => {
    const roles = Object.entries(api.findResources('AWS::IAM::Role')).filter(([id]) => !id.startsWith(CDK_DEPLOYER));
    expect(roles.length).toBeGreaterThan(13);
    for (const [id, role] of roles)
      expect((role.Properties as { ManagedPolicyArns?: unknown }).ManagedPolicyArns, id).toBeUndefined();
  });

  it('lets the query function write only to the models and config tables, and append to the audit log', () => {
    const policies = api.findResources('AWS::IAM::Policy', {
      Properties: { Roles: [{ Ref: Match.stringLikeRegexp('MonitoringQueryFunctionRole') }] },
    });
    const statements = Object.values(policies).flatMap(
      (p) =>
        (p.Properties as { PolicyDocument: { Statement: { Action: string | string[]; Resource: unknown }[] } })
          .PolicyDocument.Statement,
    );
    const writes = statements.filter((st) => [st.Action].flat().includes('dynamodb:PutItem'));
    const targets = JSON.stringify(writes.map((w) => w.Resource));
    expect(writes).toHaveLength(3);
    expect(targets).toMatch(/ConfigTable/);
    expect(targets).toMatch(/ModelsTable/);
    expect(targets).toMatch(/AuditTable/);
    expect(targets).not.toMatch(/PredictionsTable|AggregatesTable|AlertsTable/);
  });

  const statementsOf = (rolePattern: string) =>
    Object.values(
      api.findResources('AWS::IAM::Policy', { Properties: { Roles: [{ Ref: Match.stringLikeRegexp(rolePattern) }] } }),
    ).flatMap(
      (p) =>
        (p.Properties as { PolicyDocument: { Statement: { Action: string | string[]; Resource: unknown }[] } })
          .PolicyDocument.Statement,
    );

  it("lets the gateway read the AI models' keys and invoke Bedrock, and only the AI-operations API write keys", () => {
    const actionsOf = (role: string) => statementsOf(role).flatMap((st) => [st.Action].flat());
    const gateway = actionsOf('GenerationGatewayFunctionRole');
    expect(gateway).toContain('secretsmanager:GetSecretValue');
    expect(gateway).toContain('bedrock:InvokeModel');
    expect(gateway).not.toContain('secretsmanager:PutSecretValue');
    expect(actionsOf('AiOpsApiFunctionRole')).toEqual(
      expect.arrayContaining([
        'secretsmanager:CreateSecret',
        'secretsmanager:PutSecretValue',
        'secretsmanager:DeleteSecret',
      ]),
    );
    expect(
      actionsOf('LlmUsageIngestFunctionRole').filter(
        (a) => a.startsWith('secretsmanager:') || a.startsWith('bedrock:'),
      ),
    ).toEqual([]);
    const secrets = statementsOf('GenerationGatewayFunctionRole').find((st) =>
      [st.Action].flat().includes('secretsmanager:GetSecretValue'),
    );
    expect(JSON.stringify(secrets?.Resource)).toContain(':secret:aiops/ai-keys/*');
  });

  it('lets the forecasting function read the depth of every queue and dead-letter queue, and nothing else of them', () => {
    const depth = statementsOf('ForecastingFunctionRole').filter((st) =>
      [st.Action].flat().includes('sqs:GetQueueAttributes'),
    );
    expect(depth).toHaveLength(1);
    expect([depth[0]?.Action].flat()).toEqual(['sqs:GetQueueAttributes']);
    expect((depth[0]?.Resource as unknown[]).length).toBe(8);
    api.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ [ENV.queueDepths]: Match.anyValue() }) },
    });
  });

  it('narrates incidents with a Bedrock model by default, and with none when the context says so', () => {
    const narrating = Object.values(api.findResources('AWS::Lambda::Function')).filter(
      (f) =>
        (f.Properties as { Environment?: { Variables?: Record<string, unknown> } }).Environment?.Variables?.[
          ENV.insightDefaultModel
        ] === 'us.anthropic.claude-3-5-haiku-20241022-v1:0',
    );
    expect(narrating).toHaveLength(1);
    const silent = synth({ insightBedrockModel: 'none' }).api;
    expect(JSON.stringify(silent.toJSON())).not.toContain(ENV.insightDefaultModel);
  });

  it('sets the table, queue and topic variables each function needs', () => {
    api.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({
          [ENV.predictionsTable]: Match.anyValue(),
          [ENV.aggregatesTable]: Match.anyValue(),
          [ENV.modelEventsQueueUrl]: Match.anyValue(),
        }),
      },
    });
    api.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({
          [ENV.alertsTopicArn]: Match.anyValue(),
          [ENV.metricsTable]: Match.anyValue(),
          [ENV.metricsStore]: 'dynamodb',
        }),
      },
    });
  });

  it('has one HTTP route per route-table entry, with the JWT authorizer on all but health and the API document', () => {
    const routes = Object.values(api.findResources('AWS::ApiGatewayV2::Route')).map(
      (r) => r.Properties as { RouteKey: string; AuthorizationType: string },
    );
    expect(routes.map((r) => r.RouteKey).sort()).toEqual(ROUTES.map(routeKey).sort());
    for (const r of routes)
      expect(r.AuthorizationType).toBe(
        ['GET /api/v1/aiops/health', 'GET /api/v1/aiops/openapi.json'].includes(r.RouteKey) ? 'NONE' : 'JWT',
      );
    // Tokens of the API's own client and of the console's hosted-UI client.
    api.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      JwtConfiguration: {
        Audience: [
          { 'Fn::ImportValue': Match.stringLikeRegexp('UserPoolApiClient') },
          { Ref: Match.stringLikeRegexp('ConsoleClient') },
        ],
        Issuer: Match.anyValue(),
      },
    });
  });

  it('serves the console from a private bucket through CloudFront, with the API behind the same origin', () => {
    api.hasResourceProperties('AWS::S3::Bucket', {
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      LoggingConfiguration: Match.objectLike({ LogFilePrefix: 'site/' }),
    });
    api.resourceCountIs('AWS::CloudFront::OriginAccessControl', 1);
    api.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        DefaultRootObject: 'index.html',
        Logging: Match.objectLike({ Prefix: 'cloudfront/' }),
        DefaultCacheBehavior: Match.objectLike({ ViewerProtocolPolicy: 'redirect-to-https' }),
        CacheBehaviors: [
          Match.objectLike({
            PathPattern: '/api/*',
            ViewerProtocolPolicy: 'https-only',
            // The managed CachingDisabled and AllViewerExceptHostHeader policies.
            CachePolicyId: '4135ea2d-6df8-44a3-9df3-4b5a84be39ad',
            OriginRequestPolicyId: 'b689b0a8-53d0-40ab-baf2-68738e2966ac',
            AllowedMethods: ['GET', 'HEAD', 'OPTIONS', 'PUT', 'PATCH', 'POST', 'DELETE'],
          }),
        ],
      }),
    });
    api.hasResourceProperties('AWS::CloudFront::ResponseHeadersPolicy', {
      ResponseHeadersPolicyConfig: Match.objectLike({
        SecurityHeadersConfig: Match.objectLike({
          ContentSecurityPolicy: Match.objectLike({ Override: true }),
          StrictTransportSecurity: Match.objectLike({ Override: true, IncludeSubdomains: true }),
          FrameOptions: { FrameOption: 'DENY', Override: true },
          ContentTypeOptions: { Override: true },
        }),
      }),
    });
  });

  it('signs console users in with the hosted UI: a public client, authorization code only, back to the console', () => {
    api.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      GenerateSecret: false,
      AllowedOAuthFlows: ['code'],
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthScopes: ['openid', 'email', 'profile'],
      CallbackURLs: [
        {
          'Fn::Join': [
            '',
            ['https://', { 'Fn::GetAtt': [Match.stringLikeRegexp('ConsoleDistribution'), 'DomainName'] }, '/'],
          ],
        },
      ],
    });
    api.resourceCountIs('AWS::Cognito::UserPoolDomain', 1);
    // config.json tells the page where to sign in; index.html and it are never cached.
    api.hasResourceProperties('Custom::CDKBucketDeployment', {
      SystemMetadata: { 'cache-control': 'no-cache' },
      DistributionPaths: ['/index.html', '/config.json'],
    });
  });

  it('throttles each route by its own limits and logs access', () => {
    const settings = Object.fromEntries(
      ROUTES.map((r) => [
        routeKey(r),
        { ThrottlingRateLimit: r.throttle.rate, ThrottlingBurstLimit: r.throttle.burst },
      ]),
    );
    api.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      RouteSettings: settings,
      AccessLogSettings: { DestinationArn: Match.anyValue(), Format: Match.anyValue() },
    });
  });

  it('feeds the evaluator and the notifier from their queues with partial batch failures, and alarms on every DLQ', () => {
    api.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      BatchSize: 10,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
    api.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      BatchSize: 5,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
    api.resourceCountIs('AWS::CloudWatch::Alarm', Object.keys(QUEUES).length);
    api.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
      AlarmActions: [Match.anyValue()],
    });
  });

  it('runs the retrain ASL as a Standard state machine with its placeholders filled, full logging and tracing', () => {
    const machines = Object.values(api.findResources('AWS::StepFunctions::StateMachine')).map(
      (m) => m.Properties as Record<string, unknown>,
    );
    expect(machines).toHaveLength(1);
    const [machine] = machines;
    expect(machine).toMatchObject({
      StateMachineType: 'STANDARD',
      TracingConfiguration: { Enabled: true },
      LoggingConfiguration: { Level: 'ALL', IncludeExecutionData: true },
    });
    expect(machine?.DefinitionSubstitutions).toEqual({
      RetrainStepFunctionArn: expect.anything() as unknown,
      AlertsTopicArn: expect.anything() as unknown,
    });
    // The ASL file ships as an asset, unchanged; Step Functions fills the placeholders.
    expect(machine?.DefinitionS3Location).toBeDefined();
  });

  it('lets only the retrain API, consumer and schedule start executions', () => {
    const starters = Object.values(api.findResources('AWS::IAM::Policy')).filter((p) =>
      JSON.stringify(p).includes('states:StartExecution'),
    );
    expect(starters).toHaveLength(3);
  });

  it('runs the drift scan on an EventBridge schedule every 5 minutes', () => {
    api.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(5 minutes)',
      Targets: [Match.objectLike({ RetryPolicy: { MaximumRetryAttempts: 2 } })],
    });
  });

  it('gives the notifier the webhook URLs and the drift scan its retrain queue', () => {
    api.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ [ENV.webhookUrls]: '', [ENV.webhookQueueUrl]: Match.anyValue() }) },
    });
    api.hasResourceProperties('AWS::Lambda::Function', {
      Timeout: 900,
      Environment: { Variables: Match.objectLike({ [ENV.retrainQueueUrl]: Match.anyValue() }) },
    });
  });
});
