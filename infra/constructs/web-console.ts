import { Aws, Duration, Fn, Lazy, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  AllowedMethods,
  CachePolicy,
  Distribution,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  HttpVersion,
  OriginProtocolPolicy,
  OriginRequestPolicy,
  PriceClass,
  ResponseHeadersPolicy,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { HttpOrigin, S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { OAuthScope, UserPoolClient, UserPoolDomain, type IUserPool } from 'aws-cdk-lib/aws-cognito';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, CacheControl, Source } from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildWeb } from '../../web/build.ts';

/**
 * Signing in to the console: the Cognito hosted UI on a domain of the platform's user pool, and
 * a public app client for the authorization-code flow with PKCE (no secret: the page cannot keep
 * one). Its callback is the console's own URL, known once the distribution exists.
 */
export class ConsoleSignIn extends Construct {
  public readonly client: UserPoolClient;
  public readonly domain: UserPoolDomain;
  private siteUrl: string | undefined;

  public constructor(scope: Construct, id: string, props: { userPool: IUserPool; domainPrefix?: string }) {
    super(scope, id);
    this.domain = new UserPoolDomain(this, 'Domain', {
      userPool: props.userPool,
      cognitoDomain: { domainPrefix: props.domainPrefix ?? Fn.join('-', ['aiops-console', Aws.ACCOUNT_ID]) },
    });
    const callback = Lazy.string({
      produce: () => {
        if (this.siteUrl === undefined) throw new Error('ConsoleSignIn: serveAt() was never called');
        return this.siteUrl;
      },
    });
    this.client = new UserPoolClient(this, 'ConsoleClient', {
      userPool: props.userPool,
      generateSecret: false,
      authFlows: { userSrp: true },
      oAuth: {
        flows: { authorizationCodeGrant: true },
        scopes: [OAuthScope.OPENID, OAuthScope.EMAIL, OAuthScope.PROFILE],
        callbackUrls: [callback],
        logoutUrls: [callback],
      },
      preventUserExistenceErrors: true,
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.hours(12),
    });
  }

  /** The console's URL (with its trailing slash): where the hosted UI sends users back. */
  public serveAt(url: string): void {
    this.siteUrl = url;
  }

  public get authUrl(): string {
    return this.domain.baseUrl();
  }
}

export interface WebConsoleProps {
  readonly api: HttpApi;
  readonly signIn: ConsoleSignIn;
  /** A built console; built into a fresh temporary folder when left out. */
  readonly siteDir?: string;
}

/**
 * The web console in AWS: a private S3 bucket behind CloudFront (origin access control, HTTPS
 * only, security headers), with the HTTP API behind the same distribution at /api/* so the page
 * and the API share one origin (no CORS), and the sign-in settings in /config.json.
 */
export class WebConsole extends Construct {
  public readonly bucket: Bucket;
  public readonly logs: Bucket;
  public readonly distribution: Distribution;
  public readonly url: string;

  public constructor(scope: Construct, id: string, props: WebConsoleProps) {
    super(scope, id);
    const siteDir = props.siteDir ?? buildWeb(mkdtempSync(path.join(tmpdir(), 'aiops-web-'))).outDir;

    this.logs = new Bucket(this, 'AccessLogs', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      // CloudFront standard logging writes with ACLs.
      objectOwnership: ObjectOwnership.OBJECT_WRITER,
      lifecycleRules: [{ expiration: Duration.days(90) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.bucket = new Bucket(this, 'Site', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      serverAccessLogsBucket: this.logs,
      serverAccessLogsPrefix: 'site/',
      removalPolicy: RemovalPolicy.DESTROY,
    });

    const authUrl = props.signIn.authUrl;
    const headers = new ResponseHeadersPolicy(this, 'SecurityHeaders', {
      comment: 'AIOps console: CSP, HSTS, no framing, no sniffing, no referrer',
      securityHeadersBehavior: {
        contentSecurityPolicy: {
          contentSecurityPolicy: Fn.join('', [
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self' ",
            authUrl,
            "; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
          ]),
          override: true,
        },
        strictTransportSecurity: { accessControlMaxAge: Duration.days(365), includeSubdomains: true, override: true },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: HeadersFrameOption.DENY, override: true },
        referrerPolicy: { referrerPolicy: HeadersReferrerPolicy.NO_REFERRER, override: true },
      },
    });
    const region = Stack.of(this).region;
    this.distribution = new Distribution(this, 'Distribution', {
      comment: 'AIOps console and API',
      defaultRootObject: 'index.html',
      httpVersion: HttpVersion.HTTP2_AND_3,
      priceClass: PriceClass.PRICE_CLASS_100,
      enableLogging: true,
      logBucket: this.logs,
      logFilePrefix: 'cloudfront/',
      defaultBehavior: {
        origin: S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        cachePolicy: CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: headers,
        compress: true,
      },
      additionalBehaviors: {
        // The API, uncached; with caching disabled the AllViewer policies forward Authorization.
        '/api/*': {
          origin: new HttpOrigin(`${props.api.apiId}.execute-api.${region}.${Aws.URL_SUFFIX}`, {
            protocolPolicy: OriginProtocolPolicy.HTTPS_ONLY,
          }),
          viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
          allowedMethods: AllowedMethods.ALLOW_ALL,
          cachePolicy: CachePolicy.CACHING_DISABLED,
          originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
          compress: true,
        },
      },
    });
    this.url = `https://${this.distribution.distributionDomainName}/`;
    props.signIn.serveAt(this.url);

    // Hashed assets are cached for a year; index.html and config.json are revalidated every time.
    new BucketDeployment(this, 'Assets', {
      sources: [Source.asset(siteDir, { exclude: ['index.html'] })],
      destinationBucket: this.bucket,
      cacheControl: [CacheControl.fromString('public, max-age=31536000, immutable')],
      prune: false,
    });
    new BucketDeployment(this, 'Entry', {
      sources: [
        Source.asset(siteDir, { exclude: ['*', '!index.html'] }),
        Source.jsonData('config.json', {
          mode: 'cognito',
          apiUrl: '',
          authUrl,
          clientId: props.signIn.client.userPoolClientId,
        }),
      ],
      destinationBucket: this.bucket,
      cacheControl: [CacheControl.noCache()],
      prune: false,
      distribution: this.distribution,
      distributionPaths: ['/index.html', '/config.json'],
    });
  }
}
