import { Token, Validations, type CfnElement } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { FUNCTIONS, type FunctionKey, type FunctionSpec } from '#catalog/routes.ts';
import type { ApiStack } from './stacks/api-stack.ts';
import type { StatefulStack } from './stacks/stateful-stack.ts';

/** The CDK asset bucket's objects as cdk-nag prints them: with tokens when the region is not known at synth. */
function cdkAssetObjects(region: string): string {
  if (Token.isUnresolved(region))
    return 'arn:<AWS::Partition>:s3:::cdk-hnb659fds-assets-<AWS::AccountId>-<AWS::Region>/*';
  const partition = region.startsWith('cn-') ? 'aws-cn' : region.startsWith('us-gov-') ? 'aws-us-gov' : 'aws';
  return `arn:${partition}:s3:::cdk-hnb659fds-assets-<AWS::AccountId>-${region}/*`;
}

function acknowledge(scope: IConstruct, id: string, reason: string): void {
  Validations.of(scope).acknowledge({ id, reason });
}

/**
 * Every finding of cdk-nag (and of CDK's CloudFormation validator) that we accept, each with
 * its reason, in one place. cdk-nag v3 matches findings exactly, so each line names one.
 */
export function applyNagAcknowledgements(stateful: StatefulStack, api: ApiStack): void {
  acknowledge(
    stateful.userPool,
    'AwsSolutions::AwsSolutions-COG2',
    'MFA is optional (TOTP offered): ingest service accounts sign in non-interactively; operators enforce MFA per user for humans.',
  );
  acknowledge(
    stateful.userPool,
    'AwsSolutions::AwsSolutions-COG8',
    'The Plus feature plan (threat protection) is a per-user cost an operator opts into; the pool has no self sign-up and a strong password policy.',
  );
  if (stateful.timestream !== undefined) {
    acknowledge(
      stateful,
      'AwsSolutions::AwsSolutions-TS3',
      'Timestream encrypts at rest with an AWS owned key; metric snapshots hold no personal data.',
    );
    acknowledge(
      stateful,
      'CloudFormation-Validate::W3697',
      'Timestream for LiveAnalytics is in maintenance mode since 2025-06-20; it is chosen only with -c metricsStore=timestream by accounts that still have it.',
    );
  }
  for (const fn of Object.values(api.functions)) {
    acknowledge(
      fn,
      'AwsSolutions::AwsSolutions-L1',
      'nodejs22.x is pinned on purpose: it matches the Node major the project runs and tests with locally.',
    );
    if (fn.role === undefined) continue;
    acknowledge(
      fn.role,
      'AwsSolutions::AwsSolutions-IAM5[Resource::*]',
      'X-Ray PutTraceSegments/PutTelemetryRecords and Timestream DescribeEndpoints support no resource-level permissions.',
    );
  }
  acknowledge(
    stateful.artifactsBucket,
    'AwsSolutions::AwsSolutions-S1',
    'Only the platform roles read and write artifacts (no public or cross-account access); CloudTrail data events are the audit trail, not a second logs bucket.',
  );
  // Object-level access needs the bucket's object wildcard; the ARN below is the export CDK derives from the bucket's path.
  const objects =
    'AwsSolutions::AwsSolutions-IAM5[Resource::AiOpsStateful:ExportsOutputFnGetAttArtifactsBucket2AAC5544ArnD57FAE19/*]';
  for (const fn of Object.values(api.functions)) {
    if (fn.role !== undefined)
      acknowledge(
        fn.role,
        objects,
        "Model artifacts are objects under version-specific keys; GetObject/PutObject need the bucket's object ARN with a wildcard.",
      );
  }
  // Publishing to the KMS-encrypted alerts topic needs kms:GenerateDataKey* (a family of two
  // actions: with and without plaintext) on that one key; grantPublish asks for exactly this.
  const publishKey = 'AwsSolutions::AwsSolutions-IAM5[Action::kms:GenerateDataKey*]';
  const publishReason = "SNS encrypts with the alerts topic's key: GenerateDataKey* is on that one key only.";
  for (const [key, spec] of Object.entries(FUNCTIONS) as [FunctionKey, FunctionSpec][]) {
    const role = api.functions[key].role;
    if (spec.publishesAlerts === true && role !== undefined) acknowledge(role, publishKey, publishReason);
  }
  acknowledge(api.retrainStateMachine.role, publishKey, publishReason);
  // AI operations: the models' keys are one secret each under the vault prefix (Secrets Manager
  // appends random characters to a secret's ARN); Bedrock models and inference profiles are
  // chosen by operators at run time (a model registered through the API, any region of a profile).
  for (const [key, spec] of Object.entries(FUNCTIONS) as [FunctionKey, FunctionSpec][]) {
    const role = api.functions[key].role;
    if (role === undefined) continue;
    if (spec.keyVault !== undefined)
      acknowledge(
        role,
        'AwsSolutions::AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:secretsmanager:<AWS::Region>:<AWS::AccountId>:secret:aiops/ai-keys/*]',
        "Each AI model's key is its own secret under aiops/ai-keys/; Secrets Manager suffixes secret ARNs with random characters, so the grant is the prefix with a wildcard.",
      );
    if (spec.callsProviders === true) {
      const reason =
        'Operators register Bedrock models through the API at run time; InvokeModel is granted on foundation models and inference profiles, no other Bedrock action.';
      acknowledge(
        role,
        'AwsSolutions::AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:bedrock:*::foundation-model/*]',
        reason,
      );
      acknowledge(
        role,
        'AwsSolutions::AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:bedrock:<AWS::Region>:<AWS::AccountId>:inference-profile/*]',
        reason,
      );
    }
  }
  const machineRole = api.retrainStateMachine.role;
  acknowledge(
    machineRole,
    'AwsSolutions::AwsSolutions-IAM5[Resource::*]',
    'X-Ray tracing and CloudWatch Logs delivery for Step Functions support no resource-level permissions.',
  );
  // The finding names the step function by its logical id, derived here so a construct move cannot stale it.
  const stepFunction = api.functions.retrainStep.node.defaultChild as CfnElement;
  acknowledge(
    machineRole,
    `AwsSolutions::AwsSolutions-IAM5[Resource::<${String(api.resolve(api.getLogicalId(stepFunction)))}.Arn>:*]`,
    'CDK grants invoke on the step function and its versions/aliases (`:*`); it is that one function.',
  );
  acknowledge(
    api,
    'AwsSolutions::AwsSolutions-APIG4',
    'GET /api/v1/aiops/health (load balancer and uptime probes) and GET /api/v1/aiops/openapi.json (the API description) are public by design; every other route has the JWT authorizer.',
  );
  const distribution = api.console.distribution;
  acknowledge(
    distribution,
    'AwsSolutions::AwsSolutions-CFR1',
    'Operators sign in from anywhere; every API call behind the distribution needs a Cognito token and a role.',
  );
  acknowledge(
    distribution,
    'AwsSolutions::AwsSolutions-CFR2',
    'A CloudFront web ACL lives in us-east-1 and is a monthly cost; the API is authenticated and throttled per route. Operators can attach their own web ACL.',
  );
  acknowledge(
    distribution,
    'AwsSolutions::AwsSolutions-CFR4',
    "Without a custom domain the distribution serves CloudFront's default certificate, whose policy is fixed at TLSv1; a custom domain with an ACM certificate can require TLS 1.2.",
  );
  // CDK's bucket-deployment handler (one per stack) copies the built console from the CDK asset
  // bucket into the site bucket and invalidates index.html and config.json.
  const deployer = api.node.children.find((c) => c.node.id.startsWith('Custom::CDKBucketDeployment'));
  if (deployer !== undefined) {
    const reason =
      "CDK's BucketDeployment handler: its managed basic-execution policy, its runtime and the object wildcards it needs to copy the console's assets are CDK's own.";
    for (const id of [
      'AwsSolutions::AwsSolutions-L1',
      'AwsSolutions::AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      'AwsSolutions::AwsSolutions-IAM5[Action::s3:Abort*]',
      'AwsSolutions::AwsSolutions-IAM5[Action::s3:DeleteObject*]',
      'AwsSolutions::AwsSolutions-IAM5[Action::s3:GetBucket*]',
      'AwsSolutions::AwsSolutions-IAM5[Action::s3:GetObject*]',
      'AwsSolutions::AwsSolutions-IAM5[Action::s3:List*]',
      'AwsSolutions::AwsSolutions-IAM5[Resource::*]',
      `AwsSolutions::AwsSolutions-IAM5[Resource::<${String(api.resolve(api.getLogicalId(api.console.bucket.node.defaultChild as CfnElement)))}.Arn>/*]`,
      `AwsSolutions::AwsSolutions-IAM5[Resource::${cdkAssetObjects(api.region)}]`,
    ])
      acknowledge(deployer, id, reason);
  }
}
